"""At 1024x768 with the feedback panels shown, Ctrl+N gives the new case the same panes as an
existing case: the form first, the panel at its usual width. Found by a stranger run: the new
case's Problems summary ("0 errors, 0 warnings; 15 more to fill before Complete; 5 more shown
once saved"), one unwrapped line, widened the panel to about 490 px, and the form got about
515 px behind a horizontal scroll bar (the section list gave way for it)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.panel_layout import MAX_SHOWN_WIDTH
from tests.gui.conftest import open_from_list, press

C1 = "SEED-C1-CAO2023"


def settle(qtbot) -> None:
    qtbot.wait(50)
    QApplication.processEvents()


def open_with_feedback(qtbot, window) -> None:
    """Reference case 1 open at 1024x768 with the feedback panels shown (View menu)."""
    window.resize(1024, 768)
    settle(qtbot)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    feedback = window.panel_layout.panels["feedback"].action
    if not feedback.isChecked():
        feedback.trigger()  # View › Feedback panels, by hand
    settle(qtbot)


def panes(window) -> tuple[list[int], bool, bool]:
    editor = window.editor
    return editor.splitter.sizes(), editor.section_list.isVisible(), editor.side_tabs.isVisible()


def no_sideways_scroll(window) -> bool:
    page = window.editor.stack.currentWidget()
    return not page.horizontalScrollBar().isVisible()


def test_a_new_case_gets_the_panes_of_an_existing_one(qtbot, stored_references, window,
                                                       tmp_path):
    open_with_feedback(qtbot, window)
    window.editor.show_section("Title & keywords")
    settle(qtbot)
    existing = panes(window)
    assert existing[2] and existing[0][2] <= MAX_SHOWN_WIDTH["feedback"]
    assert no_sideways_scroll(window)

    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: window.session.is_open() and window.session.case_id() != C1)
    settle(qtbot)
    window.grab().save(str(tmp_path / "new-case-1024x768.png"))
    assert "more to fill" in window.editor.problems_panel.summary.text()
    assert panes(window) == existing  # before: [190, 333, 493]
    assert no_sideways_scroll(window)

    window.commands.close_case.trigger()  # from no case open: the same
    settle(qtbot)
    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: window.session.is_open())
    settle(qtbot)
    window.grab().save(str(tmp_path / "new-case-after-close.png"))
    sizes, sections, shown = panes(window)
    assert shown and sizes[2] <= MAX_SHOWN_WIDTH["feedback"], sizes  # before: 493
    assert sizes[1] > sizes[2] and no_sideways_scroll(window)  # the form first
