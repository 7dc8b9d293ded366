"""The sort box names the sort the list is in (stranger run): sorted by a header the box did not
know (Case id), it showed a greyed "Relevance" with no search typed. Relevance comes only with
a search and goes with it, the list's own sort coming back; Case id sorts in natural order,
the hits of a search too."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from core.model import Case
from core.services.listing import ListQuery
from gui.case_list import COL_CASE_ID
from gui.search_model import COL_SNIPPET
from tests.gui.test_search_panel import wait_for_search

NATURAL = ["SYN-2023-0", "SYN-2023-1", "SYN-2023-2", "SYN-2023-10", "SYN-2023-100"]


def numbered_window(casebook, make_window):
    casebook.cases.import_cases([Case(case_id=i, case_report={"title": f"blinatumomab {i}"})
                                 for i in reversed(NATURAL)])
    return make_window()


def shown(window) -> list[str]:
    model = window.case_model
    return [model.summary(r).case_id for r in range(model.rowCount())]


def offered(combo) -> list[str]:
    """The entries the box's list shows and the keys can reach."""
    view = combo.view()
    return [combo.itemText(r) for r in range(combo.count())
            if not view.isRowHidden(r) and combo.model().item(r).isEnabled()]


def click_header(qtbot, window, column: int) -> None:
    header = window.case_list.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def type_search(qtbot, window, text: str) -> None:
    box = window.case_list.filter_box
    box.setFocus()
    qtbot.keyClicks(box, text)
    wait_for_search(qtbot, window)


def clear_search(qtbot, window) -> None:
    box = window.case_list.filter_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    wait_for_search(qtbot, window)


def test_a_case_id_header_click_shows_case_id_in_the_box(qtbot, casebook, make_window):
    window = numbered_window(casebook, make_window)
    combo = window.search_panel.sort_combo
    assert combo.currentText() == "Last change"
    assert "Relevance" not in offered(combo)  # nothing to rank without a search
    click_header(qtbot, window, COL_CASE_ID)
    assert combo.currentText() == "Case id"
    assert shown(window) == NATURAL
    stored = casebook.cases.list_cases(ListQuery(sort="case_id", descending=False))
    assert [r.case_id for r in stored] == NATURAL


def test_relevance_comes_with_a_search_and_goes_with_it(qtbot, casebook, make_window):
    window = numbered_window(casebook, make_window)
    combo = window.search_panel.sort_combo
    click_header(qtbot, window, COL_CASE_ID)
    type_search(qtbot, window, "blinatumomab")
    assert window.case_model.searching
    assert combo.currentText() == "Relevance"
    assert "Relevance" in offered(combo) and "Case id" in offered(combo)
    clear_search(qtbot, window)
    assert not window.case_model.searching
    assert combo.currentText() == "Case id"  # the sort the user had, not Relevance
    assert "Relevance" not in offered(combo)
    assert shown(window) == NATURAL
    header = window.case_list.table.horizontalHeader()
    assert header.sortIndicatorSection() == COL_CASE_ID
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_a_case_id_header_click_while_searching_sorts_the_hits(qtbot, casebook, make_window):
    """A search pages by case id too (it ranked the hits until the box emptied): the box and
    the header's arrow say so, and the list stays sorted by case id once the box empties."""
    window = numbered_window(casebook, make_window)
    combo = window.search_panel.sort_combo
    type_search(qtbot, window, "blinatumomab")
    header = window.case_list.table.horizontalHeader()
    assert header.sortIndicatorSection() == COL_SNIPPET
    click_header(qtbot, window, COL_CASE_ID)
    wait_for_search(qtbot, window)
    assert window.case_model.searching
    assert combo.currentText() == "Case id"
    assert header.sortIndicatorSection() == COL_CASE_ID
    assert shown(window) == NATURAL
    clear_search(qtbot, window)
    assert combo.currentText() == "Case id"
    assert header.sortIndicatorSection() == COL_CASE_ID
    assert shown(window) == NATURAL


def test_the_keys_choose_case_id_and_never_reach_relevance(qtbot, casebook, make_window):
    window = numbered_window(casebook, make_window)
    combo = window.search_panel.sort_combo
    window.case_list.table.setFocus()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Tab)  # the list, then the sort box
    assert window.focusWidget() is combo
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert combo.currentText() == "Day 0"  # the first entry: Relevance is not there
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentText() == "Day 0"
    for _ in range(3):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Case id"
    assert shown(window) == NATURAL  # SYN-2023-2 before SYN-2023-10, smallest first
    assert window.case_model.query.sort == "case_id"
    assert window.case_list.table.horizontalHeader().sortIndicatorSection() == COL_CASE_ID


def test_the_box_offers_while_searching_the_sorts_a_search_can_page_by():
    from typing import get_args

    from core.search.results import SortKey
    from gui.case_list import COLUMNS
    from gui.search_model import SEARCH_SORTS

    assert set(SEARCH_SORTS) == set(get_args(SortKey))
    assert {key for key, _heading, _width in COLUMNS} < set(SEARCH_SORTS)  # every column
