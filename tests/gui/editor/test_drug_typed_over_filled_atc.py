"""A drug typed over one whose ATC was filled for it takes that ATC away when the dictionary
does not know the new name (code review of 9956a84): methotrexate -> "pemetrexed" kept L01BA01,
so V38 said the ATC was methotrexate's and drug:methotrexate found the pemetrexed case. Now the
filled ATC goes in the same undo step (an ATC the user typed stays), also for a name several
drugs share ("CAR-T" over Kymriah). DNR, which search no longer expands (do not resuscitate), is
still daunorubicin in a Drug cell."""

from __future__ import annotations

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import Typist, focused
from tests.gui.editor.test_drug_fills_atc import (
    _admins,
    _cell,
    _new_line_admins,
    _new_row,
    _type_drug,
)

C1 = "SEED-C1-CAO2023"


def _findings(editor, path: str) -> list:
    editor.feedback_runner.wait()
    return [f for f in editor.problems_panel.model.findings if f.path == path]


def _retype_drug(typist: Typist, admins, row: int, text: str) -> None:
    _type_drug(typist, admins, row, text)
    assert focused() is admins.view


def test_an_unknown_drug_typed_over_takes_the_filled_atc_away(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _new_line_admins(typist)
    row = _new_row(typist, admins, {"drug_inn": "methotrexate"})
    assert _cell(admins, row, "atc") == "L01BA01"  # filled for methotrexate

    _retype_drug(typist, admins, row, "pemetrexed")
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("pemetrexed", None)
    assert (_cell(admins, row, "drug_inn"), _cell(admins, row, "atc") or "") == (
        "pemetrexed", "")
    [finding] = _findings(editor, f"treatment_lines[0].administrations[{row}].atc")
    assert "'pemetrexed' is not in the drug dictionary" in finding.message

    editor.ctx.undo_stack.undo()  # one step takes both back
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("methotrexate", "L01BA01")


def test_the_case_saved_holds_no_atc_of_the_drug_typed_over(qtbot, stored_references, window,
                                                           casebook):
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    admins = _admins(typist)
    row = _new_row(typist, admins, {"drug_inn": "methotrexate"})
    _retype_drug(typist, admins, row, "pemetrexed")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    saved = casebook.cases.open_case(C1).treatment_lines[0].administrations[row]
    assert (saved.drug_inn, saved.atc) == ("pemetrexed", None)  # drug:L01BA01 misses it


def test_car_t_typed_over_a_product_takes_its_filled_atc_away(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _new_line_admins(typist)
    row = _new_row(typist, admins, {"drug_inn": "Kymriah"})
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("tisagenlecleucel", "L01XL04")
    _retype_drug(typist, admins, row, "CAR-T")
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("CAR-T", None)


def test_an_atc_the_user_typed_stays_under_an_unknown_drug(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _new_line_admins(typist)
    row = _new_row(typist, admins, {"drug_inn": "methotrexate", "atc": "L01BA04"})
    _retype_drug(typist, admins, row, "pemetrexed")
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("pemetrexed", "L01BA04")


def test_dnr_in_a_drug_cell_is_daunorubicin(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _new_line_admins(typist)
    row = _new_row(typist, admins, {"drug_inn": "DNR"})
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("daunorubicin", "L01DB02")
