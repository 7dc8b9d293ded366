"""The case list's column widths the user set were saved only at a clean close, so a crash
(kill -9) lost them. They are saved half a second after the last change: a new window on the
same data folder, the first never closed, shows them."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from gui.case_list import COL_TITLE
from gui.window_state import ListColumnsKeeper


def drag_column_edge(qtbot, window, column: int, width: int) -> None:
    """Drag the right edge of ``column``'s heading until it is ``width`` wide, by mouse."""
    header = window.case_list.table.horizontalHeader()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    grip = QPoint(edge, header.height() // 2)
    to = grip + QPoint(width - header.sectionSize(column), 0)
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(header.viewport(), to)
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=to)
    QApplication.processEvents()


def test_a_column_width_survives_a_crash(qtbot, stored_references, make_window):
    first = make_window()
    header = first.case_list.table.horizontalHeader()
    before = header.sectionSize(COL_TITLE)
    drag_column_edge(qtbot, first, COL_TITLE, before + 90)
    assert header.sectionSize(COL_TITLE) == before + 90
    keeper = first.list_columns
    assert keeper.timer.isActive()  # debounced: nothing written yet
    qtbot.waitUntil(lambda: not keeper.timer.isActive(),
                    timeout=ListColumnsKeeper.DELAY_MS * 10)

    second = make_window()  # the first was never closed: as after kill -9
    assert first.isVisible()
    assert second.case_list.table.horizontalHeader().sectionSize(COL_TITLE) == before + 90


def test_many_changes_write_once_after_the_last(qtbot, stored_references, make_window):
    window = make_window()
    keeper = window.list_columns
    writes = []
    keeper.timer.timeout.connect(lambda: writes.append(1))
    header = window.case_list.table.horizontalHeader()
    for _step in range(5):
        drag_column_edge(qtbot, window, COL_TITLE, header.sectionSize(COL_TITLE) + 10)
        qtbot.wait(20)
    qtbot.waitUntil(lambda: not keeper.timer.isActive(),
                    timeout=ListColumnsKeeper.DELAY_MS * 10)
    assert writes == [1]


def test_a_column_saved_narrower_than_its_heading_comes_back_readable(
        qtbot, stored_references, make_window):
    """A stranger's list came back after a kill with Status 25 px wide ('tatu' over '…'):
    a saved width below the heading's is widened to show it; wider ones stay as saved."""
    from gui.case_list import COL_STATUS

    first = make_window()
    header = first.case_list.table.horizontalHeader()
    title = header.sectionSize(COL_TITLE)
    header.resizeSection(COL_STATUS, 25)
    keeper = first.list_columns
    qtbot.waitUntil(lambda: not keeper.timer.isActive(),
                    timeout=ListColumnsKeeper.DELAY_MS * 10)

    second = make_window()
    restored = second.case_list.table.horizontalHeader()
    least = restored.fontMetrics().horizontalAdvance("Status")
    assert restored.sectionSize(COL_STATUS) > least
    assert restored.sectionSize(COL_TITLE) == title
