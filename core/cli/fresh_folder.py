"""A failed ``casebook import`` into a folder that held no casebook leaves none behind.

Opening the data folder for the import creates it (the folder, ``casebook.db``, ``config/``
with the audit key and head, ``backups/``, the log, the lock file, and the head's second copy
in the user's configuration folder). When the import then fails (a file refused, Ctrl+C, ...),
the folder held an empty casebook that was never meant to exist, and the next command found
it. ``removed_on_failure`` takes note of what was there before and, on a failure, removes
what the command created, only that, and only while the database it made holds no case (the
import undoes what it wrote). Only the names Casebook makes are removed (``OWN_FILES``, and
``OWN_FOLDERS`` when nothing else is in them): a file the user put in the folder while the
import ran stays. A folder that held a casebook before is never touched.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from core.logs import get_logger
from core.paths import DataPaths

log = get_logger("cli")


@dataclass(frozen=True)
class Before:
    """What a folder held before a command: which of its entries, and which folders above it
    did not exist (the command made them)."""

    entries: frozenset[str] | None  # None: the folder did not exist
    made_above: tuple[Path, ...]  # the missing folders above root, innermost first
    head_copy: bool  # the audit head's second copy existed

    @classmethod
    def take(cls, paths: DataPaths) -> Before:
        from core.store.heads import copy_path

        root = paths.root
        entries = frozenset(os.listdir(root)) if root.is_dir() else None
        made_above = tuple(p for p in root.parents if not p.exists())
        return cls(entries, made_above, copy_path(root).exists())


@contextmanager
def removed_on_failure(paths: DataPaths) -> Iterator[None]:
    """Run the body; when it fails and ``paths`` held no database before, remove what it made
    there (see the module's note) and let the failure go on."""
    fresh = not os.path.lexists(paths.database)
    before = Before.take(paths) if fresh else None
    try:
        yield
    except BaseException:
        if before is not None:
            with suppress(Exception, KeyboardInterrupt):
                _remove_created(paths, before)
        raise


def _remove_created(paths: DataPaths, before: Before) -> None:
    from core.lock import DataFolderLock, FolderInUse
    from core.store.heads import copy_path

    if not paths.root.is_dir():
        return
    lock = DataFolderLock(paths, "the command line")
    try:
        lock.acquire()  # another process took the folder meanwhile: it is theirs now
    except (FolderInUse, OSError):
        return
    try:
        if not _holds_no_case(paths.database):
            return
        log.info("the import failed: removing the casebook it had started in %s", paths.root)
        _close_log()
        if not before.head_copy:  # first: a database gone beside its head's copy is "lost"
            copy_path(paths.root).unlink(missing_ok=True)
        made = set(os.listdir(paths.root)) - (before.entries or set())
        for name in sorted(made & _casebook_files(made)):
            (paths.root / name).unlink()
        for name in sorted(made & set(OWN_FOLDERS)):
            _remove_own_folder(paths.root / name, OWN_FOLDERS[name])
    finally:
        lock.release()  # removes its note
    if before.entries is None or paths.lock_file.name not in before.entries:
        with suppress(OSError):  # on Windows, the lock's release removed it already
            paths.lock_file.unlink(missing_ok=True)
    if before.entries is None:  # the folder, and those above it the command made, if empty
        for folder in (paths.root, *before.made_above):
            try:
                folder.rmdir()
            except OSError:
                break


OWN_FILES = ("casebook.db", "casebook.db-wal", "casebook.db-shm", "casebook.db-journal",
             "casebook.log")
OWN_FOLDERS = {"config": ("audit.key", "audit-head.json", "settings.json"), "backups": (),
               "files": ()}


def _casebook_files(names: set[str]) -> set[str]:
    """The names among ``names`` that Casebook makes in a data folder's root (the database,
    its journal files, the log and its rotated copies), never anything else: a file the user
    put there meanwhile stays."""
    return {n for n in names if n in OWN_FILES or (n.startswith("casebook.log.")
                                                    and n.rpartition(".")[2].isdigit())}


def _remove_own_folder(folder: Path, own: tuple[str, ...]) -> None:
    """Remove ``folder`` when it holds only Casebook's own files ``own`` (those removed);
    anything else in it, and the folder with it, stays."""
    if folder.is_symlink() or not folder.is_dir():
        return
    for name in own:
        (folder / name).unlink(missing_ok=True)
    with suppress(OSError):  # not empty: something else is in it, which stays
        folder.rmdir()


def _holds_no_case(database: Path) -> bool:
    """True for a missing database, or one whose cases table is empty; False when it holds a
    case or cannot be read (then it stays)."""
    if not database.exists():
        return True
    try:
        con = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            return not tables or ("cases" in tables and not any(
                con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                for table in ("cases", "drafts") if table in tables))
        finally:
            con.close()
    except sqlite3.Error:
        return False


def _close_log() -> None:
    """Close the log file in the folder: its records after this are dropped, not written into
    a new casebook.log there (``QuietRotatingFileHandler`` opens the file again at the next
    record, which fails in a removed folder)."""
    import logging

    from core.logs import LOGGER_NAME

    for handler in logging.getLogger(LOGGER_NAME).handlers:
        if isinstance(handler, logging.FileHandler):
            handler.close()
