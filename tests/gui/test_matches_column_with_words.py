"""The Matches column shows only for a search with words to highlight.

Found by a stranger run at 1024x768: a search made from the Filters panel
(`cns:CNS3 drug:blinatumomab`) showed an empty Matches column 260 px wide on every row,
pushing Main diagnosis and Day 0 out of view; filters match no words, so there is nothing to
show in it. It now shows once the query holds a word ("blinatumomab"), not for filters or
excluded words alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.search_model import COL_SNIPPET
from tests.gui.test_room_to_work import settle
from tests.gui.test_search_panel import (
    C1,
    C2,
    CNS3_BLINA,
    blinatumomab_but_cns1,
    cns3_without_blinatumomab,
    search_for,
    shown_ids,
)


@pytest.fixture
def win(casebook, reference_docs, window):
    from core.model import Case

    docs = [*reference_docs, blinatumomab_but_cns1(reference_docs[1]),
            cns3_without_blinatumomab(reference_docs[1])]
    casebook.cases.import_cases([Case.model_validate(d) for d in docs])
    return window


def in_view(window, column: int) -> bool:
    table = window.case_list.table
    x = table.columnViewportPosition(column)
    return not table.isColumnHidden(column) and 0 <= x < table.viewport().width()


def test_a_filter_search_has_no_empty_matches_column(qtbot, win):
    win.resize(1024, 768)
    settle(qtbot)
    table = win.case_list.table
    search_for(qtbot, win, CNS3_BLINA)
    assert shown_ids(win.case_model) == {C1, C2}
    assert table.isColumnHidden(COL_SNIPPET)  # before: shown, empty on every row
    main_dx = next(i for i in range(win.case_model.columnCount())
                   if win.case_model.headerData(i, Qt.Orientation.Horizontal) == "Main diagnosis")
    assert in_view(win, main_dx)
    search_for(qtbot, win, f"{CNS3_BLINA} -dasatinib")
    assert table.isColumnHidden(COL_SNIPPET)  # an excluded word is not highlighted either
    search_for(qtbot, win, f"{CNS3_BLINA} parenchymal")
    assert in_view(win, COL_SNIPPET)
    box = win.case_list.filter_box
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Backspace)  # the box emptied: the whole list
    qtbot.waitUntil(lambda: win.case_model.query.text == "" and win.case_model.total == 4)
    assert table.isColumnHidden(COL_SNIPPET)
