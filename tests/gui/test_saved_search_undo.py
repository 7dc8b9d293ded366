"""Deleting a saved search had no way back: one slip (Delete on the wrong row) lost the
query. As with a figure removed from a case, the status bar names what was deleted and Ctrl+Z
brings it back, under its name and query, in its place; also with a case open whose own Undo
is live, and after the last one was deleted (the list folded away)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_as_draft, type_title
from tests.gui.test_search_panel import search_for

C1 = "SEED-C1-CAO2023"
QUERIES = {"Blinatumomab": "drug:blinatumomab", "CNS3 on blinatumomab":
           "cns:CNS3 drug:blinatumomab", "Inotuzumab": "drug:inotuzumab"}


def settle(qtbot) -> None:
    qtbot.wait(20)
    QApplication.processEvents()


def save_searches(qtbot, window, prompter, names) -> None:
    """Each search typed into the box and kept with Save search…, named as the user types."""
    saved = window.search_panel.saved
    for name in names:
        search_for(qtbot, window, QUERIES[name])
        prompter.script("ask_text", name)
        qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert saved.names() == sorted(names)


def click_saved(qtbot, window, name: str) -> None:
    saved = window.search_panel.saved
    item = saved.list.item(saved.names().index(name))
    qtbot.mouseClick(saved.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=saved.list.visualItemRect(item).center())
    assert saved.list.currentItem() is item


def undo_key(qtbot, window) -> None:
    """Ctrl+Z where the focus is, as the user presses it."""
    target = QApplication.focusWidget()
    assert target is not None and window.isAncestorOf(target)
    qtbot.keyClick(target, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)


def status(window) -> str:
    return window.statusBar().currentMessage()


def test_ctrl_z_brings_a_deleted_saved_search_back_in_its_place(
        qtbot, stored_references, window, casebook, prompter):
    window.resize(1280, 800)
    save_searches(qtbot, window, prompter, list(QUERIES))
    before = casebook.search.list_saved()
    saved = window.search_panel.saved

    click_saved(qtbot, window, "CNS3 on blinatumomab")
    qtbot.keyClick(saved.list, Qt.Key.Key_Delete)
    settle(qtbot)
    assert saved.names() == ["Blinatumomab", "Inotuzumab"]
    assert [s.name for s in casebook.search.list_saved()] == ["Blinatumomab", "Inotuzumab"]
    assert status(window) == 'Deleted saved search "CNS3 on blinatumomab" (Ctrl+Z brings it back).'
    assert saved.undo_action in saved.list.actions() and saved.undo_action.isEnabled()
    assert 'Undo delete of "CNS3 on blinatumomab"' in saved.undo_action.text()

    undo_key(qtbot, window)
    assert saved.names() == list(QUERIES)
    assert saved.list.currentRow() == 1 and saved.list.hasFocus()
    assert saved.list.item(1).toolTip() == QUERIES["CNS3 on blinatumomab"]
    assert casebook.search.list_saved() == before  # name, query and time saved, as they were
    assert status(window) == 'Saved search "CNS3 on blinatumomab" is back.'
    assert not saved.undo_action.isEnabled()

    undo_key(qtbot, window)  # nothing more to bring back: nothing changes
    assert casebook.search.list_saved() == before and prompter.asked[-1][0] == "ask_text"


def test_ctrl_z_in_the_list_leaves_the_open_cases_undo_alone(
        qtbot, stored_references, window, casebook, prompter):
    window.resize(1920, 1080)
    settle(qtbot)
    open_as_draft(qtbot, casebook, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    field = type_title(qtbot, window, "Typed before the slip")
    qtbot.waitUntil(window.commands.undo.isEnabled)  # Edit › Undo would undo the typing
    save_searches(qtbot, window, prompter, ["Blinatumomab", "Inotuzumab"])
    saved = window.search_panel.saved
    assert window.search_panel.isVisible()

    click_saved(qtbot, window, "Inotuzumab")
    qtbot.keyClick(saved.list, Qt.Key.Key_Delete)
    settle(qtbot)
    assert saved.names() == ["Blinatumomab"]
    undo_key(qtbot, window)
    assert saved.names() == ["Blinatumomab", "Inotuzumab"]
    assert [s.query for s in casebook.search.list_saved()] == [
        "drug:blinatumomab", "drug:inotuzumab"]
    assert field.text() == "Typed before the slip"  # the case's typing not undone
    assert window.commands.undo.isEnabled() and window.session.is_dirty()


def test_the_last_one_deleted_comes_back_too(qtbot, stored_references, window, casebook,
                                             prompter):
    window.resize(1024, 768)
    save_searches(qtbot, window, prompter, ["Blinatumomab"])
    saved = window.search_panel.saved
    kept = casebook.search.list_saved()
    click_saved(qtbot, window, "Blinatumomab")
    qtbot.keyClick(saved.list, Qt.Key.Key_Backspace)
    settle(qtbot)
    assert saved.names() == [] and not saved.list.isVisible()  # folded to one line
    assert casebook.search.list_saved() == []
    assert status(window).startswith('Deleted saved search "Blinatumomab"')
    assert saved.save_button.hasFocus()  # where Ctrl+Z is still heard

    undo_key(qtbot, window)
    assert saved.names() == ["Blinatumomab"] and saved.list.isVisible()
    assert casebook.search.list_saved() == kept
    assert saved.list.currentRow() == 0


def test_a_search_saved_again_under_the_name_is_not_replaced_by_undo(
        qtbot, stored_references, window, casebook, prompter):
    window.resize(1280, 800)
    save_searches(qtbot, window, prompter, ["Blinatumomab"])
    saved = window.search_panel.saved
    click_saved(qtbot, window, "Blinatumomab")
    qtbot.keyClick(saved.list, Qt.Key.Key_Delete)
    search_for(qtbot, window, "drug:blinatumomab cns:CNS3")
    prompter.script("ask_text", "Blinatumomab")
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not saved.undo_action.isEnabled()
    saved.list.setFocus()
    undo_key(qtbot, window)
    assert [s.query for s in casebook.search.list_saved()] == ["drug:blinatumomab cns:CNS3"]
    assert not [k for k, _ in prompter.asked if k == "error"]
