"""Paging the case list over ties: one import gives every case the same ``updated_at``; the
pages (ties broken by rowid, which the sort indexes hold) still list every case exactly once."""

from __future__ import annotations

import pytest

from core.services.listing import ListQuery
from core.synth import generate_cases

CASES = 23
PAGE = 5


@pytest.mark.parametrize(("sort", "descending"), [("updated", True), ("updated", False),
                                                   ("title", False), ("case_id", True)])
def test_pages_over_ties_list_every_case_once(casebook, sort, descending):
    casebook.cases.import_cases(list(generate_cases(CASES, seed=5)), source="test")
    seen: list[str] = []
    for offset in range(0, CASES + PAGE, PAGE):
        page = casebook.cases.list_cases(ListQuery(offset=offset, limit=PAGE, sort=sort,
                                                   descending=descending))
        seen += [row.case_id for row in page]
    assert len(seen) == CASES
    assert len(set(seen)) == CASES


def test_first_page_is_the_same_page_twice(casebook):
    casebook.cases.import_cases(list(generate_cases(CASES, seed=5)), source="test")
    query = ListQuery(limit=PAGE)
    assert casebook.cases.list_cases(query) == casebook.cases.list_cases(query)
