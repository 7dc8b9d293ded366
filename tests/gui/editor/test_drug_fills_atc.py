"""A drug typed or pasted by a name the dictionary knows fills its ATC code: "MTX" in a
treatment line's Drug cell stored methotrexate with ATC left empty, and Problems and Mark
complete then asked for the ATC that resources/vocab/drug.json holds (L01BA01). Now the ATC
cell is filled in the same undo step; an ATC the user typed is kept. Found by a stranger run
(hematology fellow)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist, focused

C1 = "SEED-C1-CAO2023"


def _admins(typist: Typist):
    page = typist.go_to_section("Treatment")
    lines = page.tables["treatment_lines"]
    typist.select_row(lines, 0)
    return lines.detail_tables[0]


def _new_line_admins(typist: Typist):
    """A first treatment line added to a new case: its drugs table."""
    page = typist.go_to_section("Treatment")
    lines = page.tables["treatment_lines"]
    typist.add_rows(lines, [{"line_no": 1, "intent": "induction", "start_day": 1}],
                    lambda panel, r: None)
    return lines.detail_tables[0]


def _type_drug(typist: Typist, admins, row: int, text: str) -> None:
    """``text`` typed in the row's Drug cell and Enter."""
    _to_cell(typist, admins, row, "drug_inn")
    _open_cell(typist, admins)
    typist.type(text)
    typist.key(Qt.Key.Key_Return)


def _new_row(typist: Typist, admins, row: dict) -> int:
    typist.add_rows(admins, [row], lambda panel, r: None)
    return admins.table_model.rowCount() - 1


def _to_cell(typist: Typist, admins, row: int, name: str) -> None:
    assert admins.view.current_storage_row() == row  # the row just added
    view, column = admins.view, admins.table_model.column_of(name)
    while view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)


def _open_cell(typist: Typist, admins) -> None:
    assert focused() is admins.view
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, CTRL)


def _cell(admins, row: int, name: str) -> str:
    return admins.view.view_index(row, admins.table_model.column_of(name)).data()


def _atc_findings(window_or_editor, path: str) -> list:
    return [f for f in window_or_editor.problems_panel.model.findings if f.path == path]


def test_mtx_typed_as_the_drug_fills_the_atc_and_is_saved(qtbot, stored_references, window,
                                                          casebook):
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    admins = _admins(typist)
    row = _new_row(typist, admins, {"drug_inn": "MTX"})  # typed, then Tab

    assert (_cell(admins, row, "drug_inn"), _cell(admins, row, "atc")) == (
        "methotrexate", "L01BA01")
    window.editor.feedback_runner.wait()
    path = f"treatment_lines[0].administrations[{row}].atc"
    assert not _atc_findings(window.editor, path)  # no "ATC is required", no V38
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    saved = casebook.cases.open_case(C1).treatment_lines[0].administrations[row]
    assert (saved.drug_inn, saved.atc) == ("methotrexate", "L01BA01")


def test_one_undo_step_takes_back_drug_and_atc(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _new_line_admins(typist)
    row = _new_row(typist, admins, {"route": "IT"})
    _type_drug(typist, admins, row, "Ara-C")
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("cytarabine", "L01BC01")

    editor.ctx.undo_stack.undo()
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == (None, None)


def test_a_typed_atc_is_kept_and_a_filled_one_follows_the_drug(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _new_line_admins(typist)
    typed = _new_row(typist, admins, {"atc": "L01XX99"})
    _type_drug(typist, admins, typed, "MTX")
    admin = editor.current_case().treatment_lines[0].administrations[typed]
    assert (admin.drug_inn, admin.atc) == ("methotrexate", "L01XX99")  # the user's ATC

    filled = _new_row(typist, admins, {"drug_inn": "methotrexate"})
    assert _cell(admins, filled, "atc") == "L01BA01"
    _type_drug(typist, admins, filled, "VCR")  # another drug in its place
    assert focused() is admins.view
    admin = editor.current_case().treatment_lines[0].administrations[filled]
    assert (admin.drug_inn, admin.atc) == ("vincristine", "L01CA02")


def test_mtx_pasted_as_the_drug_is_methotrexate_with_its_atc(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _new_line_admins(typist)
    row = _new_row(typist, admins, {"route": "IT"})
    _to_cell(typist, admins, row, "drug_inn")
    QGuiApplication.clipboard().setText("MTX\n")
    typist.key(Qt.Key.Key_V, CTRL)
    admin = editor.current_case().treatment_lines[0].administrations[row]
    assert (admin.drug_inn, admin.atc) == ("methotrexate", "L01BA01")
    assert (_cell(admins, row, "drug_inn"), _cell(admins, row, "atc")) == (
        "methotrexate", "L01BA01")
