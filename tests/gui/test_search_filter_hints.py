"""Under the search box, a filter whose value no case holds says so and offers the stored
value it is the start of (drug:blina -> drug:blinatumomab): no silent zero."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.test_search_panel import C1, search_for, shown_ids, wait_for_search


@pytest.fixture
def win(casebook, reference_docs, window):
    casebook.cases.import_cases([Case.model_validate(d) for d in reference_docs])
    return window


def test_a_partial_drug_filter_names_the_stored_drug(qtbot, win, casebook):
    panel = win.search_panel
    search_for(qtbot, win, "drug:blina")
    assert win.case_model.total == 0
    assert panel.suggestion_bar.isVisible() and panel.suggestion_label.isVisible()
    assert panel.suggestion_label.text() == (
        "drug:blina matches no drug in this casebook. Did you mean drug:blinatumomab?")
    assert panel.suggestion_button.isVisible()
    qtbot.mouseClick(panel.suggestion_button, Qt.MouseButton.LeftButton)
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == "drug:blinatumomab"
    found = casebook.search.search("drug:blinatumomab", every=True)
    assert C1 in shown_ids(win.case_model) and found.total == win.case_model.total > 0
    assert not panel.suggestion_bar.isVisible()

    search_for(qtbot, win, "blinatumumab")  # a misspelt word: the word suggestion, as before
    hint = f"{panel.suggestion_label.text()} {panel.suggestion_button.text()}"
    assert hint == "No cases match. Did you mean: blinatumomab?"


def test_a_route_or_a_grade_typed_in_the_wrong_filter_points_at_the_right_one(qtbot, win):
    panel = win.search_panel
    search_for(qtbot, win, "drug:IT")
    assert win.case_model.total == 0
    assert panel.suggestion_label.text().startswith(
        "drug:IT matches no drug: IT is a route (Intrathecal use); drug: takes a drug name or "
        "ATC code")
    qtbot.mouseClick(panel.suggestion_button, Qt.MouseButton.LeftButton)
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == '"intrathecal use"'
    assert len(shown_ids(win.case_model)) == 2  # both reference cases: triple IT therapy

    search_for(qtbot, win, "ae:grade3")
    assert win.case_model.total == 0
    assert "Did you mean ae:>=3 (any adverse event of grade 3 or more)" in \
        panel.suggestion_label.text()
    qtbot.mouseClick(panel.suggestion_button, Qt.MouseButton.LeftButton)
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == "ae:>=3"
    assert win.case_model.total > 0
