"""Search that forgives: relevance whenever a query is typed (after a restart too), "Did you
mean …" under the box for a misspelt word, labels that fit at 1280 px, newest cases first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from gui.case_list import COL_STATUS
from tests.gui.test_search_panel import (
    C1,
    blinatumomab_but_cns1,
    cns3_without_blinatumomab,
    search_for,
    shown_ids,
    wait_for_search,
)


@pytest.fixture
def stored(casebook, reference_docs):
    docs = [*reference_docs, blinatumomab_but_cns1(reference_docs[1]),
            cns3_without_blinatumomab(reference_docs[1])]
    casebook.cases.import_cases([Case.model_validate(d) for d in docs])


@pytest.fixture
def win(stored, window):
    return window


def test_relevance_after_typing_and_after_a_restart(qtbot, stored, make_window):
    first = make_window()
    search_for(qtbot, first, "blinatumomab")
    assert first.case_model.search_sort == "relevance"
    combo = first.search_panel.sort_combo
    combo.setCurrentIndex(combo.findData("updated"))  # the user sorts by last change
    wait_for_search(qtbot, first)
    first.case_list.filter_box.clear()  # the box emptied: the plain list
    wait_for_search(qtbot, first)
    assert not first.case_model.searching
    search_for(qtbot, first, "cns:CNS3")  # a new query: relevance again
    assert first.case_model.search_sort == "relevance"
    combo.setCurrentIndex(combo.findData("title"))
    wait_for_search(qtbot, first)
    first.shutdown()  # the list's header (sorted by title, Matches shown) is saved

    again = make_window()
    table = again.case_list.table
    assert not table.isColumnHidden(COL_STATUS)
    search_for(qtbot, again, "blinatumomab")
    assert again.case_model.search_sort == "relevance"
    assert again.search_panel.sort_combo.currentData() == "relevance"
    assert not table.isColumnHidden(COL_STATUS) and table.columnWidth(COL_STATUS) > 0
    scores = [again.case_model.summary(r).score for r in range(again.case_model.rowCount())]
    assert None not in scores and scores == sorted(scores, reverse=True)


def test_did_you_mean_under_the_box_runs_the_corrected_query(qtbot, win):
    panel = win.search_panel
    search_for(qtbot, win, "blinatumumab")
    assert win.case_model.total == 0
    assert panel.suggestion_bar.isVisible()
    hint = f"{panel.suggestion_label.text()} {panel.suggestion_button.text()}"
    assert hint == "No cases match. Did you mean: blinatumomab?"
    qtbot.mouseClick(panel.suggestion_button, Qt.MouseButton.LeftButton)
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == "blinatumomab"
    assert C1 in shown_ids(win.case_model) and not panel.suggestion_bar.isVisible()
    assert win.case_model.search_sort == "relevance"

    search_for(qtbot, win, "qqqqxzzzv")  # nothing close: no hint
    assert win.case_model.total == 0 and not panel.suggestion_bar.isVisible()
