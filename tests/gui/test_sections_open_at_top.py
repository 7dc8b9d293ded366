"""Opening another case (a double-click in the list) or a new one (Ctrl+N) kept the form's
scroll: the new case's Title had the cursor but was out of view above, so what was typed did
not show (found by a stranger run). Every table was scrolled home, not the section pages
themselves. Now every section opens at its top and the field with the cursor is in view."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from gui.case_list import COL_CASE_ID
from tests.gui.conftest import open_from_list, press

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
SECTIONS = ("Title & keywords", "Patient")


def scrolled_to_the_bottom(qtbot, window) -> None:
    """Each section of SECTIONS scrolled down as far as it goes (the wheel, the scroll bar)."""
    for name in SECTIONS:
        window.editor.show_section(name)
        page = window.editor.section_page(name)
        qtbot.wait(20)
        bar = page.verticalScrollBar()
        assert bar.maximum() > 0, f"{name} must be long enough to scroll"
        bar.setValue(bar.maximum())
    window.editor.show_section(SECTIONS[0])


def at_their_top(window) -> bool:
    return all(window.editor.section_page(name).verticalScrollBar().value() == 0
               for name in SECTIONS)


def in_view(widget) -> bool:
    """``widget`` (the field with the cursor) shows inside its section page."""
    page = widget.parentWidget()
    while not page.objectName().startswith("section:"):
        page = page.parentWidget()
    viewport = page.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return QRect(top_left, widget.size()).intersects(viewport.rect()) and \
        viewport.rect().contains(QRect(top_left, widget.size()).center())


def double_click_in_list(qtbot, window, case_id: str) -> None:
    table = window.case_list.table
    if not table.isVisible():
        press(qtbot, window, "F9")
    rect = table.visualRect(window.case_model.index(window.case_model.row_of(case_id),
                                                    COL_CASE_ID))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_another_case_and_a_new_one_open_every_section_at_its_top(
        qtbot, stored_references, make_window, casebook):
    window = make_window()
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    scrolled_to_the_bottom(qtbot, window)

    double_click_in_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    qtbot.wait(20)
    assert at_their_top(window)
    title = window.editor.section_page(SECTIONS[0]).forms["case_report"].bindings["title"].editor
    assert title.text() == casebook.cases.open_case(C2).case_report.title

    scrolled_to_the_bottom(qtbot, window)
    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: window.session.is_open() and window.session.case_id() != C2)
    qtbot.wait(20)
    assert at_their_top(window)
    focused = QApplication.focusWidget()
    assert focused is title, "the cursor in the new case's Title"
    assert in_view(title)
    qtbot.keyClicks(title, "Wheel-free title")  # typed where it shows
    assert title.text() == "Wheel-free title"
    assert window.editor.current_case().case_report.title == "Wheel-free title"
