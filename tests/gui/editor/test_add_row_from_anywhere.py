"""Ctrl+Shift+N (Add row) works wherever the cursor is in the window while a table's section
shows, as the README's key table and Figures' Add figure… promise. Found by a stranger run:
pressed in the section list (where the keyboard is after choosing the section) it did nothing,
the table's own shortcut only acting with the cursor in that table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press

C1 = "SEED-C1-CAO2023"


def rows(casebook, name):
    return len(getattr(casebook.cases.open_case(C1), name))


def test_ctrl_shift_n_in_the_section_list_adds_a_row(qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    before = rows(casebook, "labs")
    window.editor.show_section("Labs")
    press(qtbot, window, "Ctrl+L")
    assert window.focusWidget() is window.editor.section_list
    press(qtbot, window, "Ctrl+Shift+N")
    labs = window.editor.section_page("Labs").tables["labs"]
    assert labs.table_model.rowCount() == before + 1
    assert labs.view.isAncestorOf(QApplication.focusWidget()) or \
        QApplication.focusWidget() is labs.view  # the cursor in the new row, to type in it
    assert labs.view.current_storage_row() == before
    press(qtbot, window, "Ctrl+S")
    assert rows(casebook, "labs") == before + 1
    assert window.editor.current_section() == "Labs"


def test_ctrl_shift_n_in_a_form_goes_to_the_table_last_used(qtbot, stored_references, window,
                                                            casebook):
    """A page with tables and a form: the table the cursor was last in gets the row; a table
    holding the cursor adds its own (one row, not two)."""
    open_from_list(qtbot, window, C1)
    name = "Radiotherapy, procedures, HSCT, cellular therapy"
    window.editor.show_section(name)
    page = window.editor.section_page(name)
    procedures = page.tables["procedures"]
    procedures.view.setFocus()
    before = procedures.table_model.rowCount()
    press(qtbot, window, "Ctrl+Shift+N")  # in the table: its own row
    assert procedures.table_model.rowCount() == before + 1
    press(qtbot, window, "Escape")
    press(qtbot, window, "Ctrl+L")
    press(qtbot, window, "Ctrl+Shift+N")
    assert procedures.table_model.rowCount() == before + 2
    assert page.tables["radiotherapy"].table_model.rowCount() == rows(casebook, "radiotherapy")
    assert procedures.view.current_storage_row() == before + 1
    assert window.focusWidget() is not window.editor.section_list
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)


def test_ctrl_shift_n_adds_nothing_to_a_read_only_case(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    window.editor.show_section("Labs")
    labs = window.editor.section_page("Labs").tables["labs"]
    before = labs.table_model.rowCount()
    window.editor.set_read_only(True)
    press(qtbot, window, "Ctrl+L")
    press(qtbot, window, "Ctrl+Shift+N")
    assert labs.table_model.rowCount() == before
    assert not window.session.is_dirty()
