"""A name the drug dictionary lists for more than one drug names none in the editor (code
review of 9956a84): "CAR-T", a synonym of both tisagenlecleucel and brexucabtagene autoleucel in
resources/vocab/drug.json, typed in a Drug cell or as a Cellular therapy's Product was stored as
tisagenlecleucel with ATC L01XL04 (the first entry listing it: a Tecartus patient recorded as
Kymriah), V38 quiet. Now it is kept as typed, no ATC filled, and V38 asks which of the two was
given."""

from __future__ import annotations

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_drug_fills_atc import _admins, _cell, _new_row

C1 = "SEED-C1-CAO2023"
CELLULAR = "Radiotherapy, procedures, HSCT, cellular therapy"


def _findings(editor, path: str) -> list:
    editor.feedback_runner.wait()
    return [f for f in editor.problems_panel.model.findings if f.path == path]


def test_car_t_typed_as_the_drug_is_kept_and_v38_asks_which(qtbot, stored_references, window,
                                                            casebook):
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    admins = _admins(typist)
    row = _new_row(typist, admins, {"drug_inn": "CAR-T"})  # typed, then Tab

    assert _cell(admins, row, "drug_inn") == "CAR-T"
    assert not _cell(admins, row, "atc")
    [finding] = _findings(window.editor, f"treatment_lines[0].administrations[{row}].atc")
    assert finding.rule_id == "V38"
    assert "'tisagenlecleucel' or 'brexucabtagene autoleucel'" in finding.message
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    saved = casebook.cases.open_case(C1).treatment_lines[0].administrations[row]
    assert (saved.drug_inn, saved.atc) == ("CAR-T", None)


def test_car_t_as_a_cellular_product_is_kept_and_tecartus_is_brexucabtagene(editor, qtbot):
    typist = Typist(qtbot, editor)
    typist.go_to_section(CELLULAR)
    therapies = editor.section_page(CELLULAR).tables["cellular_therapies"]
    typist.add_rows(therapies, [{"product": "CAR-T"}], lambda panel, r: None)
    therapy = editor.current_case().cellular_therapies[0]
    assert (therapy.product, therapy.atc) == ("CAR-T", None)
    [finding] = _findings(editor, "cellular_therapies[0].atc")
    assert "'tisagenlecleucel' or 'brexucabtagene autoleucel'" in finding.message

    typist.add_rows(therapies, [{"product": "Tecartus"}], lambda panel, r: None)
    therapy = editor.current_case().cellular_therapies[1]
    assert (therapy.product, therapy.atc) == ("brexucabtagene autoleucel", "L01XL06")


