"""A search's hits sort by every column of the case list (Case id, Title in natural order,
Status, Main diagnosis as well as Day 0 and last change), in the list's order, on every path
``core.search.run._sorted`` takes, and each page is read by walking the sort's index when
hits are dense (never by sorting every hit)."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from core.cli import main
from core.model import Case
from core.search import run
from core.services.listing import ListQuery

# (case id, status, main diagnosis, title): hits say "blinatumomab", the last two do not
CASES = [("SYN-S10", "locked", "B-ALL", "Blinatumomab case 10"),
         ("SYN-S2", "complete", "T-ALL", "blinatumomab Case 2"),
         ("SYN-S100", "draft", None, "Blinatumomab case 100"),
         ("SYN-S1", "draft", "MPAL", "Étude blinatumomab 1"),
         ("SYN-S9", "complete", "B-ALL", "blinatumomab case 9"),
         ("SYN-S3", "draft", "CML", "Esprit blinatumomab"),
         ("SYN-S11", "locked", "other", "zoster blinatumomab"),
         ("SYN-S4", "draft", "T-ALL", "Case 4, no match"),
         ("SYN-S5", "complete", None, "Case 5, no match")]
HITS = {c[0] for c in CASES[:7]}
SORTS = ("case_id", "title", "status", "main_dx", "day0", "updated")


@pytest.fixture
def sortable(casebook):
    casebook.cases.import_cases([
        Case(case_id=case_id, status=status, case_report={"title": title},
             diagnoses=[{"role": "initial", "entity": dx}] if dx else [])
        for case_id, status, dx, title in CASES])
    return casebook


def list_order(cb, sort: str, descending: bool) -> list[str]:
    rows = cb.cases.list_cases(ListQuery(sort=sort, descending=descending, limit=100))
    return [r.case_id for r in rows if r.case_id in HITS]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(("seek_walk", "limit"), [(100, 2), (0, 2), (0, 100)],
                         ids=["looked-up", "walked", "sorted"])
def test_hits_come_in_the_lists_order(sortable, monkeypatch, sort, descending, seek_walk,
                                      limit):
    """Each of _sorted's ways (each case of the index looked up in the FTS doclist, the hits
    read once then the index walked, or the few hits sorted), page by page."""
    monkeypatch.setattr(run, "SEEK_WALK", seek_walk)
    seen: list[str] = []
    while True:
        result = sortable.search.search("blinatumomab", offset=len(seen), limit=limit,
                                        sort=sort, descending=descending)
        assert result.error is None and result.sort == sort and result.total == len(HITS)
        if not result.hits:
            break
        seen += [h.case_id for h in result.hits]
    assert seen == list_order(sortable, sort, descending)


def test_natural_order_of_ids_and_titles(sortable):
    by_id = sortable.search.search("blinatumomab", sort="case_id").hits
    assert [h.case_id for h in by_id] == ["SYN-S1", "SYN-S2", "SYN-S3", "SYN-S9", "SYN-S10",
                                          "SYN-S11", "SYN-S100"]
    by_title = sortable.search.search("blinatumomab", sort="title").hits
    assert [h.title for h in by_title] == [
        "blinatumomab Case 2", "blinatumomab case 9", "Blinatumomab case 10",
        "Blinatumomab case 100", "Esprit blinatumomab", "Étude blinatumomab 1",
        "zoster blinatumomab"]  # case and accents aside
    by_status = sortable.search.search("blinatumomab", sort="status").hits
    assert [h.status for h in by_status] == sorted(h.status for h in by_status)
    by_dx = sortable.search.search("blinatumomab", sort="main_dx", descending=True).hits
    assert [h.main_dx for h in by_dx] == ["other", "T-ALL", "MPAL", "CML", "B-ALL", "B-ALL",
                                          None]


@pytest.mark.parametrize(("sort", "index"), [("case_id", "ix_cases_id_key"),
                                             ("title", "ix_cases_title_order"),
                                             ("status", "ix_cases_status"),
                                             ("main_dx", "ix_cases_main_dx")])
@pytest.mark.parametrize("seek_walk", [100, 0], ids=["looked-up", "walked"])
def test_dense_hits_walk_the_sort_index(sortable, monkeypatch, sort, index, seek_walk):
    """Dense hits: the page is read in the index's order, no "TEMP B-TREE" sorting the hits
    (at 100,000 cases that sort would read every hit's row)."""
    monkeypatch.setattr(run, "SEEK_WALK", seek_walk)
    plans: list[str] = []

    def explain(conn, cursor, statement, parameters, context, executemany):
        if "SELECT d.doc_id, d.case_id, NULL FROM" in statement:
            probe = conn.connection.cursor()
            plans.append(" ".join(str(r[-1]) for r in probe.execute(
                f"EXPLAIN QUERY PLAN {statement}", parameters)))
            probe.close()

    event.listen(Engine, "before_cursor_execute", explain)
    try:
        for descending in (False, True):
            assert sortable.search.search("blinatumomab", limit=2, sort=sort,
                                          descending=descending).hits
    finally:
        event.remove(Engine, "before_cursor_execute", explain)
    assert len(plans) == 2
    for plan in plans:
        assert index in plan and "B-TREE" not in plan, plan


def test_command_line_search_sorts(sortable, capsys):
    sortable.close()
    assert main(["search", "blinatumomab", "--sort", "case_id"]) == 0
    out = capsys.readouterr().out
    ids = [line.split("\t")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert ids == ["SYN-S1", "SYN-S2", "SYN-S3", "SYN-S9", "SYN-S10", "SYN-S11", "SYN-S100"]
    assert main(["search", "blinatumomab", "--sort", "title", "--json"]) == 0
    import json

    found = json.loads(capsys.readouterr().out)
    assert found["sort"] == "title"
    assert [h["title"] for h in found["hits"]][:4] == [
        "blinatumomab Case 2", "blinatumomab case 9", "Blinatumomab case 10",
        "Blinatumomab case 100"]
    for sort in ("status", "main_dx"):
        assert main(["search", "blinatumomab", "--sort", sort]) == 0
        capsys.readouterr()
