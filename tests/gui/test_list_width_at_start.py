"""The case list that gave way to an open case (a narrow window) is back at the next start at
the width the user gave it before it gave way; a list hidden by hand stays hidden."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, start_again_after_the_list_gave_way

C1 = "SEED-C1-CAO2023"


def settle(qtbot) -> None:
    qtbot.wait(20)
    QApplication.processEvents()


def drag_list_edge(qtbot, window, width: int) -> None:
    """Drag the handle between the case list and the rest of the window until the list is
    ``width`` wide, as the user does with the mouse."""
    handle = window.splitter.handle(1)
    grip = QPoint(handle.width() // 2, handle.height() // 2)
    to = grip + QPoint(width - window.search_panel.width(), 0)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(handle, to)
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=to)
    settle(qtbot)


def test_the_list_that_gave_way_comes_back_at_its_width_before(qtbot, stored_references,
                                                                make_window):
    first = make_window()
    first.resize(1600, 1000)
    settle(qtbot)
    drag_list_edge(qtbot, first, 420)
    assert first.search_panel.width() == 420
    first.resize(1024, 768)
    settle(qtbot)
    open_from_list(qtbot, first, C1)
    qtbot.waitUntil(lambda: first.session.case_id() == C1)
    settle(qtbot)
    second = start_again_after_the_list_gave_way(qtbot, first, make_window)
    assert abs(second.search_panel.width() - 420) <= 4, second.splitter.sizes()
    second.resize(1024, 768)
    settle(qtbot)
    assert abs(second.search_panel.width() - 420) <= 4, second.splitter.sizes()
    second.commands.show_list.trigger()  # hidden by hand: that stays
    settle(qtbot)
    second.close()
    third = make_window()
    settle(qtbot)
    assert not third.search_panel.isVisible() and not third.commands.show_list.isChecked()
    third.commands.show_list.trigger()  # shown again by hand: at its width
    settle(qtbot)
    assert abs(third.search_panel.width() - 420) <= 4, third.splitter.sizes()
