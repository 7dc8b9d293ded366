"""Deleting the last saved search gives its room back to the results: the box folds to one
line ("No saved search") and the case list is as tall as before the first search was saved.
Before, the rows' room stayed an empty band under that line (about 160 px at 1024x768)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.fakes import ScriptedPrompter
from tests.gui.test_filters_room import settle
from tests.gui.test_search_panel import search_for


def test_deleting_the_last_saved_search_gives_the_list_its_room(
        qtbot, stored_references, window, casebook, prompter: ScriptedPrompter):
    window.resize(1024, 768)
    settle(qtbot)
    saved, table = window.search_panel.saved, window.case_list.table
    tall = table.height()
    search_for(qtbot, window, "drug:blinatumomab")
    prompter.script("ask_text", "Blinatumomab")
    saved.save_button.setFocus()
    qtbot.keyClick(saved.save_button, Qt.Key.Key_Space)
    settle(qtbot)
    assert saved.names() == ["Blinatumomab"] and saved.list.isVisible()
    assert table.height() < tall  # its rows show under the results
    saved.list.setFocus()
    saved.list.setCurrentRow(0)
    qtbot.keyClick(saved.list, Qt.Key.Key_Delete)
    settle(qtbot)
    assert casebook.search.list_saved() == []
    assert saved.title.text() == "No saved search" and not saved.list.isVisible()
    assert saved.height() <= saved.save_button.sizeHint().height() + 2
    assert abs(table.height() - tall) <= 2, (table.height(), tall)
