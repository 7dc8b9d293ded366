"""The case list's rows read with the standard sqlite3 module alone, for ``casebook list``: no
SQLAlchemy, no case model, no services, so the command starts in a few times a bare
interpreter's time (issue 20). The same rows, in the same order, as ``core.services.listing``
(tests compare the two for every sort, both ways, and the trash).

Only an ordinary folder is read here: a database file in a writable folder, at this Casebook's
schema revision. For anything else (no database, another revision, a read-only folder, a
damaged file, any SQLite error) ``read_summaries`` returns None and the caller takes the full
path (``core.services``), which says what is wrong and offers what can be done.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from core.store.revisions import read_revisions

MIGRATIONS = Path(__file__).parent / "migrations"  # as core.store.schema._MIGRATIONS
# CaseSummary's fields (core.services.listing), "case_id" being the column "id"
COLUMNS = ("case_id", "version", "status", "title", "day0", "main_dx", "provenance",
           "created_at", "updated_at", "trashed_at")
# the column of each sort (repository.SORT_COLUMNS is built from it); case_id and title: their
# natural order's keys (core.store.id_order, title_order), indexed with trashed_at as
# updated_at, day0 and main_dx are
SORT_COLUMNS = {"updated": "updated_at", "title": "title_order", "case_id": "id_key",
                "day0": "day0", "status": "status", "main_dx": "main_dx", "created": "created_at"}
# Sorts whose index does not start with trashed_at: without statistics (no ANALYZE) SQLite
# would filter the list by a trashed_at index and sort every row for each page (10k cases,
# measured by case id when that sort read the id column: 27 ms a page); "+trashed_at" makes
# it read the sort's own index in order (2 ms).
OWN_INDEX_SORTS = frozenset({"status"})


def read_summaries(database: Path, *, sort: str, descending: bool, trashed: bool,
                   limit: int) -> list[dict[str, object]] | None:
    """The first ``limit`` rows of the case list (each a dict of ``COLUMNS``), ordered by the
    sort column and then rowid; None when the folder is not an ordinary one (see above)."""
    page = _read(database, sort=sort, descending=descending, trashed=trashed, limit=limit,
                 count=False)
    return None if page is None else page[0]


def read_first_page(database: Path, *, sort: str, descending: bool, trashed: bool,
                    limit: int) -> tuple[list[dict[str, object]], int] | None:
    """``read_summaries`` and the number of cases the list holds (the GUI's first paint,
    before its services are open), read in one transaction; None as there."""
    return _read(database, sort=sort, descending=descending, trashed=trashed, limit=limit,
                 count=True)


def _read(database: Path, *, sort: str, descending: bool, trashed: bool, limit: int,
          count: bool) -> tuple[list[dict[str, object]], int] | None:
    column = SORT_COLUMNS[sort]
    if not (database.is_file() and can_write(database) and can_write(database.parent)):
        return None
    try:
        con = sqlite3.connect(f"file:{quote(str(database))}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        con.execute("BEGIN")  # the rows and the count from one snapshot
        if _revision(con) != read_revisions(MIGRATIONS / "versions")[-1]:
            return None
        if trashed:
            where = "trashed_at IS NOT NULL"
        elif sort in OWN_INDEX_SORTS:  # "+": not an index term (see repository._filtered)
            where = "+trashed_at IS NULL"
        else:
            where = "trashed_at IS NULL"
        order = "DESC" if descending else "ASC"
        fields = ", ".join("id" if c == "case_id" else c for c in COLUMNS)
        rows = con.execute(f"SELECT {fields} FROM cases WHERE {where} "  # noqa: S608 - names
                           f"ORDER BY {column} {order}, rowid {order} LIMIT ?", (limit,))
        page = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
        total = -1
        if count:
            where = "trashed_at IS NOT NULL" if trashed else "trashed_at IS NULL"
            total = con.execute(f"SELECT count(*) FROM cases WHERE {where}").fetchone()[0]  # noqa: S608
        return page, total
    except sqlite3.Error:
        return None
    finally:
        con.close()


def import_under_way(database: Path) -> str | None:
    """A note for a reader beside a large import committed in chunks
    (``core.services.import_undo``): the cases it has written so far are not yet an import
    that happened, and are removed if it stops. None when no import is under way."""
    try:
        con = sqlite3.connect(f"file:{quote(str(database))}?mode=ro", uri=True, timeout=5)
        try:
            row = con.execute("SELECT value FROM app_meta "
                              "WHERE key = 'import_in_progress'").fetchone()
            if row is None:
                return None
            mark = json.loads(row[0])
            started = str(mark.get("started", "?"))
            count = con.execute("SELECT count(*) FROM cases WHERE created_at = ?",
                                (started,)).fetchone()[0]
        finally:
            con.close()
    except (sqlite3.Error, ValueError, AttributeError):
        return None
    return (f"An import is under way (started {started}): {count} case(s) listed are part of "
            "it, not yet complete; they are removed if it does not finish.")


def can_write(path: Path) -> bool:
    """As ``core.store.engine.writable``: a read-only folder (or file) goes the full way."""
    return os.access(path, os.W_OK)


def _revision(con: sqlite3.Connection) -> str | None:
    app = con.execute("SELECT value FROM app_meta WHERE key='application'").fetchone()
    if not app or app[0] != "casebook":
        return None
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None
