"""A clinician's phrase that finds nothing, typed in the search box (stranger run):
"cytokine release syndrome grade 1" showed nothing under the box; it now offers ae:crs>=1, and
a search of several words whose one word no case holds names it and offers the words that
find cases, each a button that runs it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.test_search_panel import search_for, shown_ids, wait_for_search


@pytest.fixture
def win(casebook, reference_docs, window):
    casebook.cases.import_cases([Case.model_validate(d) for d in reference_docs])
    return window


def test_the_phrase_of_an_event_and_grade_offers_the_filter(qtbot, win, casebook):
    panel = win.search_panel
    search_for(qtbot, win, "cytokine release syndrome grade 1")
    assert win.case_model.total == 0
    assert panel.suggestion_bar.isVisible()
    assert panel.suggestion_label.text() == (
        "Did you mean ae:crs>=1 (Cytokine release syndrome of grade 1 or more) or ae:crs=1 "
        "(grade 1 only)?")
    assert panel.suggestion_button.text() == "Search ae:crs>=1"
    qtbot.mouseClick(panel.suggestion_button, Qt.MouseButton.LeftButton)
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == "ae:crs>=1"
    stored = {h.case_id for h in casebook.search.search("ae:crs>=1").hits}
    assert shown_ids(win.case_model) == stored and len(stored) == 1
    assert not panel.suggestion_bar.isVisible()


def test_a_word_no_case_holds_is_named_and_left_out(qtbot, win, casebook):
    panel = win.search_panel
    search_for(qtbot, win, "blinatumomab zzzz relapse")
    assert win.case_model.total == 0
    assert panel.suggestion_label.text().startswith(
        'No case holds all 3 words: none holds "zzzz". Search blinatumomab relapse (')
    assert panel.suggestion_button.text() == "Search blinatumomab relapse"
    qtbot.mouseClick(panel.suggestion_button, Qt.MouseButton.LeftButton)
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == "blinatumomab relapse"
    stored = {h.case_id for h in casebook.search.search("blinatumomab relapse*").hits}
    assert shown_ids(win.case_model) == stored and stored
    assert not panel.suggestion_bar.isVisible()
