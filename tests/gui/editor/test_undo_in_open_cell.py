"""Ctrl+Z in a table cell just opened by Tab undoes the last stored change (stranger run, a
hematology fellow): 0,002 typed in an MRD cell, then Tab (which opens the next cell for typing),
then Ctrl+Z changed nothing: the open cell's line edit took the key for its own undo, which had
nothing to take back. Only after Escape did Ctrl+Z work (the toolbar's Undo always did). In a cell
with typed text, Ctrl+Z takes back that typing first, as in any line edit; the next Ctrl+Z the
last stored change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def mrd_row_at_value(qtbot, window):
    """A new case's first MRD row (d30, BM, MFC), the cursor on its MRD cell."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    mrd.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    column = mrd.table_model.column_of("value_fraction")
    while mrd.view.currentIndex().column() != column:
        text = {"day": "d30", "specimen": "BM", "method": "MFC"}.get(
            mrd.table_model.columns[mrd.view.currentIndex().column()].key, "")
        if text:
            typist.type(text[0])
            typist.type(text[1:])
        typist.key(Qt.Key.Key_Tab)
    return typist, mrd, column


def _value(window):
    return window.editor.current_case().mrd_assessments[0].value_fraction


def open_line() -> QLineEdit:
    widget = QApplication.focusWidget()
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    assert isinstance(line, QLineEdit), widget
    return line


def test_ctrl_z_in_the_cell_tab_opened_undoes_the_value_stored(qtbot, window, casebook):
    typist, mrd, column = mrd_row_at_value(qtbot, window)
    typist.type("0")
    typist.type(",002")
    typist.key(Qt.Key.Key_Tab)
    assert _value(window) == 0.002
    assert mrd.view.state() == mrd.view.State.EditingState  # Tab opened the next cell
    next_cell = mrd.view.currentIndex()
    typist.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _value(window) is None
    assert mrd.view.view_index(0, column).data() == ""
    assert mrd.view.currentIndex() == next_cell  # the cursor stays where it was
    typist.key(Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _value(window) == 0.002
    typist.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].value_fraction is None
    assert stored.mrd_assessments[0].method == "MFC"


def test_ctrl_z_takes_back_the_typing_first_then_the_stored_change(qtbot, window, casebook):
    typist, mrd, column = mrd_row_at_value(qtbot, window)
    typist.type("0")
    typist.type(",002")
    typist.key(Qt.Key.Key_Tab)
    lod = mrd.view.currentIndex()
    assert mrd.table_model.columns[mrd.view.proxy.mapToSource(lod).column()].key == "lod_fraction"
    typist.type("0,0001")  # typed in the open Limit of detection cell
    assert open_line().text() == "0,0001"
    typist.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert open_line().text() == ""  # the typing taken back, the cell still open
    assert mrd.view.state() == mrd.view.State.EditingState
    assert _value(window) == 0.002
    typist.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _value(window) is None  # then the last stored change
    assert window.editor.current_case().mrd_assessments[0].lod_fraction is None
    typist.key(Qt.Key.Key_Escape)
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].value_fraction is None
    assert stored.mrd_assessments[0].lod_fraction is None


def test_ctrl_z_in_a_choice_cell_tab_opened_and_typing_goes_on(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    mrd.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    typist.type("d")
    typist.type("30")
    typist.key(Qt.Key.Key_Tab)  # Specimen, a choice, opens
    assert window.editor.current_case().mrd_assessments[0].day.day == 30
    specimen = mrd.view.currentIndex()
    assert mrd.view.state() == mrd.view.State.EditingState
    typist.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.current_case().mrd_assessments[0].day is None
    assert mrd.view.currentIndex() == specimen
    typist.type("P")  # typing goes on in the cell the cursor is on
    typist.type("B")
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().mrd_assessments[0].specimen == "pb"
    assert window.editor.current_case().mrd_assessments[0].day is None
