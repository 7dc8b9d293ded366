"""Looking at a database file without trusting it: header sanity and SQLite's own checks.

Plain ``sqlite3`` on a read-only connection (no SQLAlchemy engine, no pragma that writes), so
these work on a damaged file and never change it. A read-only connection never checkpoints,
so it is safe beside the app's one writer (ARCHITECTURE Pitfalls, the WAL bug).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.store.engine import has_open_connections, read_only_uri

MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
BUSY_TIMEOUT_MS = 5000


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path`` with a busy timeout; rows readable by column name."""
    con = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None,
                          timeout=BUSY_TIMEOUT_MS / 1000)
    con.row_factory = sqlite3.Row
    return con


def header_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a whole SQLite database, judged from its header and size.

    Catches garbage bytes and a file cut short, which SQLite itself may only notice when a
    query reaches the missing pages. None when the header looks sound, and None without looking
    while this process has the database open: reading the file by other means would drop
    SQLite's locks (``has_open_connections``), so SQLite's own checks judge it then.
    """
    if has_open_connections(path):
        return None
    size = path.stat().st_size
    with open(path, "rb") as fh:
        header = fh.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
        return "it is not an SQLite database (damaged, or some other kind of file)"
    page_size = _page_size(header)
    if page_size is None:
        return "its header is damaged (impossible page size)"
    if size % page_size:
        return f"it is cut short ({size} bytes is not a whole number of {page_size}-byte pages)"
    expected = _pages_in_header(header) * page_size
    if expected and size < expected and not _has_wal(path):
        # Another connection's checkpoint (a plain reader closing last) may have written the
        # header's page, then the pages after it, then removed the WAL, between the size and
        # the WAL looked at here: the file is cut short only if it still is.
        size = path.stat().st_size
        if size < expected:
            return f"it is cut short ({size} of {expected} bytes)"
    return None


def _page_size(header: bytes) -> int | None:
    raw = int.from_bytes(header[16:18], "big")
    size = 65536 if raw == 1 else raw
    if size < 512 or size > 65536 or size & (size - 1):
        return None
    return size


def _pages_in_header(header: bytes) -> int:
    """The in-header page count, when SQLite marks it valid (else 0)."""
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] != header[92:96]:
        return 0
    return pages


def _has_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def check_file(path: Path, *, full: bool = False) -> list[str]:
    """Problems SQLite finds in ``path``: quick_check (integrity_check when ``full``) and
    foreign_key_check. An empty list means healthy."""
    if not path.exists():
        return [f"{path} does not exist"]
    problem = header_problem(path)
    if problem:
        return [problem]
    try:
        con = open_readonly(path)
        try:
            return run_checks(con, full=full)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return [f"SQLite: {exc}"]


def run_checks(con: sqlite3.Connection, *, full: bool = False) -> list[str]:
    pragma = "integrity_check" if full else "quick_check"
    problems = [str(r[0]) for r in con.execute(f"PRAGMA {pragma}")]
    if problems == ["ok"]:
        problems = []
    problems += [f"foreign key: {tuple(r)}" for r in con.execute("PRAGMA foreign_key_check")]
    return problems
