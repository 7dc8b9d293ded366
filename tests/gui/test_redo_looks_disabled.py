"""With no case open, Redo (and Undo) in the toolbar are disabled and look it: the style's
grey arrow was drawn as dark disabled as enabled, so Redo looked usable. The disabled arrow
is now pale; enabled (a change undone in an open case), it is as dark as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from tests.gui.test_submission_kit import open_case_1


def darkest(window, action) -> int:
    """The lightness of the darkest pixel of the toolbar button's icon (its left part)."""
    [bar] = [b for b in window.findChildren(QToolBar) if b.objectName() == "main_toolbar"]
    button = bar.widgetForAction(action)
    image = button.grab().toImage()
    icon_width = min(image.width(), 24)
    return min(image.pixelColor(x, y).lightness()
               for x in range(icon_width) for y in range(image.height()))


def test_redo_looks_disabled_with_no_case_open(qtbot, stored_references, make_window,
                                                prompter):
    window = make_window()
    redo, undo = window.commands.redo, window.commands.undo
    assert not redo.isEnabled() and not undo.isEnabled()
    disabled = darkest(window, redo)
    assert darkest(window, undo) > 150  # pale, as the other disabled buttons

    open_case_1(qtbot, window)
    window.editor.focus_path("case_report.title")
    qtbot.keyClicks(window.focusWidget(), "x")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    undo.trigger()
    assert redo.isEnabled()
    enabled = darkest(window, redo)
    assert enabled < 120 and disabled > 150  # the arrow is dark only when Redo can be used
    prompter.script("confirm_unsaved", "discard")
    window.commands.close_case.trigger()
    qtbot.waitUntil(lambda: not window.session.is_open())
    assert not redo.isEnabled() and darkest(window, redo) > 150
