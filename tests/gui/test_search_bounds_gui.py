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
