"""Go to field (the refused completion's list, Problems, the timeline) put the cursor on a field
below the fold without scrolling to it: the section showed its top, the cursor nowhere to be
seen (a stranger at 1024x768: Case report › Adverse events, at y=732 in a 694 px view)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list

C1 = "SEED-C1-CAO2023"


def visible_in_its_page(widget) -> bool:
    page = widget.parent()
    while page is not None and not page.objectName().startswith("section:"):
        page = page.parent()
    assert page is not None
    viewport = page.viewport()
    top = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(top) and \
        viewport.rect().contains(top + QPoint(0, widget.height() - 1))


def test_go_to_a_field_below_the_fold_scrolls_it_into_view(qtbot, stored_references, window):
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.focus_path("case_report.adverse_events_status")
    QApplication.processEvents()
    field = window.focusWidget()
    assert field is not None and field.isVisible()
    assert visible_in_its_page(field)
    window.editor.focus_path("case_report.title")  # and back up
    QApplication.processEvents()
    assert visible_in_its_page(window.focusWidget())
