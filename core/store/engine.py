"""SQLite engine with Casebook's durability settings (ARCHITECTURE decision 7 and Pitfalls).

Every connection: WAL, synchronous=FULL, foreign keys on, a busy timeout. The DBAPI connection
runs with isolation_level=None and SQLAlchemy's ``begin`` issues ``BEGIN IMMEDIATE`` so that a
writer never deadlocks on upgrading a read lock. One process-wide lock serialises writers, so
there is only ever one writing connection (the SQLite WAL bug before 3.51.3 needs two).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

BUSY_TIMEOUT_MS = 5000
_open_connections: Counter[str] = Counter()
_count_lock = threading.Lock()
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def read_only_uri(path: Path) -> str:
    """A URI that reads ``path`` without writing to it, also where its folder is read-only.

    ``mode=ro`` reads through the WAL index (``-shm``), creating it when missing. In a folder
    that cannot be written (or a full disk) it cannot create one, and after a clean exit there
    is none (``mode=ro`` then fails on SQLite 3.40, "disk I/O error" on a full disk): the file
    is opened ``immutable=1`` instead (no locks, no WAL: exactly what the file holds).
    """
    uri = f"file:{quote(str(path))}?mode=ro"
    if not can_index(path.parent) and not path.with_name(path.name + "-shm").exists():
        uri += "&immutable=1"
    return uri


def writable(path: Path) -> bool:
    """Whether ``path`` (a folder or file) can be written; False on a read-only mount too."""
    return os.access(path, os.W_OK)


INDEX_ROOM = 64 * 1024  # a WAL index (-shm) is 32 KiB


def can_index(folder: Path) -> bool:
    """Whether SQLite can create a database's WAL index in ``folder``: writable, with room."""
    if not writable(folder):
        return False
    try:
        stat = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return True
    return stat.f_bavail * stat.f_frsize >= INDEX_ROOM


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """``read_only``: open ``read_only_uri(path)``, for a folder or file that cannot be
    written (every write then fails with SQLite's "attempt to write a readonly database")."""
    connect_args: dict[str, Any] = {"check_same_thread": False,
                                    "timeout": BUSY_TIMEOUT_MS / 1000}
    extra = {}
    if read_only:
        uri = read_only_uri(path)
        extra["creator"] = lambda: sqlite3.connect(uri, uri=True, **connect_args)
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        connect_args=connect_args,
        **extra,
    )
    pragmas = PRAGMAS[1:] if read_only else PRAGMAS  # journal_mode=WAL would write

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in pragmas:
            cur.execute(pragma)
        cur.close()
        _count(path, +1)

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_conn: sqlite3.Connection, _record: object) -> None:
        _count(path, -1)

    @event.listens_for(engine, "close_detached")
    def _on_close_detached(_dbapi_conn: sqlite3.Connection) -> None:
        _count(path, -1)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.info.get("begin_mode", "BEGIN IMMEDIATE")
        conn.exec_driver_sql(mode)

    return engine


class Database:
    """The engine plus the one-writer rule. ``write()`` and ``read()`` give a transaction."""

    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self.engine = make_engine(path, read_only=True) if read_only else make_engine(path)
        self.write_lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), one writer at a time."""
        with self.write_lock, self.engine.connect() as conn:
            conn.info["begin_mode"] = "BEGIN IMMEDIATE"
            with conn.begin():
                yield conn

    def writing_elsewhere(self, wait: float = 0.0) -> bool:
        """Another thread holds the writer lock (a background write: moving a thousand cases
        to the trash holds it ~1 s), still after ``wait`` seconds: a write from this thread
        would wait for its end."""
        taken = (self.write_lock.acquire(timeout=wait) if wait > 0
                 else self.write_lock.acquire(blocking=False))
        if not taken:
            return True
        self.write_lock.release()
        return False

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent read snapshot (BEGIN DEFERRED)."""
        with self.engine.connect() as conn:
            conn.info["begin_mode"] = "BEGIN"
            with conn.begin():
                yield conn

    def pragma(self, name: str) -> object:
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

    def dispose(self) -> None:
        self.engine.dispose()


def plain(conn: Connection, sql: str,
          params: tuple[Any, ...] | dict[str, Any] | list[tuple[Any, ...]] = (),
          many: bool = False) -> sqlite3.Cursor:
    """Plain SQL on the sqlite3 connection under ``conn``, in its transaction, without
    SQLAlchemy's work per statement (~35 µs each): for the few statements of every save.
    ``many``: ``params`` is a list of parameter rows (executemany). A failure is raised as
    SQLAlchemy's DBAPIError (OperationalError...), as ``conn.execute`` raises it."""
    raw = cast(sqlite3.Connection, conn.connection.driver_connection)  # the pysqlite driver's
    try:
        return raw.executemany(sql, params) if many else raw.execute(sql, params)
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, params, exc, sqlite3.Error) from exc


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _count(path: Path, delta: int) -> None:
    with _count_lock:
        _open_connections[_key(path)] += delta


def has_open_connections(path: Path) -> bool:
    """True while this process holds an engine connection to ``path``.

    POSIX advisory locks belong to the process: closing *any* descriptor of the database file
    drops every lock SQLite holds on it, and another process's reader then deletes the live
    WAL (SQLite, "How To Corrupt An SQLite Database File", 2.2). So while this is True nothing
    may ``open()`` the database file except SQLite itself (which defers such closes).
    """
    with _count_lock:
        return _open_connections[_key(path)] > 0


def sqlite_version() -> str:
    return sqlite3.sqlite_version
