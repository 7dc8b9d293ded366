"""Ctrl+Y (and Ctrl+Shift+Z) pressed in a table cell open for typing whose text the case does
not hold yet (a date before Tab, a part-typed choice): the cell closed without storing it, so
the typed text was dropped, while the toolbar's Redo stores the cell as Tab would first
(found after 1460152). Now the keys do what the window's Redo does: with nothing to redo the
cell is stored; with a change to redo, it is redone and the typing stays open (review). And
the toolbar's Undo, greyed out with a typed date as the only change, is enabled while the open
cell holds typing it takes back. The window's Undo and Redo themselves: test_window_undo_in_open_cell.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.conftest import press
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist
from tests.gui.editor.test_undo_in_open_cell import open_line
from tests.gui.editor.test_window_undo_in_open_cell import click_toolbar

REDO_KEYS = {"Ctrl+Y": CTRL, "Ctrl+Shift+Z": CTRL | SHIFT}
KEY = {"Ctrl+Y": Qt.Key.Key_Y, "Ctrl+Shift+Z": Qt.Key.Key_Z}
C1 = "SYN-REDO-00001"


def _mrd(window):
    return window.editor.current_case().mrd_assessments


def new_mrd_row(qtbot, window):
    """A new case's MRD table with a row added, the cursor on its When cell."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    mrd.view.setFocus()
    typist.key(Qt.Key.Key_N, CTRL | SHIFT)  # Add row
    return typist, mrd


@pytest.mark.parametrize("key", list(REDO_KEYS))
def test_redo_key_in_a_cell_stores_the_date_typed(qtbot, window, casebook, key):
    typist, mrd = new_mrd_row(qtbot, window)
    typist.type("d")
    typist.type("30")
    assert open_line().text() == "d30"
    assert _mrd(window)[0].day is None  # a date is stored at Tab
    typist.key(KEY[key], REDO_KEYS[key])
    assert mrd.view.state() != mrd.view.State.EditingState  # closed, as the toolbar's Redo
    assert mrd.view.currentIndex().data() == "d30"  # what it shows...
    assert _mrd(window)[0].day.day == 30  # ...is what the case holds
    assert len(_mrd(window)) == 1
    assert window.editor.unstored_inputs() == []
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert len(stored.mrd_assessments) == 1 and stored.mrd_assessments[0].day.day == 30


@pytest.mark.parametrize("key", list(REDO_KEYS))
def test_redo_key_after_an_undo_redoes_and_keeps_the_choice_typed(
        qtbot, window, casebook, key):
    """A change to redo: the redo is done and the part-typed choice stays in its open cell
    (storing it first left nothing to redo: test_redo_over_typing.py)."""
    typist, mrd = new_mrd_row(qtbot, window)
    typist.type("d")
    typist.type("30")
    typist.key(Qt.Key.Key_Tab)  # stored; Specimen opens
    typist.type("B")
    typist.type("M")
    typist.key(Qt.Key.Key_Tab)  # stored; Method opens
    assert _mrd(window)[0].specimen == "bm"
    typist.key(Qt.Key.Key_Z, CTRL)  # the specimen undone: a redo to come
    assert _mrd(window)[0].specimen is None
    assert window.commands.redo.isEnabled()
    typist.type("M")
    typist.type("F")  # a part-typed choice: MFC proposed, nothing stored yet
    assert open_line().text() == "MFC"
    assert _mrd(window)[0].method is None
    typist.key(KEY[key], REDO_KEYS[key])
    assert _mrd(window)[0].specimen == "bm"  # redone
    assert not window.commands.redo.isEnabled()
    assert mrd.view.state() == mrd.view.State.EditingState  # the typing still open
    assert open_line().text() == "MFC"
    assert _mrd(window)[0].method is None
    typist.key(Qt.Key.Key_Tab)  # stored as Tab stores it
    assert _mrd(window)[0].method == "MFC"
    assert _mrd(window)[0].day.day == 30
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].method == "MFC"
    assert stored.mrd_assessments[0].specimen == "bm"
    assert stored.mrd_assessments[0].day.day == 30


def test_toolbar_undo_is_enabled_for_a_date_typed_in_a_cell(qtbot, window, casebook):
    casebook.cases.import_cases([Case(case_id=C1, case_report={"title": "MRD row"},
                                      mrd_assessments=[{"specimen": "bm", "method": "MFC"}])])
    assert window.session.open_case(C1)
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    day = mrd.view.view_index(0, mrd.table_model.column_of("day"))
    qtbot.mouseClick(mrd.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=mrd.view.visualRect(day).center())
    assert mrd.view.currentIndex() == day
    assert not window.editor.undo_stack.canUndo()  # nothing stored changed
    assert not window.commands.undo.isEnabled()
    typist.type("d")
    typist.type("30")
    assert open_line().text() == "d30" and _mrd(window)[0].day is None
    assert window.commands.undo.isEnabled()  # Undo takes the typed date back
    assert "typed in the open When cell" in window.commands.undo.toolTip()
    assert window.commands.undo.statusTip() == window.commands.undo.toolTip()
    click_toolbar(qtbot, window, window.commands.undo)
    assert mrd.view.state() != mrd.view.State.EditingState
    assert mrd.view.currentIndex().data() == ""  # the date taken back
    assert _mrd(window)[0].day is None and _mrd(window)[0].method == "MFC"
    assert not window.commands.undo.isEnabled()  # nothing else to undo
    assert window.commands.undo.toolTip() == "Undo the last change"
    assert not window.session.is_dirty()
    typist.type("d")
    typist.type("45")
    typist.key(Qt.Key.Key_Tab)  # stored: Undo takes back a stored change now
    assert window.commands.undo.isEnabled()
    assert window.commands.undo.toolTip() == "Undo the last change"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C1)
    assert stored.mrd_assessments[0].day.day == 45
    assert stored.mrd_assessments[0].method == "MFC"
