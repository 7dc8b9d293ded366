"""The lazy, SQL-sorted case list."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, Qt

from core.model import Case
from gui.case_list import (
    COL_CASE_ID,
    COL_DAY0,
    COL_TITLE,
    PAGE_SIZE,
    CaseListPanel,
    CaseTableModel,
)
from tests.gui.conftest import simple_cases
from tests.gui.test_trash_locked import trash_written


class CountingQueries:
    """The services' list/count, recording every query the model sends."""

    def __init__(self, cases):
        self.cases = cases
        self.queries = []

    def list(self, query):
        self.queries.append(query)
        return self.cases.list_cases(query)

    def count(self, query):
        return self.cases.count_cases(query)


def make_model(casebook):
    source = CountingQueries(casebook.cases)
    return CaseTableModel(source.list, source.count), source


def test_model_passes_qtmodeltester(qtmodeltester, casebook, stored_references):
    casebook.cases.import_cases(simple_cases(20))
    model, _ = make_model(casebook)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 22


def test_pages_of_500_are_fetched_as_needed(qtbot, casebook):
    casebook.cases.import_cases(simple_cases(PAGE_SIZE * 2 + 10))
    model, source = make_model(casebook)
    assert (model.total, model.rowCount()) == (1010, PAGE_SIZE)
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 1010
    assert not model.canFetchMore()
    assert [q.offset for q in source.queries] == [0, 0, 0]  # by key, not OFFSET (issue 17)
    assert [q.after for q in source.queries] == [
        None, model.summary(PAGE_SIZE - 1).list_key, model.summary(2 * PAGE_SIZE - 1).list_key]
    ids = {model.index(r, COL_CASE_ID).data() for r in range(model.rowCount())}
    assert len(ids) == 1010


def test_view_scrolling_to_the_end_fetches_more(qtbot, casebook):
    casebook.cases.import_cases(simple_cases(PAGE_SIZE + 50))
    panel = CaseListPanel(make_model(casebook)[0])
    qtbot.addWidget(panel)
    panel.resize(800, 400)
    panel.show()
    qtbot.waitExposed(panel)
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: panel.model.rowCount() == PAGE_SIZE + 50)


def test_scrolling_a_day0_sort_lists_every_case_once_in_order(qtbot, casebook):
    """Pages by key over a sort with ties and NULLs (most cases have no Day 0, some share
    one): scrolled to the end, the list is the one-query order, every case once."""
    dated = [Case(case_id=f"SYN-D{i:05d}", case_report={"title": f"Dated {i}",
                                                        "day0": f"2024-0{i % 3 + 1}-01"})
             for i in range(52)]
    casebook.cases.import_cases(simple_cases(PAGE_SIZE) + dated)
    panel = CaseListPanel(make_model(casebook)[0])
    qtbot.addWidget(panel)
    panel.resize(800, 400)
    panel.show()
    qtbot.waitExposed(panel)
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_DAY0) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    query = panel.model.query
    assert query.sort == "day0"
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: panel.model.rowCount() == PAGE_SIZE + 52)
    shown = [panel.model.index(r, COL_CASE_ID).data() for r in range(PAGE_SIZE + 52)]
    whole = casebook.cases.list_cases(replace(query, limit=PAGE_SIZE * 2))
    assert shown == [r.case_id for r in whole]
    assert {r.day0 is None for r in whole} == {True, False}


def test_sort_by_title_requeries_sql(qtbot, casebook):
    casebook.cases.import_cases(simple_cases(PAGE_SIZE + 5))
    model, source = make_model(casebook)
    model.sort(COL_TITLE, Qt.SortOrder.DescendingOrder)
    last = source.queries[-1]
    assert (last.sort, last.descending, last.offset) == ("title", True, 0)
    assert model.index(0, COL_TITLE).data() == f"Case {PAGE_SIZE + 4:05d}"
    model.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, COL_TITLE).data() == "Case 00000"


def test_clicking_the_title_header_sorts_in_sql(qtbot, casebook):
    casebook.cases.import_cases(simple_cases(30))
    panel = CaseListPanel(make_model(casebook)[0])
    qtbot.addWidget(panel)
    panel.show()
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_TITLE) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert panel.model.query.sort == "title"
    titles = [panel.model.index(r, COL_TITLE).data() for r in range(3)]
    assert titles == sorted(titles) or titles == sorted(titles, reverse=True)


def test_filter_box_narrows_the_list_in_sql(qtbot, casebook, stored_references):
    casebook.cases.import_cases(simple_cases(40))
    panel = CaseListPanel(make_model(casebook)[0])
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.filter_box, "Case 0001")
    with qtbot.waitSignal(panel.model.modelReset):
        pass  # the debounce timer applies the filter
    assert panel.model.query.text == "Case 0001"
    assert panel.model.total == 10
    assert {panel.model.index(r, COL_TITLE).data()[:9] for r in range(10)} == {"Case 0001"}
    panel.filter_box.clear()
    panel.apply_filter()
    assert panel.model.total == 42


def test_filter_matches_case_id_and_diagnosis(qtbot, casebook, stored_references):
    model, _ = make_model(casebook)
    model.set_filter_text("seed-c2")
    assert model.total == 1
    assert model.index(0, COL_CASE_ID).data() == "SEED-C2-CAO2023"


def test_trash_toggle_shows_trashed_cases(qtbot, casebook, stored_references):
    casebook.cases.trash_case("SEED-C1-CAO2023")
    panel = CaseListPanel(make_model(casebook)[0])
    qtbot.addWidget(panel)
    panel.show()
    assert panel.model.total == 1
    qtbot.mouseClick(panel.trash_toggle, Qt.MouseButton.LeftButton)
    assert panel.trash_toggle.isChecked()
    assert panel.model.total == 1
    assert panel.model.index(0, COL_CASE_ID).data() == "SEED-C1-CAO2023"


def test_enter_and_double_click_open_the_case(qtbot, casebook, stored_references):
    from PySide6.QtGui import QAction

    panel = CaseListPanel(make_model(casebook)[0])
    qtbot.addWidget(panel)
    panel.show()
    opened = []
    panel.open_requested.connect(opened.append)
    action = QAction("Open", panel)
    action.triggered.connect(lambda: opened.append(panel.current_id()))
    panel.add_table_action(action, Qt.Key.Key_Return, Qt.Key.Key_Enter)
    with qtbot.waitActive(panel):
        panel.activateWindow()
    panel.table.setFocus()
    panel.table.selectRow(1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    rect = panel.table.visualRect(panel.model.index(0, COL_TITLE))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    expected = [panel.model.index(r, COL_CASE_ID).data() for r in (1, 0)]
    assert opened == expected


def test_move_to_trash_names_the_case_and_restore_says_where_from(qtbot, casebook,
                                                                   stored_references, window):
    """The status bar said 'Moved 1 case(s) to the trash.' without naming the case."""
    table = window.case_list.table
    row = next(r for r in range(window.case_model.rowCount())
               if window.case_model.index(r, 0).data() == "SEED-C1-CAO2023")
    table.selectRow(row)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    trash_written(qtbot, window)
    assert casebook.cases.list_cases()  # the other case stays
    assert window.statusBar().currentMessage().startswith(
        "Moved case SEED-C1-CAO2023 to the trash (Show trash lists it")
    qtbot.mouseClick(window.case_list.trash_toggle, Qt.MouseButton.LeftButton)  # Show trash
    qtbot.waitUntil(lambda: window.case_model.rowCount() == 1)
    table.selectRow(0)
    window.commands.restore.trigger()
    trash_written(qtbot, window)
    assert window.statusBar().currentMessage() == \
        "Restored case SEED-C1-CAO2023 from the trash."
