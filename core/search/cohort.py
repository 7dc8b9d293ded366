"""What a set of hits looks like as a cohort (counts and ages), and its CSV export.

Counts walk one facet in the covering index (facet, value, case_id) and test each case id
against the hits (``+case_id``: never the other way round, which reads every row of every
hit); the export reads a page of cases' rows by case id (``+facet``)."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import BindParameter, Connection, bindparam, text

from core.io.outputs import atomic_open
from core.io.spreadsheet_text import safe
from core.search.compile import Plan
from core.search.derived import CNS_ONLY, OTHER_ONLY
from core.search.run import case_ids, page
from core.search.values import display_value

NOT_RECORDED = "not recorded"
# Hits that have responses, none of which is an overall one (RESPONSE_RANK: the best_response
# facet), are counted as CNS_ONLY or OTHER_ONLY: core.search.derived.no_overall_response says
# which, here in SQL.
CSV_COLUMNS = ("case_id", "title", "status", "main_dx", "day0", "age", "sex",
               "cns_at_diagnosis", "best_response", "updated_at")


def facet_counts(conn: Connection, plan: Plan, facet: str, total: int) -> dict[str, int]:
    """Hits per value of a one-value-per-case facet; cases without one as 'not recorded'."""
    sql, params = case_ids(plan)
    rows = conn.execute(text(
        f"SELECT value, count(*) FROM case_codes WHERE facet = :facet "
        f"AND +case_id IN ({sql}) GROUP BY value ORDER BY count(*) DESC, value"),
        {**params, "facet": facet}).all()
    counts = {str(value): int(n) for value, n in rows}
    missing = total - sum(counts.values())
    if missing > 0:
        counts[NOT_RECORDED] = missing
    return counts


def best_response_counts(conn: Connection, plan: Plan, total: int) -> dict[str, int]:
    """Hits per best (overall) response, as ``facet_counts``; of the hits without one, those
    with responses of other scopes only are counted as such, not as 'not recorded'."""
    counts = facet_counts(conn, plan, "best_response", total)
    sql, params = case_ids(plan)
    cns_only = [bool(v) for v in conn.execute(text(  # CNS categories, or the CNS scope
        f"SELECT min(r.value LIKE 'cns\\_%' ESCAPE '\\') OR coalesce((SELECT min(s.value = "
        f"'cns') FROM case_codes s WHERE s.case_id = r.case_id AND s.facet = "
        f"'response_scope'), 0) FROM case_codes r "
        f"WHERE r.facet = 'response' AND +r.case_id IN ({sql}) AND NOT EXISTS (SELECT 1 "
        f"FROM case_codes b WHERE b.case_id = r.case_id AND b.facet = 'best_response') "
        f"GROUP BY r.case_id"), params).scalars()]
    missing = counts.pop(NOT_RECORDED, 0) - len(cns_only)
    for label, n in ((CNS_ONLY, sum(cns_only)), (OTHER_ONLY, cns_only.count(False)),
                     (NOT_RECORDED, missing)):
        if n > 0:
            counts[label] = n
    return counts


def count_ae_grade(conn: Connection, plan: Plan, at_least: int) -> int:
    sql, params = case_ids(plan)
    return int(conn.execute(text(
        f"SELECT count(DISTINCT case_id) FROM case_numbers WHERE facet = 'ae' "
        f"AND value >= :grade AND +case_id IN ({sql})"), {**params, "grade": at_least}
    ).scalar_one())


def count_with_facet(conn: Connection, plan: Plan, facet: str, value: str) -> int:
    """Hits with a coded ``value`` of ``facet``: an adverse event of any grade or none given
    (``ae``, ``crs``), an MRD assessment's category (``mrd``, ``negative_sufficient``)."""
    sql, params = case_ids(plan)
    return int(conn.execute(text(
        f"SELECT count(DISTINCT case_id) FROM case_codes WHERE facet = :facet AND value = "
        f":value AND +case_id IN ({sql})"), {**params, "facet": facet, "value": value}
    ).scalar_one())


def ages(conn: Connection, plan: Plan) -> list[float]:
    """The hits' ages at Day 0 (those that have one)."""
    sql, params = case_ids(plan)
    return [float(v) for v in conn.execute(text(
        f"SELECT value FROM case_numbers WHERE facet = 'age' AND +case_id IN ({sql})"),
        params).scalars()]


def write_csv(conn: Connection, plan: Plan, total: int, path: Path, sort: str, *,
              force: bool = False) -> int:
    """Every hit as one CSV row (identifiers never included), written atomically (``force``:
    replacing a file that is there). Returns the number of rows."""
    rows, _capped = page(conn, plan, total, sort, None, 0, max(total, 1),  # type: ignore[arg-type]
                         cap=False)
    ids = [r.case_id for r in rows]
    details = _details(conn, ids)
    with atomic_open(path, "w", force=force, encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for case_id in ids:
            if case_id in details:
                writer.writerow([_safe(details[case_id].get(c)) for c in CSV_COLUMNS])
    return len(ids)


def _details(conn: Connection, ids: list[str]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        _add_details(conn, chunk, out)
    return out


def _add_details(conn: Connection, ids: list[str], out: dict[str, dict[str, object]]) -> None:
    expanding: BindParameter[list[str]] = bindparam("ids", expanding=True)
    for row in conn.execute(text(
            "SELECT id AS case_id, title, status, main_dx, day0, updated_at FROM cases "
            "WHERE id IN :ids").bindparams(expanding), {"ids": ids}).mappings():
        out[row["case_id"]] = dict(row)
    names = {"sex": "sex", "cnsdx": "cns_at_diagnosis", "best_response": "best_response"}
    for case_id, facet, value in conn.execute(text(
            "SELECT case_id, facet, value FROM case_codes WHERE +facet IN "
            "('sex', 'cnsdx', 'best_response') AND case_id IN :ids").bindparams(expanding),
            {"ids": ids}):
        out.get(case_id, {})[names[facet]] = display_value(facet, value)  # CNS1, CRh: as shown
    for case_id, value in conn.execute(text(
            "SELECT case_id, value FROM case_numbers WHERE +facet = 'age' AND case_id IN :ids")
            .bindparams(expanding), {"ids": ids}):
        out.get(case_id, {})["age"] = int(value) if float(value).is_integer() else value


def _safe(value: object) -> object:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe, as in
    the dataset export (``core.io.spreadsheet_text``: its import takes it off again)."""
    if isinstance(value, str):
        return safe(value)
    return "" if value is None else value
