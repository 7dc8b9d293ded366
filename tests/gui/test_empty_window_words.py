"""With no case open and the case list hidden (F9), the empty window says how to show the list
("Press F9 to show the case list…"), also at the next start. Found by a stranger run: it said
"Choose a case in the list" beside no list."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from tests.gui.conftest import press


def placeholder(window) -> QLabel:
    """The "No case open." words, found as a user reads them."""
    return next(label for label in window.editor_stack.findChildren(QLabel)
                if label.text().startswith("No case open."))


def words(window) -> str:
    return placeholder(window).text().replace("\n", " ")


def test_the_empty_window_says_how_to_show_a_hidden_list(qtbot, stored_references, make_window,
                                                         tmp_path):
    first = make_window()
    first.resize(1024, 768)
    QApplication.processEvents()
    assert first.session.case_id() is None and first.search_panel.isVisible()
    assert "Choose a case in the list" in words(first)
    assert "F9" not in words(first)
    press(qtbot, first, "F9")  # the list hidden
    assert not first.search_panel.isVisible() and placeholder(first).isVisible()
    assert "Press F9 to show the case list" in words(first)
    assert "Choose a case in the list" not in words(first)
    first.close()  # quit, start again
    second = make_window()
    second.resize(1024, 768)
    qtbot.wait(20)
    QApplication.processEvents()
    second.grab().save(str(tmp_path / "empty-list-hidden-1024x768.png"))
    assert not second.search_panel.isVisible() and placeholder(second).isVisible()
    assert "Press F9 to show the case list" in words(second), words(second)  # before: "Choose…"
    press(qtbot, second, "F9")  # shown again: the words point at it again
    assert second.search_panel.isVisible()
    assert "Choose a case in the list" in words(second) and "F9" not in words(second)
