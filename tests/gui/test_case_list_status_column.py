"""The case list's Status column was cut at 1024x768 (after the title, past the list's edge):
whether a case is Draft, Complete or Locked took a sideways scroll. It stands beside the case
id now, whole, with long titles and ids, also while searching and with columns saved before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.model import Case
from gui.case_list import COL_CASE_ID, COL_STATUS, COL_TITLE
from gui.search_model import COL_SNIPPET
from gui.window_state import gui_settings

LONG_TITLE = ("Relapsed T-lymphoblastic leukaemia with CNS involvement after a second "
              "induction, treated with nelarabine")


def long_cases(count: int = 4) -> list[Case]:
    return [Case(case_id=f"SYN-LONG-IDENTIFIER-{i:03d}",
                 case_report={"title": f"{LONG_TITLE} {i}"}) for i in range(count)]


def settle(qtbot) -> None:
    qtbot.wait(20)
    QApplication.processEvents()


def status_shown_whole(window) -> None:
    """The Status heading and cells lie inside the list's viewport, their text not elided."""
    table = window.case_list.table
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().value() == 0
    left = header.sectionViewportPosition(COL_STATUS)
    right = left + header.sectionSize(COL_STATUS)
    assert 0 <= left and right <= table.viewport().width(), (left, right, table.viewport().width())
    metrics = table.fontMetrics()
    room = header.sectionSize(COL_STATUS) - 2 * 4  # the cell's text margins
    for row in range(window.case_model.rowCount()):
        text = window.case_model.index(row, COL_STATUS).data()
        assert text and metrics.horizontalAdvance(text) <= room, text
        rect = table.visualRect(window.case_model.index(row, COL_STATUS))
        assert rect.left() >= 0 and rect.right() < table.viewport().width()
    label = window.case_model.headerData(COL_STATUS, Qt.Orientation.Horizontal)
    assert header.fontMetrics().horizontalAdvance(label) <= header.sectionSize(COL_STATUS)


def test_status_shows_whole_at_1024x768(qtbot, casebook, stored_references, make_window):
    casebook.cases.import_cases(long_cases())
    window = make_window()
    window.resize(1024, 768)
    settle(qtbot)
    assert window.width() == 1024 and window.case_list.table.isVisible()
    status_shown_whole(window)
    header = window.case_list.table.horizontalHeader()
    assert header.visualIndex(COL_CASE_ID) < header.visualIndex(COL_STATUS) \
        < header.visualIndex(COL_TITLE)  # the title, the one that may run long, after them
    window.grab().save("/tmp/caselist1024.png")

    qtbot.keyClicks(window.case_list.filter_box, "leukaemia")  # a search: Matches column
    qtbot.waitUntil(lambda: not header.isSectionHidden(COL_SNIPPET))
    qtbot.waitUntil(lambda: window.case_model.rowCount() >= 4)
    settle(qtbot)
    assert header.visualIndex(COL_TITLE) + 1 == header.visualIndex(COL_SNIPPET)
    status_shown_whole(window)


def test_a_title_widened_by_hand_keeps_its_width_and_the_status(qtbot, casebook, make_window):
    casebook.cases.import_cases(long_cases())
    window = make_window()
    window.resize(1024, 768)
    settle(qtbot)
    header = window.case_list.table.horizontalHeader()
    header.resizeSection(COL_TITLE, 420)
    settle(qtbot)
    assert header.sectionSize(COL_TITLE) == 420
    status_shown_whole(window)


def test_columns_saved_by_an_older_version_show_the_status(qtbot, casebook, make_window):
    """A list header saved with Status after the title (as every version before this one
    saved it) comes back with the status beside the case id, the widths kept."""
    casebook.cases.import_cases(long_cases())
    first = make_window()
    header = first.case_list.table.horizontalHeader()
    header.moveSection(header.visualIndex(COL_STATUS), header.visualIndex(COL_SNIPPET) + 1)
    header.resizeSection(COL_TITLE, 200)
    assert header.visualIndex(COL_STATUS) > header.visualIndex(COL_TITLE)
    first.list_columns.save()
    first.shutdown()
    first.close()
    assert gui_settings(casebook.paths).value("window/list_header") is not None

    second = make_window()
    second.resize(1024, 768)
    settle(qtbot)
    restored = second.case_list.table.horizontalHeader()
    assert restored.sectionSize(COL_TITLE) == 200
    assert restored.visualIndex(COL_STATUS) == restored.visualIndex(COL_CASE_ID) + 1
    status_shown_whole(second)
