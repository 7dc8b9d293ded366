"""At 1024x768 with a case open, F9 (the case list shown by hand) keeps the form at least 55% of
the window and 560 px wide: the other panels give way, also the feedback panels the user had
shown by hand. Found by a stranger run: with the feedback panels shown, F9 squeezed the form to
about 480 px behind a sideways scroll bar, and the CSF table's CNS status column was cut."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea

from gui.panel_layout import EDITOR_SHARE, FORM_MIN_WIDTH
from tests.gui.conftest import open_from_list, press
from tests.gui.test_room_to_work import columns_in_view, form_width, table_of

C1 = "SEED-C1-CAO2023"
LEAST = max(FORM_MIN_WIDTH, EDITOR_SHARE * 1024)


def settle(qtbot) -> None:
    qtbot.wait(20)
    QApplication.processEvents()


def test_f9_leaves_the_form_its_share(qtbot, stored_references, window, tmp_path):
    window.resize(1024, 768)
    settle(qtbot)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.show_section("CSF & CNS")
    settle(qtbot)
    feedback = window.panel_layout.panels["feedback"].action
    if not feedback.isChecked():
        feedback.trigger()  # View › Feedback panels, by hand
    settle(qtbot)
    assert window.editor.side_tabs.isVisible()
    assert form_width(window) >= LEAST
    press(qtbot, window, "F9")
    settle(qtbot)
    window.grab().save(str(tmp_path / "f9-1024x768.png"))
    assert window.search_panel.isVisible() and window.commands.show_list.isChecked()
    assert form_width(window) >= LEAST, form_width(window)  # before: 480
    page = window.editor.stack.currentWidget()
    for area in [page, *page.findChildren(QScrollArea)]:
        if isinstance(area, QScrollArea):
            assert not area.horizontalScrollBar().isVisible()
    table = table_of(window, "CSF & CNS")
    assert "cns_status" in columns_in_view(table)
    press(qtbot, window, "F9")  # the list hidden again: the feedback panels come back
    settle(qtbot)
    assert not window.search_panel.isVisible() and window.editor.side_tabs.isVisible()
