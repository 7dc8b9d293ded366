"""Undo of a removed table row makes the restored row the current, selected one (the cursor
back where it was when the row was removed), also with the focus elsewhere at the Undo. Found
by a stranger run: after Ctrl+Delete and Ctrl+Z the row was back but the cursor stayed on the
row that had taken its place, so the next Ctrl+Delete removed the wrong row."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press

C1 = "SEED-C1-CAO2023"


def selected_rows(view) -> list[int]:
    return sorted({view.proxy.mapToSource(i).row()
                   for i in view.selectionModel().selectedIndexes()})


def test_undo_of_remove_row_makes_the_restored_row_current(qtbot, stored_references, window,
                                                           casebook):
    open_from_list(qtbot, window, C1)
    window.editor.show_section("Labs")
    labs = window.editor.section_page("Labs").tables["labs"]
    view, model = labs.view, labs.table_model
    count = model.rowCount()
    stored = casebook.cases.open_case(C1).labs
    view.setFocus()
    view.go_to(3, 2)
    removed = model.record(3)
    press(qtbot, window, "Ctrl+Delete")
    assert model.rowCount() == count - 1
    assert model.record(3) != removed
    press(qtbot, window, "Ctrl+Z")
    assert model.rowCount() == count and model.record(3) == removed
    assert view.current_storage_row() == 3
    assert view.currentIndex().column() == 2
    assert selected_rows(view) == [3]
    assert QApplication.focusWidget() is view
    press(qtbot, window, "Ctrl+Delete")  # removes the row the cursor is on: the restored one
    assert model.record(3) != removed and model.rowCount() == count - 1
    press(qtbot, window, "Ctrl+Z")
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C1).labs == stored  # all back, nothing else changed


def test_undo_from_the_section_list_shows_the_restored_row(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    window.editor.show_section("Labs")
    labs = window.editor.section_page("Labs").tables["labs"]
    view, model = labs.view, labs.table_model
    view.setFocus()
    view.go_to(5, 1)
    removed = model.record(5)
    press(qtbot, window, "Ctrl+Delete")
    view.go_to(0, 1)
    press(qtbot, window, "Ctrl+L")
    window.commands.undo.trigger()  # Edit › Undo, the cursor in the section list
    assert model.record(5) == removed
    assert view.current_storage_row() == 5
    assert selected_rows(view) == [5]
