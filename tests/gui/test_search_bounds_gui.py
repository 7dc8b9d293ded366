"""An over-broad search in the app (issue 20): the search status says how to narrow it and the
list keeps the last results; a narrower query searches again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.test_search_panel import search_for, shown_ids, wait_for_search


@pytest.fixture
def win(casebook, reference_docs, window):
    casebook.cases.import_cases([Case.model_validate(d) for d in reference_docs])
    return window


def test_an_over_broad_query_shows_how_to_narrow_it(qtbot, win):
    search_for(qtbot, win, "blinatumomab")
    found = shown_ids(win.case_model)
    assert found
    win.case_list.filter_box.selectAll()
    qtbot.keyClicks(win.case_list.filter_box, "a* OR b* OR c*")
    wait_for_search(qtbot, win)
    label = win.search_panel.problem_label
    assert label.isVisible()
    assert "too short a prefix" in label.text() and "at least 2 letters" in label.text()
    assert shown_ids(win.case_model) == found  # the last results stay
    qtbot.keyClick(win.case_list.filter_box, Qt.Key.Key_Return)  # nothing opens, no error
    assert win.session.case_id() is None
    search_for(qtbot, win, " OR ".join(f"word{n}" for n in range(13)))
    assert "joined by OR" in label.text() and "split the search" in label.text()
    search_for(qtbot, win, "blin*")
    assert not label.isVisible()
    assert shown_ids(win.case_model) == found


def test_long_prefixes_search_and_a_too_broad_one_says_so(qtbot, win, casebook, monkeypatch):
    """``blinat* dasat*`` (refused by its length before) lists the cases holding both words;
    a prefix that reads too much of this index (a bound of 0 pages here) is named under the
    box, and the list keeps its results."""
    from core.search import expansion

    search_for(qtbot, win, "blinat* dasat*")
    label = win.search_panel.problem_label
    assert not label.isVisible()
    found = shown_ids(win.case_model)
    assert found == set(casebook.search.naive_scan("blinat* dasat*")) != set()
    monkeypatch.setattr(expansion, "MAX_PAGES", 0)
    search_for(qtbot, win, "leuk*")
    assert label.isVisible()
    assert "leuk*</span>" in label.text() and "is too broad for this casebook" in label.text()
    assert "type more of the word, or the whole word" in label.text()
    assert shown_ids(win.case_model) == found
