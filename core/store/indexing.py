"""Index rows rebuilt for a case in its save transaction (ARCHITECTURE decision 2).

``case_codes`` holds coded values per facet (dx, icd10, drug, atc, sex, status, ...),
``case_numbers`` numbers with units (age, ...): the fields declared with a facet in the model
(``core.model.facets``) plus the status. The search layer adds its facets and the
full-text row through ``register_indexer``; filters query these tables, never the JSON.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete

from core.model import Case
from core.model.facets import facet_values, row_value
from core.store.engine import plain
from core.store.tables import case_codes, case_numbers


@dataclass
class IndexRows:
    codes: list[tuple[str, str]] = field(default_factory=list)
    numbers: list[tuple[str, float, str | None]] = field(default_factory=list)
    doc: dict[str, Any] | None = None  # the case's JSON form when the saver has it (writers
    # may then skip work for the parts that did not change)

    def code(self, facet: str, value: object) -> None:
        if value is not None and value != "":  # a pasted soft hyphen splits no code
            self.codes.append((facet, str(value).lower().replace("\xad", "")))

    def number(self, facet: str, value: float | None, unit: str | None = None) -> None:
        if value is not None:
            self.numbers.append((facet, float(value), unit))


Indexer = Callable[[Case, IndexRows], None]
_INDEXERS: list[Indexer] = []
CaseWriter = Callable[[Connection, list[tuple[Case, IndexRows]]], None]  # with their rows
_WRITERS: list[tuple[CaseWriter, Callable[[Connection, list[str]], None]]] = []


def register_indexer(fn: Indexer) -> Indexer:
    if fn not in _INDEXERS:
        _INDEXERS.append(fn)
    return fn


def register_writer(write: CaseWriter, remove: Callable[[Connection, list[str]], None]) -> None:
    """Extra per-case rows (e.g. the full-text row) kept current in the save transaction."""
    if (write, remove) not in _WRITERS:
        _WRITERS.append((write, remove))


@register_indexer
def basic_facets(case: Case, rows: IndexRows) -> None:
    """The rows of every field declared with a facet (``core.model.facets``), and the status
    (bookkeeping: the record's workflow state, no field of the clinical model)."""
    rows.code("status", case.status)
    for found, value in facet_values(case):
        stored = row_value(found, value)
        if isinstance(stored, str):
            rows.code(found.facet.name, stored)
        else:
            rows.number(found.facet.name, stored, found.unit)


def build_rows(case: Case) -> IndexRows:
    rows = IndexRows()
    for fn in _INDEXERS:
        fn(case, rows)
    rows.codes = sorted(set(rows.codes))
    return rows


def write_index(conn: Connection, cases: list[Case], *, replace: bool,
                docs: Mapping[str, dict[str, Any]] | None = None) -> None:
    """Write the index rows of ``cases``. ``replace``: the cases may have rows already; a
    case's codes (or numbers) are rewritten only where they differ from the stored ones (a
    save mostly changes none), and each writer replaces its own rows. ``docs``: the JSON
    forms of the cases by id, when the caller has them."""
    built = [(case, build_rows(case)) for case in cases]
    for case, rows in built:
        rows.doc = docs.get(case.case_id) if docs else None
    kept_codes: set[str] = set()
    kept_numbers: set[str] = set()
    if replace:
        kept_codes, kept_numbers = _unchanged(conn, built)
        for table, kept in ((case_codes, kept_codes), (case_numbers, kept_numbers)):
            stale = [c.case_id for c, _ in built if c.case_id not in kept]
            for chunk in chunks(stale):
                conn.execute(delete(table).where(table.c.case_id.in_(chunk)))
    code_rows = [(case.case_id, f, v) for case, rows in built
                 if case.case_id not in kept_codes for f, v in rows.codes]
    number_rows = [(case.case_id, f, v, u) for case, rows in built
                   if case.case_id not in kept_numbers for f, v, u in rows.numbers]
    if code_rows:  # plain SQL: no compiling nor parameter processing per row
        plain(conn, "INSERT INTO case_codes (case_id, facet, value) VALUES (?, ?, ?)",
              code_rows, many=True)
    if number_rows:
        plain(conn, "INSERT INTO case_numbers (case_id, facet, value, unit) "
              "VALUES (?, ?, ?, ?)", number_rows, many=True)
    for write, _remove in _WRITERS:
        write(conn, built)


def _unchanged(conn: Connection, built: list[tuple[Case, IndexRows]]) -> tuple[set[str], set[str]]:
    """The cases whose stored code rows, and those whose stored number rows, are exactly the
    ones just built (as multisets: a duplicated stored row counts as a difference)."""
    codes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    numbers: dict[str, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    for chunk in chunks([case.case_id for case, _ in built]):
        marks = ", ".join("?" * len(chunk))  # plain SQL: nothing to compile per save
        for case_id, facet, value in plain(
                conn, f"SELECT case_id, facet, value FROM case_codes WHERE case_id IN ({marks})",
                tuple(chunk)):
            codes[case_id].append((facet, value))
        for case_id, *row in plain(
                conn, "SELECT case_id, facet, value, unit FROM case_numbers "
                f"WHERE case_id IN ({marks})", tuple(chunk)):
            numbers[case_id][tuple(row)] += 1
    # built codes are sorted and distinct (build_rows): equal sorted lists, equal multisets
    same_codes = {c.case_id for c, rows in built if sorted(codes[c.case_id]) == rows.codes}
    same_numbers = {c.case_id for c, rows in built
                    if numbers[c.case_id] == Counter(rows.numbers)}
    return same_codes, same_numbers


def chunks(ids: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """``ids`` in lists of at most ``size`` (under SQLite's limit of bound parameters)."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def remove_index(conn: Connection, ids: list[str]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        conn.execute(delete(case_codes).where(case_codes.c.case_id.in_(chunk)))
        conn.execute(delete(case_numbers).where(case_numbers.c.case_id.in_(chunk)))
        for _write, remove in _WRITERS:
            remove(conn, chunk)
