"""Search that forgives: relevance whenever a query is typed (after a restart too), "Did you
mean …" under the box for a misspelt word, labels that fit at 1280 px, newest cases first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from gui.case_list import COL_STATUS
from gui.search_model import COL_SNIPPET
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
    assert not table.isColumnHidden(COL_STATUS) and table.isColumnHidden(COL_SNIPPET)
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


def test_the_list_shows_the_most_recently_changed_first(qtbot, casebook, make_window):
    from core.services.demo import fill_demo

    fill_demo(casebook.cases, 12)
    window = make_window()
    model = window.case_model
    ids = [model.summary(r).case_id for r in range(model.rowCount())]
    assert set(ids[:2]) == {"SEED-C1-CAO2023", "SEED-C2-CAO2023"}  # not after SYN-…-11
    assert ids[-1].startswith("SYN-")
    stamps = [model.summary(r).updated_at for r in range(model.rowCount())]
    assert stamps == sorted(stamps, reverse=True)
    changed = casebook.cases.open_case(ids[-1])  # the oldest, changed now: first
    changed.case_report.title = "Changed just now"
    casebook.cases.save_case(changed)
    model.reload()
    assert model.summary(0).case_id == ids[-1]


def _fits(widget, text: str) -> bool:
    return widget.isVisible() and widget.fontMetrics().horizontalAdvance(text) <= widget.width()


def test_count_sort_and_matches_labels_fit_at_1280(qtbot, win):
    win.resize(1280, 800)
    search_for(qtbot, win, "blinatumomab")
    panel = win.search_panel
    qtbot.waitUntil(lambda: panel.count_label.width() >= panel.count_label.sizeHint().width())
    assert panel.count_label.text() == "3 cases match"
    assert _fits(panel.count_label, panel.count_label.text())
    combo = panel.sort_combo
    for index in range(combo.count()):  # every sort's name fits the combo's text area
        assert combo.fontMetrics().horizontalAdvance(combo.itemText(index)) <= combo.width() - 24
    for button in (panel.filters_button, panel.export_button, panel.summary_button):
        assert _fits(button, button.text()) and button.width() >= button.sizeHint().width()
    header = win.case_list.table.horizontalHeader()
    matches = win.case_model.headerData(COL_SNIPPET, Qt.Orientation.Horizontal)
    assert header.fontMetrics().horizontalAdvance(matches) <= header.sectionSize(COL_SNIPPET)
    lst = panel.case_list  # wrapped onto lines of their own, above the table, not under it
    bottom = max(w.mapTo(lst, w.rect().bottomLeft()).y()
                 for w in (panel.count_label, combo, panel.summary_button))
    assert bottom < lst.table.mapTo(lst, lst.table.rect().topLeft()).y()

    search_for(qtbot, win, "blinatumumab")
    hint, button = panel.suggestion_label, panel.suggestion_button
    qtbot.waitUntil(lambda: button.width() >= button.sizeHint().width())
    assert _fits(hint, hint.text()) and _fits(panel.suggestion_button,
                                              panel.suggestion_button.text())


def test_clearing_the_query_brings_back_the_sort_the_user_had(qtbot, win):
    """Relevance ranks a query's hits; once the box is emptied there is nothing to rank, so
    the sort box shows the list's sort again (before: it stayed on Relevance)."""
    combo, model = win.search_panel.sort_combo, win.case_model
    relevance = combo.model().item(combo.findData("relevance"))
    combo.setCurrentIndex(combo.findData("day0"))  # the user sorts the plain list by Day 0
    qtbot.waitUntil(lambda: model.query.sort == "day0")
    assert not relevance.isEnabled()
    search_for(qtbot, win, "blinatumomab")
    assert combo.currentData() == "relevance" and relevance.isEnabled()
    box = win.case_list.filter_box
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    wait_for_search(qtbot, win)
    assert not model.searching
    assert combo.currentData() == "day0" and model.search_sort == "day0"
    assert not relevance.isEnabled()  # nothing to rank without a query
    search_for(qtbot, win, "cns:CNS3")  # a new query: relevance again
    assert combo.currentData() == "relevance"


def test_an_empty_box_shows_the_list_sort_from_the_start(qtbot, make_window):
    """Before any query (an empty casebook too), the sort box names the list's sort."""
    window = make_window()
    combo = window.search_panel.sort_combo
    assert not window.case_model.searching
    assert combo.currentData() == window.case_model.query.sort != "relevance"
    assert not combo.model().item(combo.findData("relevance")).isEnabled()
