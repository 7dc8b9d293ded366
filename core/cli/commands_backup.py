"""casebook backup / restore."""

from __future__ import annotations

import argparse
import os
from contextlib import nullcontext
from pathlib import Path

from core.cli.common import (
    EXIT_DATA,
    EXIT_USAGE,
    CliError,
    Command,
    check_folder,
    data_folder,
    err,
)
from core.cli.outputs import check_output_name
from core.lock import DataFolderLock, FolderInUse
from core.paths import DataPaths, data_paths


def _configure_backup(p: argparse.ArgumentParser) -> None:
    what = p.add_mutually_exclusive_group()
    what.add_argument("-o", "--output", type=Path, metavar="FILE",
                      help="where to write it: a new .zip file or a new folder (default: a new "
                      "folder in the data folder's backups/); a backup never replaces anything")
    what.add_argument("--list", action="store_true", help="list the backups in backups/")


def run_backup(args: argparse.Namespace) -> int:
    from core.errors import DatabaseProblem
    from core.io.outputs import Kind, check_output_path
    from core.services.backup import create_backup, with_restore_offer
    from core.store.schema import inspect_file

    paths = data_paths(args.data_dir)
    check_folder(paths, writes=False, database=not args.list)  # it must be there to back up
    if args.list:
        return _list(paths)
    if not args.output:  # into the data folder's backups/
        data_folder(args, writes=True)
    target = None
    if args.output:
        kind: Kind = "file" if args.output.suffix.lower() == ".zip" else "folder"
        target = check_output_path(args.output, paths.root, force=True, kind=kind,  # what it is
                          allow_inside=paths.backups)
        check_output_name(args.output, "backup")
        if os.path.lexists(args.output):
            raise CliError(f"{args.output} already exists; a backup never replaces anything: "
                           "give a new name.", EXIT_USAGE)
    # A backup into backups/ writes into the data folder: a writer, refused beside the app
    # (exit 3; File > Back up now... does it there). One elsewhere only reads the folder.
    inside = target is None or target.resolve().is_relative_to(paths.backups.resolve())
    lock = DataFolderLock(paths, "the command line") if inside else nullcontext()
    try:
        with lock:
            if inspect_file(paths.database) is None:
                raise CliError(f"There is no database to back up in {paths.root}.", EXIT_DATA)
            info = create_backup(paths, "manual", target)
    except DatabaseProblem as exc:
        raise with_restore_offer(exc, paths) from exc
    except FolderInUse as exc:  # into backups/ beside the app: one elsewhere is a reader
        raise FolderInUse(exc.root, exc.holder, "Or back up to a new file outside the data "
                          "folder now: casebook backup -o FILE.zip") from None
    print(info.path)
    err(f"Backed up {info.cases} case(s) and {info.audit_entries} audit entries; the copy "
        "passed its integrity check.")
    if not info.good:
        err(f"Warning: the audit chain does not verify ({info.audit_message}).")
        return EXIT_DATA
    return 0


def _list(paths: DataPaths) -> int:
    from core.services.backup import key_needed, list_backups

    backups = list_backups(paths)
    for b in backups:
        state = "verified" if b.good else "AUDIT CHAIN BROKEN"
        if b.legacy:
            state += ", old format (unsigned, holds the key)"
        elif key_needed(paths, b):
            state += ", signed with a key this folder lacks (restore needs --key)"
        print(f"{b.label}\tschema {b.schema_revision}\t{state}\t{b.path}")
    err(f"{len(backups)} backup(s) in {paths.backups}.")
    return 0


def _configure_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup", type=Path, metavar="FILE",
                   help="a backup folder or .zip (see casebook backup --list)")
    p.add_argument("--key", type=Path, metavar="KEYFILE",
                   help="the audit key file of the installation that made the backup (written "
                   "by `casebook audit key export`); needed where that key is not in the data "
                   "folder, e.g. on another computer")
    p.add_argument("--yes", action="store_true",
                   help="restore a backup made by another installation (another audit key), "
                   "which replaces every case of this folder, or an old unsigned backup")


def run_restore(args: argparse.Namespace) -> int:
    from core.services.backup import (
        KeyFileError,
        KeyNeeded,
        StrangerBackup,
        UnsignedBackup,
        restore_backup,
    )

    if not args.backup.exists():
        raise CliError(f"No such file: {args.backup}", EXIT_USAGE)
    paths = data_folder(args, writes=True)
    with DataFolderLock(paths, "the command line"):
        try:
            result = restore_backup(paths, args.backup, accept_stranger=args.yes,
                                    accept_unsigned=args.yes, key_file=args.key)
        except KeyNeeded as exc:
            also = " and add --yes" if exc.stranger and not args.yes else ""
            raise CliError(f"{exc}\nNothing was changed. Give that key file with --key KEYFILE"
                           f"{also}.", EXIT_DATA) from exc
        except (StrangerBackup, UnsignedBackup) as exc:
            raise CliError(f"{exc}\nNothing was changed. Add --yes to restore it anyway.",
                           EXIT_DATA) from exc
        except KeyFileError as exc:
            raise CliError(f"{exc} Nothing was changed.", EXIT_USAGE) from exc
    err(f"Restored the backup {result.backup.label}.")
    if result.previous:
        err(f"The database it replaced was kept as {result.previous}.")
    return 0


COMMANDS = [
    Command("backup", "make a verified backup of the database and the attached figure files "
            "(or list the backups)", _configure_backup, run_backup),
    Command("restore", "replace the database with a verified backup and restore its figure "
            "files (the current database is kept)", _configure_restore, run_restore,
            writes=True),
]
