"""Shared command-line plumbing: exit codes, guarded execution, opening the data folder."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from core.errors import CasebookError, DatabaseProblem, InvalidData, StatusError
from core.io.outputs import OutputError
from core.lock import DataFolderLock, FolderInUse
from core.logs import get_logger, setup_logging
from core.paths import data_paths

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_IN_USE = 0, 1, 2, 3


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
    print(message, file=sys.stderr)


@contextmanager
def opened(args: argparse.Namespace, *, writes: bool = False) -> Iterator[object]:
    """The services of the data folder; writers hold the folder lock while they run."""
    from core.services import open_casebook

    paths = data_paths(args.data_dir).ensure()
    lock = DataFolderLock(paths, "the command line") if writes else None
    if lock:
        lock.acquire()
    try:
        cb = open_casebook(paths.root)
        try:
            yield cb
        finally:
            cb.close()
    finally:
        if lock:
            lock.release()


def run_guarded(build_parser: Callable[[], argparse.ArgumentParser],
                argv: list[str] | None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        setup_logging(data_paths(args.data_dir).log_file)
        return int(args.handler(args) or 0)
    except CliError as exc:
        err(str(exc))
        return exc.code
    except FolderInUse as exc:
        err(str(exc))
        return EXIT_IN_USE
    except (InvalidData, StatusError) as exc:
        err(str(exc))
        for reason in getattr(exc, "reasons", []):
            err(f"  - {reason}")
        return EXIT_DATA
    except DatabaseProblem as exc:
        err(str(exc))
        return EXIT_DATA
    except OutputError as exc:  # an output path refused, or its write failed
        err(str(exc))
        return EXIT_USAGE
    except CasebookError as exc:
        err(str(exc))
        return EXIT_DATA
    except KeyboardInterrupt:
        err("Interrupted.")
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: log it, never show a traceback
        return _unexpected(exc, argv)


def _unexpected(exc: Exception, argv: list[str] | None) -> int:
    logger = get_logger()
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    get_logger("cli").exception("unexpected error running %s", argv)
    err(f"Unexpected error: {exc.__class__.__name__}: {exc}. Details are in the log file.")
    return EXIT_DATA
