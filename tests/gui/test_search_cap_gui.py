"""More hits than the cap in the app (issue 20): the count under the box says "More than N"
and which hits are shown, the status bar how to narrow; a query under the cap is unchanged."""

from __future__ import annotations

import pytest

from tests.core.search.search_cases import near_misses
from tests.gui.test_search_panel import search_for, shown_ids


@pytest.fixture
def win(casebook, reference_cases, window, monkeypatch):
    monkeypatch.setenv("CASEBOOK_SEARCH_CAP", "3")
    casebook.cases.import_cases(reference_cases + near_misses(), source="test")
    return window


def test_more_hits_than_the_cap_are_marked_in_the_app(qtbot, win, casebook):
    label = win.search_panel.count_label
    search_for(qtbot, win, "cns:CNS3")
    assert label.text() == "More than 3 cases match (the 3 most recent shown)"
    assert "the 3 most recent matches, those with a query word" in label.toolTip()
    assert "add words or filters to narrow the search" in win.statusBar().currentMessage()
    assert win.count_label.text() == "More than 3 cases"  # the window's status bar count
    assert shown_ids(win.case_model) == {h.case_id for h in casebook.search.search("cns:CNS3").hits}
    assert len(shown_ids(win.case_model)) == 3 < casebook.search.search("cns:CNS3",
                                                                       every=True).total
    search_for(qtbot, win, "dasatinib")
    assert label.text() == "2 cases match" and label.toolTip() == ""
    assert win.count_label.text() == "2 cases"
    assert len(shown_ids(win.case_model)) == 2
