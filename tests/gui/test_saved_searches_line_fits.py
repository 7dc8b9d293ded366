"""The empty Saved searches line is read whole at 1024x768 (stranger finding): "None saved:
search, then" was cut to "None saved: se…" beside Save search… (the line has 110 px there).
It is now short and complete, and its tooltip says how to save a search."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.fakes import ScriptedPrompter
from tests.gui.test_filters_room import settle


def test_the_empty_line_is_whole_at_1024x768(qtbot, stored_references, window, casebook,
                                             prompter: ScriptedPrompter, tmp_path):
    window.resize(1024, 768)
    settle(qtbot)
    saved = window.search_panel.saved
    for _ in range(2):  # without and with the Filters panel open
        window.grab().save(str(tmp_path / "saved-line.png"))
        title = saved.title
        assert title.isVisible() and "…" not in title.text(), title.text()
        assert title.fontMetrics().horizontalAdvance(title.text()) <= title.width()
        assert title.text() == "No saved search"
        assert "Save search" in title.toolTip()
        qtbot.mouseClick(window.search_panel.filters_button, Qt.MouseButton.LeftButton)
        settle(qtbot)
    assert casebook.search.list_saved() == []
