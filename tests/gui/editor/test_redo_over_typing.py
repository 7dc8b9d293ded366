"""Redo with a table cell open holding typing the case does not hold yet (found in review of
1460152 and 1e7931d): a value stored and undone, then d31 typed in the When cell without Tab,
then the toolbar's Redo (or Ctrl+Y in the cell): d31 was stored first, a new change that
cleared the redo history, so the undone value silently did not come back and Redo greyed out.
Now the change is redone and the cell stays open with d31, which Tab stores: neither is lost.
With nothing to redo, Redo still stores the typing first (test_redo_in_open_cell.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import press
from tests.gui.editor.keyboard import CTRL, SHIFT
from tests.gui.editor.test_undo_in_open_cell import mrd_row_at_value, open_line
from tests.gui.editor.test_window_undo_in_open_cell import click_toolbar

REDO_KEYS = {"Ctrl+Y": (Qt.Key.Key_Y, CTRL), "Ctrl+Shift+Z": (Qt.Key.Key_Z, CTRL | SHIFT)}


def _mrd(window):
    return window.editor.current_case().mrd_assessments


def value_undone_then_date_typed(qtbot, window):
    """0,002 typed in MRD's value and Tab (stored), the toolbar's Undo (undone), then a click
    on the row's When cell (d30) and d31 typed there, no Tab."""
    typist, mrd, column = mrd_row_at_value(qtbot, window)
    typist.type("0")
    typist.type(",002")
    typist.key(Qt.Key.Key_Tab)  # stored; Limit of detection opens
    assert _mrd(window)[0].value_fraction == 0.002
    click_toolbar(qtbot, window, window.commands.undo)
    assert _mrd(window)[0].value_fraction is None
    assert window.commands.redo.isEnabled()
    day = mrd.view.view_index(0, mrd.table_model.column_of("day"))
    qtbot.mouseClick(mrd.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=mrd.view.visualRect(day).center())
    assert mrd.view.currentIndex() == day
    typist.type("d")
    typist.type("31")
    assert open_line().text() == "d31"
    assert _mrd(window)[0].day.day == 30  # a date is stored at Tab
    assert window.commands.redo.isEnabled()  # typing is no change to the undo history
    return typist, mrd, column, day


def _redone_and_kept(qtbot, window, casebook, typist, mrd, column, day):
    assert _mrd(window)[0].value_fraction == 0.002  # the redo done...
    assert mrd.view.view_index(0, column).data() == "0.002"
    assert mrd.view.state() == mrd.view.State.EditingState  # ...and the typing still open
    assert mrd.view.currentIndex() == day
    assert open_line().text() == "d31"
    assert _mrd(window)[0].day.day == 30  # not stored yet: Tab stores it
    assert not window.commands.redo.isEnabled()  # nothing more to redo
    assert "typed in the open When cell is kept" in window.statusBar().currentMessage()
    typist.key(Qt.Key.Key_Tab)
    assert mrd.view.view_index(0, day.column()).data() == "d31"
    assert _mrd(window)[0].day.day == 31
    assert _mrd(window)[0].value_fraction == 0.002
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert len(stored.mrd_assessments) == 1
    assert stored.mrd_assessments[0].value_fraction == 0.002
    assert stored.mrd_assessments[0].day.day == 31
    assert stored.mrd_assessments[0].method == "MFC"


def test_toolbar_redo_redoes_and_keeps_the_date_typed(qtbot, window, casebook):
    typist, mrd, column, day = value_undone_then_date_typed(qtbot, window)
    click_toolbar(qtbot, window, window.commands.redo)
    _redone_and_kept(qtbot, window, casebook, typist, mrd, column, day)


def test_edit_menu_redo_redoes_and_keeps_the_date_typed(qtbot, window, casebook):
    typist, mrd, column, day = value_undone_then_date_typed(qtbot, window)
    window.commands.redo.trigger()  # Edit › Redo
    _redone_and_kept(qtbot, window, casebook, typist, mrd, column, day)


@pytest.mark.parametrize("key", list(REDO_KEYS))
def test_redo_key_in_the_cell_redoes_and_keeps_the_date_typed(qtbot, window, casebook, key):
    typist, mrd, column, day = value_undone_then_date_typed(qtbot, window)
    typist.key(*REDO_KEYS[key])
    _redone_and_kept(qtbot, window, casebook, typist, mrd, column, day)


def test_escape_after_the_redo_takes_back_only_the_typing(qtbot, window, casebook):
    typist, mrd, column, day = value_undone_then_date_typed(qtbot, window)
    click_toolbar(qtbot, window, window.commands.redo)
    typist.key(Qt.Key.Key_Escape)
    assert mrd.view.state() != mrd.view.State.EditingState
    assert mrd.view.view_index(0, day.column()).data() == "d30"
    assert _mrd(window)[0].day.day == 30 and _mrd(window)[0].value_fraction == 0.002
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].value_fraction == 0.002
    assert stored.mrd_assessments[0].day.day == 30


def test_redo_of_a_removal_says_the_typing_in_its_row_was_not_kept(qtbot, window, casebook):
    typist, mrd, column = mrd_row_at_value(qtbot, window)
    typist.key(Qt.Key.Key_Escape)
    press(qtbot, window, "Ctrl+Delete")  # the row removed...
    assert _mrd(window) == []
    press(qtbot, window, "Ctrl+Z")  # ...and back: its removal to redo
    assert len(_mrd(window)) == 1 and window.commands.redo.isEnabled()
    day = mrd.view.view_index(0, mrd.table_model.column_of("day"))
    qtbot.mouseClick(mrd.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=mrd.view.visualRect(day).center())
    typist.type("d")
    typist.type("31")
    assert open_line().text() == "d31"
    click_toolbar(qtbot, window, window.commands.redo)
    assert _mrd(window) == []  # the removal redone: the typing had no row left
    assert mrd.view.state() != mrd.view.State.EditingState
    assert "typed in the When cell was not kept: its row was removed" in (
        window.statusBar().currentMessage())
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(window.session.case_id()).mrd_assessments == []
