"""Shared command-line plumbing: exit codes, guarded execution, opening the data folder.

Light to import (issue 20): what needs SQLAlchemy, the folder lock, the log handlers or the
services is imported by the function that uses it, so ``casebook --help`` stays quick."""

from __future__ import annotations

import argparse
import errno
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.errors import CasebookError, DatabaseProblem, InvalidData, StatusError, StorageError
from core.paths import DataPaths, data_paths

if TYPE_CHECKING:
    from core.services import Casebook

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_IN_USE = 0, 1, 2, 3
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a Unix tool whose reader went away
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl+C


class CliError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    writes: bool = False


def err(message: str) -> None:
    try:
        print(message, file=sys.stderr)
    except OSError:  # stderr is gone (a closed pipe): there is no one left to tell
        pass


def printable_cell(text: str) -> str:
    """``text`` as a column of a line of output: each white space (a tab or line break stored
    in an older title, a non-breaking space) printed as a space, any other control character
    as its escape (``\\x1b``), so a case is always one line and its columns stay apart."""
    if text.isprintable():
        return text
    return "".join(" " if c.isspace() else c if c.isprintable() or
                   unicodedata.category(c) != "Cc" else c.encode("unicode_escape").decode()
                   for c in text)


MAX_COUNT = 10**9


def count_arg(text: str) -> int:
    """An argparse type for --limit/--offset: a whole number from 0 to MAX_COUNT (SQLite's
    integers stop at 2**63, and no casebook holds more)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"{text} is out of range (0 to {MAX_COUNT})")
    return value


def data_folder(args: argparse.Namespace, *, writes: bool) -> DataPaths:
    """The data folder of ``args``, checked (``check_folder``); created for writers only."""
    paths = data_paths(args.data_dir)
    check_folder(paths, writes=writes)
    return paths.ensure() if writes else paths


def check_folder(paths: DataPaths, *, writes: bool, database: bool = True) -> None:
    """Refuse, with a message naming the path, a data folder a command cannot use: a file given
    as the folder, a ``casebook.db`` that is not a file, a read-only folder for a writer, and
    for a reader (which creates nothing) a missing folder or (``database``) database."""
    root, db = paths.root, paths.database
    if root.exists() and not root.is_dir():
        raise CliError(f"The data folder {root} is a file, not a folder. Give a folder with "
                       "--data-dir (or CASEBOOK_HOME).", EXIT_USAGE)
    if database and db.exists() and not db.is_file():
        raise CliError(f"{db} is not a database file (it is a folder or a special file). Move "
                       "it out of the data folder; `casebook restore` can then put a backup "
                       "there.", EXIT_DATA)
    if writes:
        from core.store.summaries import can_write as writable  # no SQLAlchemy (issue 20)

        existing = next(p for p in (root, *root.parents) if p.exists())
        if not existing.is_dir():
            raise CliError(f"The data folder {root} cannot be made: {existing} is a file, not "
                           "a folder. Use another --data-dir.", EXIT_USAGE)
        if existing != root and not writable(existing):
            raise CliError(f"The data folder {root} cannot be made: {existing} is read-only. "
                           "Use another --data-dir.", EXIT_USAGE)
        if existing == root and (not writable(root) or (db.exists() and not writable(db))):
            raise CliError(f"The data folder {root} is read-only: this command cannot write "
                           "there. Make it writable, or use another --data-dir.", EXIT_USAGE)
    elif not root.exists():
        raise CliError(f"There is no data folder at {root}. Check --data-dir (or "
                       "CASEBOOK_HOME); `casebook import` or the app creates one.", EXIT_DATA)
    elif database and not db.exists():
        _refuse_lost_database(paths)
        raise CliError(f"There is no database in the data folder {root} ({db.name} is "
                       "missing). Import cases or open the app to start one, or restore a "
                       "backup (`casebook backup --list`).", EXIT_DATA)


def _refuse_lost_database(paths: DataPaths) -> None:
    """A database gone from a folder that held cases: the restore offer (core.services)."""
    from core.services.backup import refuse_lost_database, with_restore_offer

    try:
        refuse_lost_database(paths)
    except DatabaseProblem as exc:
        raise with_restore_offer(exc, paths) from exc


@contextmanager
def opened(args: argparse.Namespace, *, writes: bool = False,
           refresh_index: bool = True) -> Iterator[Casebook]:
    """The services of the data folder; writers hold the folder lock while they run. Readers
    open it read-only: nothing is created, upgraded or written. A writer rebuilds a search
    index built with another index version first, with a progress bar (``refresh_index``)."""
    from core.lock import DataFolderLock
    from core.services import open_casebook

    paths = data_folder(args, writes=writes)
    lock = DataFolderLock(paths, "the command line") if writes else None
    if lock:
        lock.acquire()
    try:
        cb = open_casebook(paths.root, read_only=not writes, refresh_index=False)
        try:
            if cb.search.index_outdated():
                _outdated_index(cb, refresh=writes and refresh_index)
            yield cb
        finally:
            cb.close()
    finally:
        if lock:
            lock.release()


def _outdated_index(cb: Casebook, *, refresh: bool) -> None:
    """Rebuild the search index with a progress bar, or (a reader) say that it is outdated."""
    from core.cli.progress import ProgressBar

    if not refresh:
        err("Note: the search index was built by another version of Casebook, so searches "
            "and filters may miss cases. Run `casebook reindex` or open the app to rebuild it.")
        return
    err("Updating the search index (built by another version of Casebook)…")
    bar = ProgressBar(sys.stderr, unit="cases")
    cb.search.reindex(on_progress=bar.show)
    bar.end()


def run_guarded(build_parser: Callable[[], argparse.ArgumentParser],
                argv: list[str] | None) -> int:
    args: argparse.Namespace | None = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        from core.logs import setup_logging

        setup_logging(data_paths(args.data_dir).log_file, create_folder=False)
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except CliError as exc:
        err(str(exc))
        return exc.code
    except KeyboardInterrupt:
        err("Interrupted.")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - a message and exit code; never a traceback
        return _failed(exc, args, argv)


def _failed(exc: Exception, args: argparse.Namespace | None, argv: list[str] | None) -> int:
    """The message and exit code of a failed command (its modules imported only now)."""
    from core.io.outputs import OutputError
    from core.lock import FolderInUse
    from core.logs import get_logger

    if isinstance(exc, FolderInUse):
        err(str(exc))
        return EXIT_IN_USE
    if isinstance(exc, (InvalidData, StatusError)):
        err(str(exc))
        for reason in getattr(exc, "reasons", []):
            err(f"  - {reason}")
        return EXIT_DATA
    if isinstance(exc, DatabaseProblem):
        err(str(exc))
        return EXIT_DATA
    if isinstance(exc, OutputError):  # an output path refused, or its write failed
        err(str(exc))
        return EXIT_USAGE
    if isinstance(exc, StorageError):
        root = str(data_paths(getattr(args, "data_dir", None)).root)
        err(str(exc) if root in str(exc) else f"{exc} (data folder {root})")
        return EXIT_DATA
    if isinstance(exc, CasebookError):
        err(str(exc))
        return EXIT_DATA
    # the last resort: log it
    fault = folder_fault(exc, args) if args is not None else None
    if fault is None:
        return _unexpected(exc, argv)
    get_logger("cli").error("%s (%s: %s)", fault[0], exc.__class__.__name__, exc)
    err(fault[0])
    return fault[1]


def folder_fault(exc: Exception, args: argparse.Namespace) -> tuple[str, int] | None:
    """A disk or file-system failure as a plain message naming the path, with its exit code;
    None for anything else."""
    from core.services.context import storage_error

    paths = data_paths(args.data_dir)
    writes = bool(getattr(args, "writes", False))
    if isinstance(exc, OSError) and exc.errno is not None:
        where = exc.filename or paths.root
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return (f"The disk is full: {where} could not be written. Free some space and run "
                    "the command again.", EXIT_DATA)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            why = "the file system is read-only" if exc.errno == errno.EROFS else "no permission"
            return (f"{where} cannot be {'written' if writes else 'read'}: {why}. Check the "
                    "data folder's permissions, or use another --data-dir.", EXIT_USAGE)
        if exc.errno == errno.EIO:
            return (f"A disk error stopped the command at {where}. Check the disk.", EXIT_DATA)
        if exc.errno == errno.ENOENT:
            return (f"{where} does not exist (any more). Check the data folder {paths.root}.",
                    EXIT_DATA)
        if exc.errno in (errno.ENOTDIR, errno.EISDIR):
            found, wanted = (("a file", "a folder") if exc.errno == errno.ENOTDIR
                             else ("a folder", "a file"))
            return (f"{where}: Casebook expected {wanted} there and found {found}. Check the "
                    f"data folder {paths.root}.", EXIT_DATA)
        return None
    if not _is_database_error(exc):
        return None
    text = str(getattr(exc, "orig", exc)).lower()
    if not any(words in text for words in ("unable to open", "readonly", "disk i/o", "full",
                                            "locked", "busy")):
        return None
    if writes:
        return f"{storage_error(exc)} (database {paths.database})", EXIT_DATA
    return (f"The database {paths.database} could not be read ({text}). Check that the disk "
            "is sound and the data folder may be read, then try again.", EXIT_DATA)


def _is_database_error(exc: Exception) -> bool:
    import sqlite3

    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return isinstance(exc, sqlite3.Error) or (
        sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.DBAPIError))


def _closed_pipe() -> int:
    """The reader of our output went away (``casebook list | head``): stop quietly, as Unix
    tools do. What is still buffered goes to /dev/null, not into a second error at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_PIPE


def _unexpected(exc: Exception, argv: list[str] | None) -> int:
    import logging
    import shlex

    from core.logs import get_logger

    logger = get_logger()
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    command = shlex.join(["casebook", *(sys.argv[1:] if argv is None else argv)])
    get_logger("cli").exception("unexpected error running %s", command)
    err(f"Unexpected error: {exc.__class__.__name__}: {exc}. Details are in the log file.")
    return EXIT_DATA
