"""A case list widened by hand gives the open case's form its room back: at 1024x768, the list
dragged to 760 px with no case open, then a case opened and F9 pressed (the list shown beside
the case): the form keeps at least 560 px (README: every section's form fits that) and the
list gives way, narrower. Found by a stranger run: the form got about 320 px, fields cut."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea

from gui.panel_layout import FORM_MIN_WIDTH
from tests.gui.conftest import open_from_list, press
from tests.gui.test_list_width_at_start import drag_list_edge
from tests.gui.test_room_to_work import form_width

C1 = "SEED-C1-CAO2023"


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def no_sideways_scroll(window) -> bool:
    page = window.editor.stack.currentWidget()
    areas = [a for a in [page, *page.findChildren(QScrollArea)] if isinstance(a, QScrollArea)]
    return not any(a.horizontalScrollBar().isVisible() for a in areas)


def test_a_list_widened_by_hand_gives_way_to_the_form(qtbot, stored_references, window,
                                                      tmp_path):
    window.resize(1024, 768)
    settle(qtbot)
    drag_list_edge(qtbot, window, 760)
    widened = window.search_panel.width()
    assert widened >= 680  # as far as the empty page's least width lets it go
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    settle(qtbot)
    window.grab().save(str(tmp_path / "opened.png"))
    assert form_width(window) >= FORM_MIN_WIDTH, window.splitter.sizes()  # before: 526
    press(qtbot, window, "F9")  # the list beside the case
    settle(qtbot)
    window.grab().save(str(tmp_path / "f9.png"))
    assert window.search_panel.isVisible() and window.commands.show_list.isChecked()
    assert form_width(window) >= FORM_MIN_WIDTH, window.splitter.sizes()  # before: 330
    assert window.search_panel.width() <= widened - 200
    assert no_sideways_scroll(window)
    feedback = window.panel_layout.panels["feedback"].action
    feedback.trigger()  # View › Feedback panels, by hand: the list gives way to them
    settle(qtbot)
    window.grab().save(str(tmp_path / "feedback.png"))
    assert window.editor.side_tabs.isVisible()
    assert form_width(window) >= FORM_MIN_WIDTH, (window.splitter.sizes(),
                                                  window.editor.splitter.sizes())
