"""A new database made at the head schema without Alembic, after the first one of a process.

Alembic makes a new database by running every migration script (each read and executed
again, ~50 ms). The first new database a process makes is made that way; its schema
statements and rows are then kept (``learn``), and a later new database of the same process
gets them replayed in one transaction (``replay``): the same tables, indexes, full-text
tables and rows, statement for statement (tests/core/test_fresh_database.py compares the
two). The test suite opens a new data folder for nearly every test.

An existing database is always upgraded by Alembic; so is a new one when the SQLite here
cannot list its shadow tables (``pragma_table_list``, SQLite 3.37).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

Statement = tuple[str, tuple[object, ...]]
_learned: list[Statement] | None = None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def learn(conn: Connection) -> None:
    """Keep the schema and rows of the database just made at head in ``conn``'s
    transaction, for ``replay``."""
    global _learned
    try:
        kinds: dict[str, str] = dict(conn.exec_driver_sql(
            "SELECT name, type FROM pragma_table_list WHERE schema = 'main'").fetchall())
    except (DBAPIError, sqlite3.Error):
        return  # an older SQLite: every new database is made by Alembic
    statements: list[Statement] = []
    master = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master ORDER BY rowid")
    for name, sql in master.fetchall():
        # an automatic index has no statement; a full-text table makes its shadow tables
        if sql and not name.startswith("sqlite_") and kinds.get(name) != "shadow":
            statements.append((sql, ()))
    for name, kind in kinds.items():
        if kind not in ("table", "shadow") or name.startswith("sqlite_"):
            continue
        for row in conn.exec_driver_sql(f"SELECT * FROM {_quoted(name)}").fetchall():
            marks = ", ".join("?" * len(row))
            statements.append((f"INSERT OR REPLACE INTO {_quoted(name)} VALUES ({marks})",
                               tuple(row)))
    _learned = statements


def replay(conn: Connection) -> bool:
    """Make the head schema in ``conn``'s (write) transaction, as learned; False when
    nothing was learned yet or the database is no longer empty (another process made it
    meanwhile: Alembic then finds it at head)."""
    if _learned is None:
        return False
    if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
        return False
    for sql, params in _learned:
        conn.exec_driver_sql(sql, params)
    return True


def forget() -> None:
    """Learn again from the next new database (tests)."""
    global _learned
    _learned = None
