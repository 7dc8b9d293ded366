"""The whole-index rebuild, in bulk (issue 20: 10,002 cases took 33.8 s through the save path).

The rows are the ones a save writes (``build_rows``, ``case_text``, ``row_words``; a test
compares them), written the way a bulk load is fast: into empty tables whose secondary indexes
are dropped first and created again from their stored definitions at the end (one sort instead
of a B-tree insert per row), with plain ``executemany`` (no statement compiled per batch, no
look-up of stored rows: there are none), FTS row ids numbered in Python, a larger page cache
for the transaction, and the FTS index merged into one segment (``optimize``) once, at the end.
Everything happens in the caller's transaction: readers beside see the old index until it
commits.

A case's rows are built without validating its whole document (``stored.stored_case``: the
sections the indexers read are validated on first access, the full text comes from the JSON,
``documents.json_case_text``), in worker processes when there are many cases and more than
one processor (``build_batch`` in ``rebuild_workers``): this process reads the stored rows
and writes them, in storage order.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from core.logs import get_logger
from core.model import Case
from core.search import index as ix
from core.search.documents import COLUMNS, json_case_text
from core.search.facet_tokens import row_words
from core.search.stored import UnreadableCase, stored_case
from core.store.engine import plain
from core.store.indexing import _WRITERS, IndexRows, build_rows

log = get_logger("search")
CHUNK = 500
CACHE_KIB = 256 * 1024  # page cache while rebuilding (SQLite's default is 2 MiB)
BULK_TABLES = ("case_codes", "case_numbers")
Progress = Callable[[int, int], None]
WORKERS_FROM = 4_000  # cases: with fewer, starting worker processes costs more than it saves
MAX_WORKERS = 4
AHEAD = 4  # batches handed to the workers beyond the one being written (bounded memory)
FIRST = 8  # batches handed to them at once: they build those while this process drops the
# old index (100k cases: ~4 s of CPU here, reading every page of the old FTS index to free it)
NUMBER_KEY = itemgetter(0, 1, 2)  # facet, value, case id (not the unit: None beside a text)
StoredRow = tuple[Any, ...]  # rowid, id, document (bytes), version, status
# FTS5 merges while rows go in: none (each segment flushed stays as it is, up to FTS5's
# 2,000 per level) and one merge of them all at the end ('optimize'), instead of merging
# every 4 segments of a level into the next level as they come (each row's terms merged
# again per level). 100k cases: FTS phase 37.2 -> 25.0 s CPU. SAVE_MERGE: FTS5's defaults,
# which saves then keep.
# hashsize: the terms FTS5 gathers in memory before it writes them out as a segment (1 MiB by
# default): 64 MiB writes a common word's hits in a few segments, not in thousands, and the
# final merge has that much less to merge (100k cases: optimize 7.2 -> 5.3 s CPU).
BULK_MERGE = {"automerge": 0, "crisismerge": 1_999, "hashsize": 64 * 1024 * 1024}
SAVE_MERGE = {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}


@dataclass
class Rows:
    """The index rows of a batch of cases as they are inserted: plain lists of tuples, made
    in a worker (cheap to pickle, nothing left to reshape in this process, which writes
    them), with each case and its rows when built here for another registered writer."""

    case_ids: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # facet, value, case id
    numbers: list[tuple[str, float, str, str | None]] = field(default_factory=list)  # + unit
    fts: list[tuple[str, ...]] = field(default_factory=list)  # the FTS columns of each case
    sources: list[tuple[Case, IndexRows]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.case_ids)


def rebuild_index(conn: Connection, on_progress: Progress | None = None, *,
                  workers: int | None = None, left_out: list[str] | None = None) -> int:
    """Rebuild every index row (facets and full text) of every case, in the caller's
    transaction, and record ``INDEX_VERSION``. Returns the number of cases indexed.
    ``workers``: processes building the rows (0: none; None: by the number of cases and
    processors). ``left_out``: gets the id of each case the model does not read (logged
    with the reason; not indexed)."""
    total = plain(conn, "SELECT count(*) FROM cases").fetchone()[0]
    cache = plain(conn, "PRAGMA cache_size").fetchone()[0]
    threads = plain(conn, "PRAGMA threads").fetchone()[0]
    secure = plain(conn, "PRAGMA secure_delete").fetchone()[0]
    with ExitStack() as stack:  # the workers start first: they import while the old index goes
        pool = _pool(stack, total, workers)
        plain(conn, "PRAGMA secure_delete = FAST")  # the old index's pages freed, not zeroed
        # one by one (Debian's SQLite zeroes them by default: 8.7 s at 100k cases); what it
        # held is in the stored cases, and cells deleted in place are still zeroed
        plain(conn, f"PRAGMA cache_size = -{CACHE_KIB}")
        plain(conn, f"PRAGMA threads = {min(_processors(), MAX_WORKERS)}")  # the index sorts
        try:
            done = _rebuild(conn, total, pool, on_progress,
                            left_out if left_out is not None else [])
        finally:
            plain(conn, f"PRAGMA cache_size = {cache}")
            plain(conn, f"PRAGMA threads = {threads}")
            plain(conn, f"PRAGMA secure_delete = {secure}")
    return done


def _rebuild(conn: Connection, total: int, pool: Any, on_progress: Progress | None,
             left_out: list[str]) -> int:
    done = 0
    clock = [(time.perf_counter(), time.process_time())]
    with closing(_built_batches(conn, pool, left_out)) as batches:  # workers end on a stop (an error,
        # a progress report raising) as on the end. The first batches are theirs already:
        indexes = _clear(conn)  # they build them while the old index goes
        clock.append((time.perf_counter(), time.process_time()))
        for batch in batches:
            _write(conn, batch, done + 1)
            done += len(batch)
            if on_progress:
                on_progress(done, total)
    clock.append((time.perf_counter(), time.process_time()))
    for sql in indexes:
        plain(conn, sql)
    for name, on in ix.INDEXES.items():  # a repair too: any missing search index comes back
        plain(conn, f"CREATE INDEX IF NOT EXISTS {name} ON {on}")
    clock.append((time.perf_counter(), time.process_time()))
    plain(conn, f"INSERT INTO {ix.FTS_TABLE}({ix.FTS_TABLE}) VALUES ('optimize')")
    _fts_config(conn, SAVE_MERGE)
    clock.append((time.perf_counter(), time.process_time()))
    log.info("search index rebuilt: %d cases; %s", done, ", ".join(
        f"{phase} {b[0] - a[0]:.1f} s (CPU here {b[1] - a[1]:.1f} s)" for phase, a, b
        in zip(("old index dropped", "rows", "indexes", "optimize"), clock, clock[1:],
               strict=False)))
    plain(conn, "DELETE FROM app_meta WHERE key = ?", (ix.INDEX_VERSION_KEY,))
    plain(conn, "INSERT INTO app_meta (key, value) VALUES (?, ?)",
          (ix.INDEX_VERSION_KEY, str(ix.INDEX_VERSION)))
    return done


def _clear(conn: Connection) -> list[str]:
    """Drop the old index (FTS tables made again, empty; facet rows deleted, their secondary
    indexes dropped); the CREATE statements of those indexes, to run again at the end."""
    for statement in (*ix.DROP_TABLES, *ix.CREATE_TABLES):
        plain(conn, statement)
    _fts_config(conn, BULK_MERGE)
    indexes = _drop_indexes(conn)
    for table in BULK_TABLES:
        plain(conn, f"DELETE FROM {table}")
    return indexes


def _fts_config(conn: Connection, settings: dict[str, int]) -> None:
    for name, value in settings.items():
        plain(conn, f"INSERT INTO {ix.FTS_TABLE}({ix.FTS_TABLE}, rank) VALUES (?, ?)",
              (name, value))


def _drop_indexes(conn: Connection) -> list[str]:
    """Drop the secondary indexes of the facet tables; their CREATE statements, to run again."""
    marks = ", ".join("?" * len(BULK_TABLES))
    found = plain(conn, f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                  f"tbl_name IN ({marks}) AND sql IS NOT NULL ORDER BY rowid",
                  BULK_TABLES).fetchall()
    for name, _sql in found:
        plain(conn, f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _write(conn: Connection, rows: Rows, first_doc: int) -> None:
    """The index rows of a batch of cases (new cases: nothing stored to compare with)."""
    if rows.codes:
        plain(conn, "INSERT INTO case_codes (facet, value, case_id) VALUES (?, ?, ?)",
              rows.codes, many=True)
    if rows.numbers:
        plain(conn, "INSERT INTO case_numbers (facet, value, case_id, unit) VALUES (?, ?, ?, ?)",
              rows.numbers, many=True)
    plain(conn, f"INSERT INTO {ix.DOCS_TABLE} (doc_id, case_id) VALUES (?, ?)",
          list(enumerate(rows.case_ids, first_doc)), many=True)
    names = ", ".join(ix.FTS_COLUMNS)
    plain(conn, f"INSERT INTO {ix.FTS_TABLE} (rowid, {names}) VALUES "
          f"(?{', ?' * len(ix.FTS_COLUMNS)})",
          [(doc_id, *fts) for doc_id, fts in enumerate(rows.fts, first_doc)], many=True)
    for write in _other_writers():  # any other registered writer, as a save runs it
        write(conn, rows.sources)


def _other_writers() -> list[Callable[[Connection, list[tuple[Case, IndexRows]]], None]]:
    return [write for write, _remove in _WRITERS if write is not ix.write_documents]


def build_batch(rows: list[StoredRow], keep: bool = False) -> tuple[Rows, list[tuple[str, str]]]:
    """The index rows of a batch of stored rows, and the (id, reason) of each case the model
    does not read (left out). ``keep``: with each case and its rows (``Rows.sources``)."""
    built = Rows()
    skipped: list[tuple[str, str]] = []
    for _rowid, stored_id, document, version, status in rows:
        try:
            case, doc = stored_case(document, version, status)
            index_rows = build_rows(case)
            text = json_case_text(doc, ix._values.get(case)).columns()  # cached by the facets
        except UnreadableCase as exc:  # a document the model no longer reads: keep going
            skipped.append((stored_id, str(exc)))
            continue
        ix._values.drop(case)
        case_id = case.case_id
        built.case_ids.append(case_id)
        built.codes += [(facet, value, case_id) for facet, value in index_rows.codes]
        built.numbers += [(facet, value, case_id, unit)
                          for facet, value, unit in index_rows.numbers]
        built.fts.append((*(text[name] for name in COLUMNS), row_words(index_rows)))
        if keep:
            built.sources.append((case, index_rows))
    built.codes.sort()  # in the order of their search index (facet, value, case id), which
    built.numbers.sort(key=NUMBER_KEY)  # SQLite then sorts in a third of the time: 100k
    # cases, 3.8M rows: 5.9 -> 2.4 s (one CREATE INDEX, alone at the end of the rebuild)
    return built, skipped


def _pool(stack: ExitStack, total: int, workers: int | None) -> Any:
    """The worker processes building the rows, entered on ``stack`` (killed there on an
    error, as on a stop); None: the rows are built in this process."""
    if workers is None:
        keep = bool(_other_writers())  # their rows need the cases: built here
        workers = 0 if keep or total < WORKERS_FROM else min(_processors(), MAX_WORKERS)
    pool = _start_workers(workers) if workers >= 2 else None
    return stack.enter_context(pool) if pool is not None else None


def _built_batches(conn: Connection, pool: Any, left_out: list[str]
                   ) -> Generator[Rows, None, None]:
    """The rows of every stored case, in batches in storage order, built here or by the
    workers of ``pool``: ``FIRST`` batches handed out at once (read now, before the old index
    is dropped), then ``AHEAD`` at most beyond the one being written."""
    if pool is None:
        return _built_here(conn, left_out)
    return _built_there(pool, pool.map(_stored_rows(conn), AHEAD, FIRST), left_out)  # the rows are
    # read here: the connection stays in this thread


def _built_here(conn: Connection, left_out: list[str]) -> Generator[Rows, None, None]:
    keep = bool(_other_writers())
    for rows in _stored_rows(conn):
        yield _logged(build_batch(rows, keep), left_out)


def _built_there(pool: Any, answers: Iterator[tuple[Rows, list[tuple[str, str]]]],
                 left_out: list[str]) -> Generator[Rows, None, None]:
    for result in answers:
        yield _logged(result, left_out)
    pool.close()  # their memory back before the indexes are built and the text merged


def _start_workers(count: int) -> Any:
    from core.search.rebuild_workers import WorkerPool

    try:
        return WorkerPool(count)
    except OSError as exc:  # no process to start: the rows are built here, only slower
        log.warning("index workers not started (%s): building in this process", exc)
        return None


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def _logged(result: tuple[Rows, list[tuple[str, str]]], left_out: list[str]) -> Rows:
    built, skipped = result
    for case_id, reason in skipped:
        log.warning("case %s not indexed: %s", case_id, reason)
        left_out.append(case_id)
    return built


def _stored_rows(conn: Connection) -> Iterator[list[StoredRow]]:
    """Every stored case's row in the order they were stored (FTS row ids grow with age,
    which ranking a very common word relies on), in batches read by keyset: memory stays
    flat."""
    last = 0
    while True:
        rows = plain(conn, "SELECT rowid, id, CAST(document AS BLOB), version, status "
                     "FROM cases WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, CHUNK)
                     ).fetchall()  # the document's UTF-8 bytes, as they are stored: never
        # decoded here, copied as they are to a worker, read there as fast as a str or faster
        if not rows:
            return
        yield [tuple(row) for row in rows]
        last = rows[-1][0]
