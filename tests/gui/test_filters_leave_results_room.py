"""The Filters panel leaves the results their room in a small window.

Found by a stranger run at 800x600: with Filters open (twelve rows of fields) the case list
under them showed 1½ rows of results. The panel now scrolls there, the results keep about
eight rows, and Tab still reaches every field, each scrolled into view; at 1024x768 the panel
shows whole, as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.test_room_to_work import settle


def open_filters(qtbot, window) -> None:
    press(qtbot, window, "Ctrl+F")
    qtbot.mouseClick(window.search_panel.filters_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert window.search_panel.filter_panel.isVisible()


def rows_in_view(window) -> float:
    table = window.case_list.table
    return table.viewport().height() / table.verticalHeader().defaultSectionSize()


def test_filters_at_800x600_leave_rows_of_results(qtbot, stored_references, window):
    window.resize(800, 600)
    settle(qtbot)
    open_filters(qtbot, window)
    assert rows_in_view(window) >= 6, rows_in_view(window)  # before: 1.6
    panel = window.search_panel.filter_panel
    last = panel.ranges["updated"][1]  # the last field, "Updated … to"
    assert last.visibleRegion().isEmpty()  # below the panel's fold
    box = window.case_list.filter_box
    box.setFocus()
    for _ in range(60):  # Tab on from the box, as a keyboard user goes
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is last:
            break
    assert QApplication.focusWidget() is last
    settle(qtbot)
    assert not last.visibleRegion().isEmpty()  # scrolled into view


def test_filters_at_1024x768_show_whole(qtbot, stored_references, window):
    window.resize(1024, 768)
    settle(qtbot)
    open_filters(qtbot, window)
    scroll = window.search_panel.filter_scroll
    assert not scroll.verticalScrollBar().isVisible()
    assert scroll.height() >= window.search_panel.filter_panel.sizeHint().height()
    assert rows_in_view(window) >= 6
