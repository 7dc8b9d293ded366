"""The toolbar's Undo (and Edit › Undo) with a table cell open for typing (stranger run): the
stored change was undone but the cell's editor stayed open showing its old text, and the next
Tab stored that text back, so the undo silently did not happen. Now the cell closes first:
typing stored as it was typed is one step that Undo takes back and Redo puts back; text not
stored yet (a date before Tab) is what the Undo takes back, as Escape does. The cell's own
Ctrl+Z is tests/gui/editor/test_undo_in_open_cell.py's."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import press
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist
from tests.gui.editor.test_undo_in_open_cell import mrd_row_at_value, open_line


def click_toolbar(qtbot, window, action) -> None:
    """A click on the toolbar's button for ``action`` (Undo, Redo), as the user clicks it."""
    button = window.toolbar.widgetForAction(action)
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _mrd(window):
    return window.editor.current_case().mrd_assessments


def test_toolbar_undo_takes_back_the_typing_in_the_open_cell(qtbot, window, casebook):
    typist, mrd, column = mrd_row_at_value(qtbot, window)
    typist.type("0")
    typist.type(",002")  # stored as typed (live), the cell still open
    assert _mrd(window)[0].value_fraction == 0.002
    value_cell = mrd.view.currentIndex()
    click_toolbar(qtbot, window, window.commands.undo)
    assert mrd.view.state() != mrd.view.State.EditingState  # closed: no old text left open
    assert mrd.view.view_index(0, column).data() == ""  # what it shows...
    assert _mrd(window)[0].value_fraction is None  # ...is what the case holds
    assert _mrd(window)[0].method == "MFC"  # only the typing: one step
    assert mrd.view.currentIndex() == value_cell  # the cursor stays where it was
    typist.key(Qt.Key.Key_Tab)  # stores nothing back
    assert _mrd(window)[0].value_fraction is None
    assert mrd.view.view_index(0, column).data() == ""
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].value_fraction is None
    assert stored.mrd_assessments[0].method == "MFC"


def test_toolbar_redo_puts_the_typing_back(qtbot, window, casebook):
    typist, mrd, column = mrd_row_at_value(qtbot, window)
    typist.type("0")
    typist.type(",002")
    click_toolbar(qtbot, window, window.commands.undo)
    assert _mrd(window)[0].value_fraction is None
    click_toolbar(qtbot, window, window.commands.redo)
    assert _mrd(window)[0].value_fraction == 0.002
    assert mrd.view.view_index(0, column).data() == "0.002"
    typist.key(Qt.Key.Key_F2)  # the cell opened again shows what is stored
    assert open_line().text() == "0.002"
    typist.key(Qt.Key.Key_Tab)
    assert _mrd(window)[0].value_fraction == 0.002
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].value_fraction == 0.002


def test_edit_menu_undo_from_the_cell_tab_opened_closes_it_first(qtbot, window, casebook):
    typist, mrd, column = mrd_row_at_value(qtbot, window)
    typist.type("0")
    typist.type(",002")
    typist.key(Qt.Key.Key_Tab)  # stored; Limit of detection opens for typing
    assert mrd.view.state() == mrd.view.State.EditingState
    lod = mrd.view.currentIndex()
    window.commands.undo.trigger()  # Edit › Undo
    assert _mrd(window)[0].value_fraction is None
    assert mrd.view.view_index(0, column).data() == ""
    assert mrd.view.state() != mrd.view.State.EditingState  # closed, not showing old text
    assert mrd.view.currentIndex() == lod  # the cursor stays where it was
    typist.key(Qt.Key.Key_F2)  # Limit of detection open again, nothing typed
    window.commands.redo.trigger()  # Edit › Redo
    assert _mrd(window)[0].value_fraction == 0.002
    assert mrd.view.view_index(0, column).data() == "0.002"
    assert mrd.view.state() != mrd.view.State.EditingState
    window.commands.undo.trigger()
    typist.type("0")  # typing goes on in the cell the cursor is on
    typist.type(",0001")
    typist.key(Qt.Key.Key_Tab)
    assert _mrd(window)[0].value_fraction is None
    assert _mrd(window)[0].lod_fraction == 0.0001
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].value_fraction is None
    assert stored.mrd_assessments[0].lod_fraction == 0.0001


def test_toolbar_undo_takes_back_a_date_typed_and_not_yet_stored(qtbot, window, casebook):
    """A *when* cell stores its date at Tab: the Undo takes back the typed date first (as
    Escape would), not the row the user is typing it into."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    mrd.view.setFocus()
    typist.key(Qt.Key.Key_N, CTRL | SHIFT)  # Add row: the undo stack's last step
    typist.type("d")
    typist.type("30")
    assert open_line().text() == "d30"
    assert _mrd(window)[0].day is None  # not stored yet
    click_toolbar(qtbot, window, window.commands.undo)
    assert mrd.view.state() != mrd.view.State.EditingState
    assert mrd.view.currentIndex().data() == ""  # the date taken back, the row still there
    assert len(_mrd(window)) == 1 and _mrd(window)[0].day is None
    assert window.commands.undo.isEnabled()  # Add row still to undo
    typist.key(Qt.Key.Key_Tab)  # the date does not come back
    assert len(_mrd(window)) == 1 and _mrd(window)[0].day is None
    click_toolbar(qtbot, window, window.commands.undo)  # then the row itself
    assert _mrd(window) == []
    click_toolbar(qtbot, window, window.commands.redo)
    assert len(_mrd(window)) == 1
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert len(stored.mrd_assessments) == 1 and stored.mrd_assessments[0].day is None


def test_toolbar_undo_takes_back_text_the_cell_refused(qtbot, window, casebook):
    typist, mrd, column = mrd_row_at_value(qtbot, window)
    typist.type("0")
    typist.type(",0O2")  # 'O' for zero: no number, nothing of it stored
    assert _mrd(window)[0].value_fraction is None
    click_toolbar(qtbot, window, window.commands.undo)  # the typing, not the method typed before
    assert mrd.view.state() != mrd.view.State.EditingState
    assert mrd.view.view_index(0, column).data() == ""
    assert _mrd(window)[0].method == "MFC" and _mrd(window)[0].value_fraction is None
    assert window.editor.unstored_inputs() == []  # nothing left 'not stored'
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.mrd_assessments[0].method == "MFC"
    assert stored.mrd_assessments[0].value_fraction is None
