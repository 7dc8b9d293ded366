"""F9 pressed with the keyboard in the Problems panel (Ctrl+Shift+P) of a case open at
1024x768: the case list comes back in place of the feedback panels, and the keyboard went to
the form's first field, Title, its text selected, so the next key typed replaced the title.
It goes to the case list that F9 brought back."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.test_room_to_work import open_at, settle


def _inside(widget, parent) -> bool:
    while widget is not None:
        if widget is parent:
            return True
        widget = widget.parentWidget()
    return False


def test_f9_from_the_problems_panel_leaves_the_title_alone(qtbot, stored_references, window):
    open_at(qtbot, window, 1024, 768, "Patient")
    title = window.editor.current_case().case_report.title
    press(qtbot, window, "Ctrl+Shift+P")
    settle(qtbot)
    before = QApplication.focusWidget()
    assert before is not None and before.isVisible()
    assert not _inside(before, window.search_panel)

    press(qtbot, window, "F9")
    settle(qtbot)
    assert window.search_panel.isVisible()
    focused = QApplication.focusWidget()
    assert focused is not None and focused.isVisible(), focused
    assert _inside(focused, window.search_panel), focused
    qtbot.keyClicks(focused, "x")
    settle(qtbot)
    assert window.editor.current_case().case_report.title == title
    assert not window.session.is_dirty()
