"""A new case's Diagnoses table opened scrolled sideways (found by a stranger run at 1024x768):
it kept the previous case's horizontal scroll, starting at "ICD-O-3 morphology" with When, Role
and Entity off-screen. Opening another case, or a new one, shows every table at its left edge
and top."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
SECTION = "Diagnoses & reasoning"


def diagnoses_view(window):
    window.editor.show_section(SECTION)
    return window.editor.section_page(SECTION).tables["diagnoses"].view


def scrolled_to_the_end(qtbot, view) -> None:
    """A click in the first cell and End, as a user goes to the row's last column."""
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().value() > 0)


def test_another_case_and_a_new_one_show_the_tables_at_their_left_edge(
        qtbot, stored_references, make_window):
    window = make_window()
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    view = diagnoses_view(window)
    scrolled_to_the_end(qtbot, view)

    open_from_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    view = diagnoses_view(window)
    qtbot.wait(20)
    assert view.model().rowCount() > 0
    assert view.horizontalScrollBar().value() == 0 and view.verticalScrollBar().value() == 0
    assert view.columnViewportPosition(0) == 0  # "When" in view

    scrolled_to_the_end(qtbot, view)
    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: window.session.is_open() and window.session.case_id() != C2)
    view = diagnoses_view(window)
    qtbot.wait(20)
    assert view.horizontalScrollBar().value() == 0
