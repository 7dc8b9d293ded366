"""The case list pages by key (issue 17): each page starts after the last row's ``list_key``
(sort value + rowid). Over a folder full of ties and NULLs, for every sort the list offers, both
directions, any page size and filter, the pages give exactly the old OFFSET query's sequence."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from core.model import Case
from core.services.listing import ListQuery
from core.store.tables import cases

SORTS = ("updated", "title", "case_id", "day0", "status", "main_dx", "created")
CASES = 41


@pytest.fixture
def tied_folder(casebook):
    """41 cases whose sort columns repeat a few values (ties) and are often NULL (day0,
    main_dx); some in the trash."""
    casebook.cases.import_cases([Case(case_id=f"SYN-K{i:05d}", case_report={"title": f"K {i}"})
                                 for i in range(CASES)])
    with casebook.ctx.db.write() as conn:
        for i in range(CASES):
            conn.execute(update(cases).where(cases.c.id == f"SYN-K{i:05d}").values(
                updated_at=f"2026-01-0{i % 3 + 1}T00:00:00Z",
                created_at=f"2025-0{i % 2 + 1}-01T00:00:00Z",
                title_key=f"case {'ab'[i % 2]}{i % 4}",
                status=("draft", "complete", "locked")[i % 3],
                day0=None if i % 3 == 0 else f"2024-0{i % 4 + 1}-01",
                main_dx=None if i % 2 else ("AML", "ALL", "CML")[i % 3],
                trashed_at="2026-02-01T00:00:00Z" if i % 9 == 4 else None))
    return casebook


def by_offset(cb, query: ListQuery, page: int) -> list[str]:
    """The old way: page after page by OFFSET."""
    seen: list[str] = []
    while True:
        rows = cb.cases.list_cases(ListQuery(**{**query.__dict__, "offset": len(seen),
                                                "limit": page}))
        seen += [r.case_id for r in rows]
        if len(rows) < page:
            return seen


def by_key(cb, query: ListQuery, page: int) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        rows = cb.cases.list_cases(ListQuery(**{**query.__dict__, "after": after,
                                                "limit": page}))
        seen += [r.case_id for r in rows]
        if len(rows) < page:
            return seen
        after = rows[-1].list_key


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sort=st.sampled_from(SORTS), descending=st.booleans(), page=st.integers(1, 12),
       text=st.sampled_from(["", "a", "case b", "aml", "k0"]), trashed=st.booleans())
def test_pages_by_key_are_the_offset_sequence(tied_folder, sort, descending, page, text, trashed):
    query = ListQuery(sort=sort, descending=descending, text=text, trashed=trashed)
    expected = by_offset(tied_folder, query, page)
    assert by_key(tied_folder, query, page) == expected
    assert len(set(expected)) == len(expected) == tied_folder.cases.count_cases(query)


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_both_ways_one_row_a_page(tied_folder, sort, descending):
    """Page size 1 crosses every tie and the NULL/not-NULL boundary one row at a time."""
    query = ListQuery(sort=sort, descending=descending)
    whole = [r.case_id for r in tied_folder.cases.list_cases(
        ListQuery(sort=sort, descending=descending, limit=CASES))]
    assert by_key(tied_folder, query, 1) == whole
    assert len(whole) == CASES - 5  # 5 in the trash


def test_a_key_of_another_sort_is_refused(tied_folder):
    key = tied_folder.cases.list_cases(ListQuery(sort="title", limit=1))[0].list_key
    with pytest.raises(ValueError, match="title"):
        tied_folder.cases.list_cases(ListQuery(sort="day0", after=key))


def test_the_key_stays_out_of_the_json(tied_folder):
    row = tied_folder.cases.list_cases(ListQuery(limit=1))[0]
    assert row.list_key is not None and "list_key" not in row.model_dump()
