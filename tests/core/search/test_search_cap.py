"""More hits than the cap (issue 20): the search is answered from the newest hits, marked as
such (the count "more than N", recency instead of bm25), in the service and the command line;
a query under the cap keeps its exact count and its ranking."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from core.cli import main as cli_main
from core.search.index import DOCS_TABLE
from core.services.datasets import found_ids
from tests.core.search.conftest import REF1


@pytest.fixture
def capped(filled, monkeypatch):
    monkeypatch.setenv("CASEBOOK_SEARCH_CAP", "3")
    return filled


def newest(cb, ids: set[str], n: int) -> list[str]:
    with cb.ctx.db.read() as conn:
        rows = conn.execute(text(f"SELECT case_id FROM {DOCS_TABLE} ORDER BY doc_id DESC"))
        return [case_id for (case_id,) in rows if case_id in ids][:n]


def test_more_hits_than_the_cap_are_the_newest_ones_marked(capped):
    every = capped.search.search("cns:CNS3", every=True)
    assert every.total == 5 and not every.over_cap
    result = capped.search.search("cns:CNS3")
    assert result.over_cap and result.total == 3
    assert [h.case_id for h in result.hits] == newest(capped, {h.case_id for h in every.hits}, 3)
    assert all(h.score is None for h in result.hits)  # recency, no bm25
    assert "the 3 most recent matches, those with a query word in the title or a diagnosis " \
        "first, each newest first" in result.over_cap_note()
    rest = capped.search.search("cns:CNS3", offset=2, limit=10)
    assert [h.case_id for h in rest.hits] == [result.hits[2].case_id]
    by_title = capped.search.search("cns:CNS3", sort="title")
    assert by_title.over_cap and [h.title.casefold() for h in by_title.hits] == sorted(
        h.title.casefold() for h in result.hits)
    assert "sorted by title" in by_title.over_cap_note()
    assert len(found_ids(capped.search, "cns:CNS3")) == 5  # exporting what it finds: all


def test_a_query_under_the_cap_is_unchanged(capped):
    result = capped.search.search("dasatinib")
    assert not result.over_cap and result.total == 2 == len(result.hits)
    assert all(h.score is not None for h in result.hits)
    assert result.hits[0].case_id == REF1


def test_command_line_says_more_than_the_cap_and_how_to_narrow(capped, capsys):
    assert cli_main(["search", "cns:CNS3"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) >= 3
    assert "1-3 of more than 3 case(s): these are the 3 most recent matches, those" in err
    assert "add words or filters to narrow the search" in err
    assert cli_main(["search", "cns:CNS3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["over_cap"] is True and data["total"] == 3
    assert cli_main(["search", "dasatinib"]) == 0
    err = capsys.readouterr().err
    assert "1-2 of 2 case(s)." in err and "more than" not in err


def test_over_the_cap_hits_with_the_word_in_the_title_come_first(filled, monkeypatch):
    every = filled.search.search("case", every=True)
    assert every.total == 9
    monkeypatch.setenv("CASEBOOK_SEARCH_CAP", "8")
    result = filled.search.search("case")
    assert result.over_cap and result.total == 8
    pool = newest(filled, {h.case_id for h in every.hits}, 8)
    ids = [h.case_id for h in result.hits]
    in_title = [" case " in f" {h.title.casefold()} " for h in result.hits]
    assert sorted(ids) == sorted(pool) and in_title[0] and not in_title[-1]
    assert in_title == sorted(in_title, reverse=True)  # title hits first, then the rest
    assert ids != pool  # not simply newest first: an older title hit leads
    assert [i for i, t in zip(ids, in_title, strict=True) if not t] == [
        i for i in pool if i in ids and not in_title[ids.index(i)]]  # the rest newest first
