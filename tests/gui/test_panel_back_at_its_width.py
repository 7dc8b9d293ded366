"""A panel that gave way at 1024x768 comes back at the next start, and when a case is opened
beside it, it is either given its usual width or gives way again: never a sliver. Found by a
stranger run: a new case typed in at 1024x768 (the feedback panels gave way to it), saved, the
app closed and started again, the case opened from the list: Problems beside the form 127 px
wide, its tabs cut ("Problems | C" with scroll arrows), each message one word a line."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.panel_layout import FORM_MIN_WIDTH, MIN_SHOWN_WIDTH
from tests.gui.conftest import open_from_list, press, start_again_after_the_list_gave_way


def settle(qtbot) -> None:
    qtbot.wait(50)
    QApplication.processEvents()


def test_a_new_case_reopened_after_a_restart(qtbot, make_window):
    first = make_window()
    first.resize(1024, 768)
    settle(qtbot)
    press(qtbot, first, "Ctrl+N")
    qtbot.waitUntil(lambda: first.session.is_open())
    settle(qtbot)
    qtbot.keyClicks(first.focusWidget(), "Blinatumomab for early relapse of B-ALL")
    press(qtbot, first, "Ctrl+S")
    qtbot.waitUntil(lambda: not first.session.is_dirty())
    case_id = first.session.case_id()
    assert not first.editor.side_tabs.isVisible()  # gave way to the new case's form

    second = start_again_after_the_list_gave_way(qtbot, first, make_window)
    second.resize(1024, 768)
    settle(qtbot)
    open_from_list(qtbot, second, case_id)  # Enter on its row
    qtbot.waitUntil(lambda: second.session.case_id() == case_id)
    settle(qtbot)
    tabs = second.editor.side_tabs
    # room made for it, or it gave way again (before: shown 127 px wide)
    assert not tabs.isVisible() or tabs.width() >= MIN_SHOWN_WIDTH["feedback"], tabs.width()
    assert second.editor.stack.width() >= FORM_MIN_WIDTH
    assert second.panel_layout.shown("feedback") == tabs.isVisible()
