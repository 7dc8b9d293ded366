"""A filter no value can match, typed in the search box (``ae:crs<1``: grades are 1-5;
``lansky:>100``), is named under the box with the values there are; before, it was
searched and the list emptied as if no case had such an event. The list keeps the last results
and the corrected query searches again."""

from __future__ import annotations

import pytest

from core.model import Case
from tests.gui.test_search_filter_typos_gui import named_under_the_box
from tests.gui.test_search_panel import search_for, shown_ids

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


@pytest.fixture
def win(casebook, reference_docs, window):
    casebook.cases.import_cases([Case.model_validate(d) for d in reference_docs])
    return window


@pytest.mark.parametrize(("typed", "message", "corrected"), [
    ("ae:crs<1", "ae:crs&lt;1 can match no case: grades are whole numbers from 1 to 5",
     "ae:crs<=1"),
    ("ae:>5", "ae:&gt;5 can match no case: grades are whole numbers from 1 to 5", "ae:>=1"),
    ("lansky:>100", "lansky:&gt;100 can match no case: Lansky play-performance is 0 to 100",
     "lansky:<=100"),
])
def test_a_filter_no_value_can_match_is_named_under_the_box(qtbot, win, casebook, typed,
                                                            message, corrected):
    named_under_the_box(qtbot, win, typed, message)  # the last results stay
    label = win.search_panel.problem_label
    assert casebook.search.search(typed).error is not None  # the service refuses it too
    search_for(qtbot, win, corrected)
    assert not label.isVisible()
    assert shown_ids(win.case_model) == set(casebook.search.naive_scan(corrected))


def test_an_age_outside_v01s_range_is_searched_and_its_range_named(qtbot, win, casebook):
    """A review: age:>120 was refused as matching no case, yet an imported case may hold
    such an age (V01 lists it): it is searched, and with nothing found the range is named."""
    search_for(qtbot, win, "age:>120")
    panel = win.search_panel
    assert not panel.problem_label.isVisible()
    assert shown_ids(win.case_model) == set()
    assert panel.suggestion_bar.isVisible()
    assert panel.suggestion_label.text() == (
        "age:>120 matches no case: ages at Day 0 are 0 to 120 years")
