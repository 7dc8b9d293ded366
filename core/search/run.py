"""Running a compiled query: total, one ranked or sorted page, and that page's snippets.

Bounded work (ARCHITECTURE measurements): the total is a plain count; relevance (bm25, title
and diagnosis weighted up) is computed within the filtered set, and when more than
``RANK_CAP`` cases match, among the newest ``RANK_CAP`` of them only, the older following
unranked (a rowid range: at 100k cases a word in every case ranks in 5 ms instead of 30);
snippets only for the page's rows, cut in Python (``snippets``). Sorted pages read the hits
once, then walk the sort index when hits are dense or sort them when they are few; when nearly
every case is a hit, each case met on the walk is looked up in the FTS doclist instead (no
reading of all hits). Every ``+`` before a doc id in an IN test stops SQLite from running the
subquery's values one by one as lookups (measured: seconds instead of milliseconds).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, text

from core.search.compile import Plan
from core.search.documents import COLUMNS
from core.search.highlight import mark
from core.search.index import DOCS_TABLE, FTS_COLUMNS, FTS_TABLE
from core.search.results import CaseHit, SortKey
from core.search.snippets import snippet

WEIGHTS = {"title": 8.0, "dx": 4.0, "body": 1.0, "ids": 4.0, "cjk": 1.0, "facets": 0.0}
BM25 = f"bm25({FTS_TABLE}, {', '.join(str(WEIGHTS[c]) for c in FTS_COLUMNS)})"
RANK_CAP = 2000
MAX_SPOTS = 12  # query words whose title and diagnosis hits order the ranking (bounds:
# MAX_ALTERNATIVES words joined by OR at most)
HIT_CAP = 5000  # more hits: answered from the newest HIT_CAP (CASEBOOK_SEARCH_CAP sets it)
SEEK_WALK = 100  # walk at most this many cases looking each one up in the FTS doclist
# each sort's column, first after trashed_at in an index of its own (ix_cases_updated,
# ix_cases_day0, ix_cases_title_order, ix_cases_id_key, ix_cases_main_dx) but status, whose
# index holds it alone (ix_cases_status: ``_sorted`` keeps trashed_at from choosing another);
# title and case id: their natural order's keys (core.store.title_order, id_order)
SORT_COLUMNS = {"updated": "c.updated_at", "title": "c.title_order", "day0": "c.day0",
                "case_id": "c.id_key", "status": "c.status", "main_dx": "c.main_dx"}
OWN_INDEX_SORTS = frozenset({"status"})  # as core.store.summaries.OWN_INDEX_SORTS
DEFAULT_DESCENDING = {"relevance": False, "updated": True, "title": False, "day0": True,
                      "case_id": False, "status": False, "main_dx": False}


@dataclass(frozen=True)
class PageRow:
    doc_id: int
    case_id: str
    score: float | None


def candidates(plan: Plan) -> tuple[str, dict[str, object]]:
    """SQL selecting the ``doc_id`` of every hit, and its parameters."""
    if plan.main is None:
        return (f"SELECT d.doc_id FROM {DOCS_TABLE} d WHERE {plan.where('d.doc_id')}",
                dict(plan.params))
    return (f"SELECT f.rowid FROM {FTS_TABLE} f WHERE {FTS_TABLE} MATCH :main "
            f"AND {plan.where('+f.rowid')}", {**plan.params, "main": plan.main})


def case_ids(plan: Plan) -> tuple[str, dict[str, object]]:
    """SQL selecting the ``case_id`` of every hit, and its parameters."""
    sql, params = candidates(plan)
    return f"SELECT m.case_id FROM {DOCS_TABLE} m WHERE m.doc_id IN ({sql})", params


def count(conn: Connection, plan: Plan) -> int:
    sql, params = candidates(plan)
    return int(conn.execute(text(f"SELECT count(*) FROM ({sql})"), params).scalar_one())


def hit_cap() -> int:
    """How many hits a search answers from at most (``CASEBOOK_SEARCH_CAP``, else HIT_CAP)."""
    value = os.environ.get("CASEBOOK_SEARCH_CAP", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else HIT_CAP


def bounded_count(conn: Connection, plan: Plan, cap: int) -> tuple[int, int | None]:
    """The number of hits and None; past ``cap`` hits, ``cap`` and the lowest doc id of the
    newest ``cap`` hits (the candidate set), without counting the rest: at 1M cases an exact
    count of a common word reads its whole hit list (117 ms against 15 ms at 100k)."""
    sql, params = candidates(plan)
    params = {**params, "cap": cap}
    found = int(conn.execute(text(f"SELECT count(*) FROM ({sql} LIMIT :cap + 1)"), params
                             ).scalar_one())
    if found <= cap:
        return found, None
    key = "f.rowid" if plan.main is not None else "d.doc_id"
    low = conn.execute(text(f"{sql} ORDER BY {key} DESC LIMIT 1 OFFSET :cap - 1"), params
                       ).scalar_one()
    return cap, int(low)


def page(conn: Connection, plan: Plan, total: int, sort: SortKey, descending: bool | None,
         offset: int, limit: int, *, cap: bool = True, low: int | None = None,
         ) -> tuple[list[PageRow], bool]:
    """The rows of one page, and whether relevance was ranked within a capped pool.

    ``low`` (from ``bounded_count``): only the hits from that doc id up, the candidate set of
    a search with more hits than the cap; relevance is then ``_newest`` (title and diagnosis
    hits first, each newest first: FTS5's bm25 reads every word's whole hit list, 105 ms at
    1M cases), the other sorts sort the set."""
    if descending is None:
        descending = DEFAULT_DESCENDING[sort]
    if low is not None and sort == "relevance" and plan.main is not None:
        return _with_case_ids(conn, _newest(conn, plan, low, offset, limit)), True
    if sort == "relevance" and plan.main is not None and plan.text is not None:
        rows, capped = _ranked(conn, plan, total if cap else 0, descending, offset, limit)
        return _with_case_ids(conn, rows), capped
    return _sorted(conn, plan, total, sort, descending, offset, limit, low), False


def _newest(conn: Connection, plan: Plan, low: int, offset: int,
            limit: int) -> list[tuple[int, float | None]]:
    """Relevance within the candidate set (doc ids from ``low`` up) without bm25: the hits
    holding a query word in the title or a diagnosis first (the columns bm25 weighs up), then
    the rest, each newest first; unscored. Only rows of the set's rowid range are read."""
    params = {**plan.params, "main": plan.main, "low": low}
    where = f"{FTS_TABLE} MATCH :main AND f.rowid >= :low AND {plan.where('+f.rowid')}"
    words = _title_words(plan)
    if words is None:  # filters (or CJK words) only: newest first
        rows = conn.execute(text(f"SELECT f.rowid FROM {FTS_TABLE} f WHERE {where} "
                                 "ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset"),
                            {**params, "limit": limit, "offset": offset})
        return [(doc_id, None) for (doc_id,) in rows]
    rows = conn.execute(text(
        f"WITH first(doc_id) AS MATERIALIZED (SELECT rowid FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH :words AND rowid >= :low) "
        f"SELECT f.rowid FROM {FTS_TABLE} f WHERE {where} "
        "ORDER BY f.rowid IN first DESC, f.rowid DESC LIMIT :limit OFFSET :offset"),
        {**params, "words": words, "limit": limit, "offset": offset})
    return [(doc_id, None) for (doc_id,) in rows]


def _title_words(plan: Plan) -> str | None:
    """A MATCH for any positive query word (not CJK) in the title or diagnosis columns."""
    phrases = ['"' + " ".join(p.words) + '"' + (" *" if p.prefix else "")
               for p in plan.phrases if not p.cjk]
    return f"{{title dx}} : ({' OR '.join(phrases)})" if phrases else None


def _order(sort: SortKey, descending: bool) -> str:
    key = SORT_COLUMNS.get(sort, "c.updated_at")
    direction = "DESC" if descending or sort == "relevance" else "ASC"
    order = f"{key} {direction}, c.rowid {direction}"  # the order of the index on key
    if sort == "day0" and direction == "ASC":
        order = f"{key} IS NULL, {order}"  # cases without Day 0 last
    return order


def _sorted(conn: Connection, plan: Plan, total: int, sort: SortKey, descending: bool,
            offset: int, limit: int, low: int | None = None) -> list[PageRow]:
    params: dict[str, object] = {**plan.params, "limit": limit, "offset": offset}
    order = _order(sort, descending)
    tables = f"cases c JOIN {DOCS_TABLE} d ON d.case_id = c.id"
    trash = "+c.trashed_at" if sort in OWN_INDEX_SORTS else "c.trashed_at"  # "+": no index
    where = f"{trash} IS NULL AND {plan.where('+d.doc_id')}"
    within = "" if low is None else " AND rowid >= :low"
    if low is not None:
        where += " AND d.doc_id >= :low"
        params["low"] = low
    cte = ""
    if plan.main is not None:
        params["main"] = plan.main
        visits = _walk_length(conn, total, offset + limit)
        if visits <= SEEK_WALK and "*" not in plan.main:  # very dense: look each case up
            where += (f" AND EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :main "
                      "AND rowid = d.doc_id)")
        else:  # read the hits once, then walk the sort index (dense) or sort them (sparse)
            cte = (f"WITH cand(doc_id) AS MATERIALIZED (SELECT rowid FROM {FTS_TABLE} "
                   f"WHERE {FTS_TABLE} MATCH :main{within}) ")
            where += " AND +d.doc_id IN cand"
            if visits > total:
                tables = (f"cand CROSS JOIN {DOCS_TABLE} d ON d.doc_id = cand.doc_id "
                          "CROSS JOIN cases c ON c.id = d.case_id")
    rows = conn.execute(text(f"{cte}SELECT d.doc_id, d.case_id, NULL FROM {tables} "
                             f"WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset"),
                        params)
    return [PageRow(*r) for r in rows]


def _walk_length(conn: Connection, total: int, wanted: int) -> float:
    """About how many cases a walk of the sort index visits to find ``wanted`` hits."""
    cases: int = conn.execute(text(f"SELECT coalesce(max(doc_id), 0) FROM {DOCS_TABLE}")
                              ).scalar_one()
    return wanted * cases / max(total, 1)


def _ranked(conn: Connection, plan: Plan, total: int, worst_first: bool, offset: int,
            limit: int) -> tuple[list[tuple[int, float | None]], bool]:
    """bm25 order; past RANK_CAP hits, the newest RANK_CAP are ranked (a rowid range, which
    FTS5 seeks to) and the older ones follow newest first, unranked (score None)."""
    params: dict[str, object] = {**plan.params, "main": plan.main}
    where = f"{FTS_TABLE} MATCH :main AND {plan.where('+f.rowid')}"
    order = "DESC" if worst_first else "ASC"
    if total <= RANK_CAP:
        return _by_score(conn, plan, where, order, params, offset, limit), False
    params["low"] = conn.execute(text(
        f"SELECT min(rowid) FROM (SELECT f.rowid FROM {FTS_TABLE} f WHERE {where} "
        f"ORDER BY f.rowid DESC LIMIT {RANK_CAP})"), params).scalar_one()
    rows: list[tuple[int, float | None]] = []
    if offset < RANK_CAP:
        rows += _by_score(conn, plan, f"{where} AND f.rowid >= :low", order, params, offset,
                          min(limit, RANK_CAP - offset), " AND rowid >= :low")
    rest = offset + limit - RANK_CAP
    if rest > 0:
        older = conn.execute(text(
            f"SELECT f.rowid FROM {FTS_TABLE} f WHERE {where} AND f.rowid < :low "
            f"ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset"),
            {**params, "limit": min(rest, limit), "offset": max(0, offset - RANK_CAP)})
        rows += [(doc_id, None) for (doc_id,) in older]
    return rows, True


def _by_score(conn: Connection, plan: Plan, where: str, order: str,
              params: dict[str, object], offset: int, limit: int, within: str = ""
              ) -> list[tuple[int, float | None]]:
    """bm25 order, after the number of the query's words found in the title or a diagnosis
    (most first; fewest with ``order`` DESC, worst first): bm25 alone ranked a word in more
    than half the cases nearly alike in every case (FTS5 gives it an IDF of almost 0), so
    'blinatumomab CNS' put the reference cases, both words in their titles, 9th and 14th
    among the demo cases. Each word is looked for among the hits only."""
    spots = _title_spots(plan)
    ctes = ", ".join(f"t{i}(doc_id) AS MATERIALIZED (SELECT rowid FROM {FTS_TABLE} WHERE "
                     f"{FTS_TABLE} MATCH :t{i}{within})" for i in range(len(spots)))
    found = " + ".join(f"(f.rowid IN t{i})" for i in range(len(spots)))
    first = f"{found} {'ASC' if order == 'DESC' else 'DESC'}, " if spots else ""
    rows = conn.execute(text(
        f"{'WITH ' + ctes + ' ' if spots else ''}"
        f"SELECT f.rowid, {BM25} AS score FROM {FTS_TABLE} f WHERE {where} "
        f"ORDER BY {first}score {order}, f.rowid DESC LIMIT :limit OFFSET :offset"),
        {**params, **{f"t{i}": spot for i, spot in enumerate(spots)},
         "limit": limit, "offset": offset})
    return [(doc_id, -score) for doc_id, score in rows]


def _title_spots(plan: Plan) -> list[str]:
    """A MATCH of the query's hits holding each positive query word (not CJK) in the title or
    a diagnosis: within the hits, so a common word's whole list of title hits is not read
    (at 100k cases 'case report leukemia T315I' took 290 ms instead of 89 without it)."""
    return [f"({plan.main}) AND ({spot})" for spot in plan.spots[:MAX_SPOTS]]


def _with_case_ids(conn: Connection, rows: list[tuple[int, float | None]]) -> list[PageRow]:
    if not rows:
        return []
    found: dict[int, str] = dict(conn.execute(text(f"SELECT doc_id, case_id FROM {DOCS_TABLE} WHERE doc_id IN "
                                   ":ids").bindparams(bindparam("ids", expanding=True)),
                              {"ids": [doc_id for doc_id, _ in rows]}).all())
    return [PageRow(doc_id, found[doc_id], score) for doc_id, score in rows if doc_id in found]


def hits(conn: Connection, plan: Plan, rows: list[PageRow]) -> list[CaseHit]:
    """The page's rows with their summary, highlighted title and snippet."""
    if not rows:
        return []
    summary = _summaries(conn, [r.case_id for r in rows])
    texts = _texts(conn, [r.doc_id for r in rows]) if plan.phrases else {}
    out = []
    for row in rows:
        info = summary.get(row.case_id)
        if info is None:
            continue
        out.append(CaseHit(
            case_id=row.case_id, title=info["title"], main_dx=info["main_dx"],
            status=info["status"], updated_at=info["updated_at"], day0=info["day0"],
            title_spans=mark(info["title"], plan.phrases),
            snippet=snippet(texts.get(row.doc_id, {}), plan.phrases), score=row.score))
    return out


def _summaries(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    sql = text("SELECT id, title, main_dx, status, updated_at, day0 FROM cases "
               "WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
    return {r["id"]: dict(r) for r in conn.execute(sql, {"ids": ids}).mappings()}


def _texts(conn: Connection, doc_ids: list[int]) -> dict[int, dict[str, str]]:
    """The indexed columns of some rows, read by rowid (no MATCH)."""
    sql = text(f"SELECT rowid, {', '.join(COLUMNS)} FROM {FTS_TABLE} WHERE rowid IN :ids"
               ).bindparams(bindparam("ids", expanding=True))
    return {r[0]: dict(zip(COLUMNS, r[1:], strict=True))
            for r in conn.execute(sql, {"ids": doc_ids})}
