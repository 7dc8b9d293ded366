"""The whole-index rebuild, in bulk (issue 20: 10,002 cases took 33.8 s through the save path).

The rows are the ones a save writes (``build_rows``, ``case_text``, ``row_words``; a test
compares them), written the way a bulk load is fast: into empty tables whose secondary indexes
are dropped first and created again from their stored definitions at the end (one sort instead
of a B-tree insert per row), with plain ``executemany`` (no statement compiled per batch, no
look-up of stored rows: there are none), FTS row ids numbered in Python, a larger page cache
for the transaction, and the FTS index merged into one segment (``optimize``) once, at the end.
Everything happens in the caller's transaction: readers beside see the old index until it
commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from core.logs import get_logger
from core.model import Case
from core.search import index as ix
from core.search.documents import COLUMNS, case_text
from core.search.facet_tokens import row_words
from core.store.engine import plain
from core.store.indexing import _WRITERS, IndexRows, build_rows

log = get_logger("search")
CHUNK = 500
CACHE_KIB = 256 * 1024  # page cache while rebuilding (SQLite's default is 2 MiB)
BULK_TABLES = ("case_codes", "case_numbers")
Progress = Callable[[int, int], None]


def rebuild_index(conn: Connection, on_progress: Progress | None = None) -> int:
    """Rebuild every index row (facets and full text) of every case, in the caller's
    transaction, and record ``INDEX_VERSION``. Returns the number of cases indexed."""
    total = plain(conn, "SELECT count(*) FROM cases").fetchone()[0]
    cache = plain(conn, "PRAGMA cache_size").fetchone()[0]
    plain(conn, f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        for statement in (*ix.DROP_TABLES, *ix.CREATE_TABLES):
            plain(conn, statement)
        indexes = _drop_indexes(conn)
        for table in BULK_TABLES:
            plain(conn, f"DELETE FROM {table}")
        done = 0
        for batch in _stored_cases(conn):
            _write(conn, batch, done + 1)
            done += len(batch)
            if on_progress:
                on_progress(done, total)
        for sql in indexes:
            plain(conn, sql)
        for name, on in ix.INDEXES.items():  # a repair too: any missing search index comes back
            plain(conn, f"CREATE INDEX IF NOT EXISTS {name} ON {on}")
        plain(conn, f"INSERT INTO {ix.FTS_TABLE}({ix.FTS_TABLE}) VALUES ('optimize')")
        plain(conn, "DELETE FROM app_meta WHERE key = ?", (ix.INDEX_VERSION_KEY,))
        plain(conn, "INSERT INTO app_meta (key, value) VALUES (?, ?)",
              (ix.INDEX_VERSION_KEY, str(ix.INDEX_VERSION)))
    finally:
        plain(conn, f"PRAGMA cache_size = {cache}")
    return done


def _drop_indexes(conn: Connection) -> list[str]:
    """Drop the secondary indexes of the facet tables; their CREATE statements, to run again."""
    marks = ", ".join("?" * len(BULK_TABLES))
    found = plain(conn, f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                  f"tbl_name IN ({marks}) AND sql IS NOT NULL ORDER BY rowid",
                  BULK_TABLES).fetchall()
    for name, _sql in found:
        plain(conn, f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _write(conn: Connection, batch: list[Case], first_doc: int) -> None:
    """The index rows of a batch of cases (new cases: nothing stored to compare with)."""
    built = [(case, build_rows(case)) for case in batch]
    codes = [(case.case_id, facet, value) for case, rows in built for facet, value in rows.codes]
    numbers = [(case.case_id, facet, value, unit)
               for case, rows in built for facet, value, unit in rows.numbers]
    if codes:
        plain(conn, "INSERT INTO case_codes (case_id, facet, value) VALUES (?, ?, ?)", codes,
              many=True)
    if numbers:
        plain(conn, "INSERT INTO case_numbers (case_id, facet, value, unit) VALUES (?, ?, ?, ?)",
              numbers, many=True)
    docs = [(first_doc + i, case.case_id) for i, (case, _rows) in enumerate(built)]
    plain(conn, f"INSERT INTO {ix.DOCS_TABLE} (doc_id, case_id) VALUES (?, ?)", docs, many=True)
    names = ", ".join(ix.FTS_COLUMNS)
    plain(conn, f"INSERT INTO {ix.FTS_TABLE} (rowid, {names}) VALUES "
          f"(?{', ?' * len(ix.FTS_COLUMNS)})",
          [(doc_id, *_fts_values(case, rows)) for (doc_id, _), (case, rows)
           in zip(docs, built, strict=True)], many=True)
    others = [write for write, _remove in _WRITERS if write is not ix.write_documents]
    for write in others:  # any other registered writer, as a save runs it
        write(conn, built)


def _fts_values(case: Case, rows: IndexRows) -> tuple[str, ...]:
    values = ix._values.get(case)  # computed for the facets just now: the cached ones
    text = case_text(case, values).columns()
    ix._values.drop(case)
    return (*(text[name] for name in COLUMNS), row_words(rows))


def _stored_cases(conn: Connection) -> Iterator[list[Case]]:
    """Every stored case in the order they were stored (FTS row ids grow with age, which
    ranking a very common word relies on), in batches read by keyset: memory stays flat."""
    last = 0
    while True:
        rows = plain(conn, "SELECT rowid, id, document, version, status FROM cases "
                     "WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, CHUNK)).fetchall()
        if not rows:
            return
        batch = [case for case in map(_read_case, rows) if case is not None]
        if batch:
            yield batch
        last = rows[-1][0]


def _read_case(row: tuple[Any, ...]) -> Case | None:
    _rowid, case_id, document, version, status = row
    try:
        case = Case.model_validate_json(document)
    except ValidationError as exc:  # a document the model no longer reads: keep going
        log.warning("case %s not indexed: %s", case_id, exc)
        return None
    return case.model_copy(update={"version": version, "status": status})
