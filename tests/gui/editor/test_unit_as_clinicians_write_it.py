"""A lab unit is shown as a clinician writes it (stranger finding): the UCUM code stored for
a blood count, 10*9/L, is shown as ×10⁹/L in the Labs table, its derived canonical unit and
the cell being edited; what is stored stays the code, typed or pasted by any of its names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist

C1 = "SEED-C1-CAO2023"


def cell(labs, row: int, key: str) -> str:
    return labs.view.view_index(row, labs.table_model.column_of(key)).data()


def test_units_show_as_written_and_store_the_code(qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    labs = typist.go_to_section("Labs").tables["labs"]
    window.editor.feedback_runner.wait()
    stored = casebook.cases.open_case(C1).labs
    wbc = next(i for i, lab in enumerate(stored) if lab.analyte == "WBC")
    assert stored[wbc].unit_entered == "10*9/L"
    assert cell(labs, wbc, "unit_entered") == "×10⁹/L"
    assert cell(labs, wbc, "unit_canonical") == "×10⁹/L"

    typist.add_rows(labs, [{"day": 5, "analyte": "Platelets", "value_entered": 120,
                            "unit_entered": "x10^9/L"}], lambda *_: None)
    new = len(stored)
    window.editor.feedback_runner.wait()
    assert cell(labs, new, "unit_entered") == "×10⁹/L"
    assert cell(labs, new, "unit_canonical") == "×10⁹/L"
    assert "10*9" not in "".join(str(cell(labs, new, k)) for k in ("unit_entered",
                                                                     "unit_canonical"))

    # the cell opens with the shown text; Enter keeps it, and the code stays stored
    typist.select_row(labs, new)
    while labs.view.currentIndex().column() != labs.table_model.column_of("unit_entered"):
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    assert QApplication.focusWidget().text() == "×10⁹/L"
    typist.key(Qt.Key.Key_Return)

    # copied as shown, pasted into another row's unit: the code is stored, not the label
    typist.key(Qt.Key.Key_C, CTRL)
    assert QApplication.clipboard().text().strip() == "×10⁹/L"
    typist.select_row(labs, wbc)
    while labs.view.currentIndex().column() != labs.table_model.column_of("unit_entered"):
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_V, CTRL)

    press(qtbot, window, "Ctrl+S")
    saved = casebook.cases.open_case(C1).labs
    assert saved[new].analyte == "Platelets" and saved[new].unit_entered == "10*9/L"
    assert saved[wbc].unit_entered == "10*9/L"
