"""Diagnoses › Lineage evidence in the editor: an id that names no immunophenotype panel or
molecular test of the case was stored with no word but the PDF's bare '#999'. It is now listed in
Problems (V33, as a response's Based on, fc50d5d) at its cell, a draft still saves with it,
Enter in Problems goes back to the cell, and typing a held Id clears it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press
from tests.gui.test_unstored_input import problem_messages

C1 = "SEED-C1-CAO2023"  # immunophenotype panels 201-203, molecular tests 301-306
PATH = "diagnoses[0].lineage_evidence"


def v33_rows(window) -> list[int]:
    model = window.editor.problems_panel.model
    return [row for row in range(model.rowCount())
            if model.data(model.index(row, 1)) == "V33"
            and model.data(model.index(row, 3)) == PATH]


def lineage_panel(window):
    return window.editor.section_page("Diagnoses & reasoning").tables["diagnoses"]


def type_in_cell(qtbot, window, text: str) -> None:
    window.editor.focus_path(PATH)
    view = lineage_panel(window).view
    assert window.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_F2)
    cell = window.focusWidget()
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # stores the cell
    window.editor.feedback_runner.wait()


def test_a_lineage_id_of_no_record_is_a_problem_at_its_cell(qtbot, stored_references, window,
                                                            casebook):
    open_from_list(qtbot, window, C1)
    assert v33_rows(window) == []
    type_in_cell(qtbot, window, "201, 999")
    assert window.editor.current_case().diagnoses[0].lineage_evidence == [201, 999]
    qtbot.waitUntil(lambda: len(v33_rows(window)) == 1, timeout=5000)
    model = window.editor.problems_panel.model
    message = problem_messages(window)[v33_rows(window)[0]]  # without a narrow panel's mark
    assert message.startswith(
        "No immunophenotype panel or molecular test of this case has Id 999"), message
    # the field in words, under the message, from its entry of the section list
    assert message.endswith("\nDiagnoses & reasoning › Diagnoses › row 1 › Lineage evidence")

    press(qtbot, window, "Ctrl+S")  # a draft saves, problem and all
    qtbot.waitUntil(lambda: not window.editor.is_dirty(), timeout=5000)
    assert casebook.cases.open_case(C1).diagnoses[0].lineage_evidence == [201, 999]

    view = window.editor.problems_panel.view
    window.editor.problems_panel.setFocus()
    view.setCurrentIndex(model.index(v33_rows(window)[0], 2))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter goes to the cell
    table = lineage_panel(window)
    qtbot.waitUntil(lambda: window.focusWidget() is table.view, timeout=5000)
    assert table.view.current_storage_row() == 0
    assert table.view.currentIndex().column() == table.table_model.column_of("lineage_evidence")

    type_in_cell(qtbot, window, "201, 301")
    qtbot.waitUntil(lambda: v33_rows(window) == [], timeout=5000)
