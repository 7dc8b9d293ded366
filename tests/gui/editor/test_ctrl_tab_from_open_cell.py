"""Ctrl+Tab from a table cell being typed in leaves the table for its "More of the row" tick.
Found entering reference case 1 by keyboard in a real window: in Diagnoses, 'CML' typed in Entity
then Tab opened the next cell, and Ctrl+Tab there went on to the cell after it (Qt's delegate
took it for Tab); only Escape, which takes the cell's typing back, let Ctrl+Tab leave. Now the
cell is stored as Tab stores it and focus goes to the tick (Ctrl+Shift+Tab: before the table)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.gui.conftest import press
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist, focused


def _diagnoses(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    panel = typist.go_to_section("Diagnoses & reasoning").tables["diagnoses"]
    panel.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    typist.key(Qt.Key.Key_F2)
    typist.type("d0")
    typist.key(Qt.Key.Key_Tab)
    typist.type("initial")
    typist.key(Qt.Key.Key_Tab)
    return typist, panel


def test_ctrl_tab_in_an_open_cell_goes_to_more_of_the_row(qtbot, window, casebook):
    typist, panel = _diagnoses(qtbot, window)
    typist.type("CML")  # Entity's editor is open
    assert panel.view.state() == QAbstractItemView.State.EditingState
    typist.key(Qt.Key.Key_Tab, CTRL)
    group = panel.row_form.parentWidget()
    assert focused() is group, focused()
    assert panel.view.state() != QAbstractItemView.State.EditingState
    diagnosis = window.editor.current_case().diagnoses[0]
    assert (diagnosis.day.day, diagnosis.role, diagnosis.entity) == (0, "initial", "CML")
    typist.key(Qt.Key.Key_Space)
    assert panel.row_form.isVisible()
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id()).diagnoses[0]
    assert (stored.day.day, stored.role, stored.entity) == (0, "initial", "CML")


def test_ctrl_shift_tab_in_an_open_cell_goes_before_the_table(qtbot, window):
    typist, panel = _diagnoses(qtbot, window)
    typist.type("CML")
    typist.key(Qt.Key.Key_Tab, CTRL | SHIFT)
    assert not panel.view.isAncestorOf(focused()) and focused() is not panel.view
    assert focused() is not panel.row_form.parentWidget()
    assert window.editor.current_case().diagnoses[0].entity == "CML"
