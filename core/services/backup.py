"""Backups and restores for the GUI and the command line (ARCHITECTURE decision 7).

``BackupService`` works on an open Casebook. For a database that cannot be opened (damaged,
foreign, newer), use the plain functions ``newest_good_backup(paths)`` and
``restore_backup(paths, backup)``: they never open it through SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from core.errors import DatabaseProblem
from core.logs import get_logger
from core.paths import DataPaths
from core.services.context import Context
from core.settings import Settings
from core.store.audit import AuditTrail, load_or_create_key, read_head
from core.store.backup import BackupError, BackupInfo, create_backup, list_backups, read_backup
from core.store.heads import copy_path
from core.store.keyfile import KeyFileError, export_key
from core.store.restore import (
    KeyNeeded,
    RestoreResult,
    Stranger,
    StrangerBackup,
    UnsignedBackup,
    from_another_installation,
    key_needed,
    newest_good_backup,
    restore_backup,
    signing_key,
    unsigned_text,
    verify_backup,
)
from core.store.rotation import due_kind, prune
from core.store.schema import inspect_file
from core.store.tables import cases

__all__ = ["BackupError", "BackupInfo", "BackupService", "KeyFileError", "KeyNeeded",
           "RestorableDatabaseProblem", "RestoreResult", "Stranger", "StrangerBackup",
           "UnsignedBackup", "export_key", "key_needed", "newest_good_backup", "restore_backup",
           "signing_key", "unsigned_text", "verify_backup", "with_restore_offer",
           "pre_migration_backup", "create_backup", "list_backups", "read_backup"]
log = get_logger("services")
OFFER_KINDS = ("damaged", "foreign", "newer", "missing")


class BackupService:
    def __init__(self, ctx: Context, settings: Settings):
        self.ctx = ctx
        self.settings = settings

    @property
    def paths(self) -> DataPaths:
        return self.ctx.paths

    def create(self, target: Path | None = None, kind: str = "manual") -> BackupInfo:
        """A verified backup now: into ``target`` (a folder, or a .zip file) or the backups
        folder. Raises DatabaseProblem when the database fails its quick check (offer
        ``newest_good()``), BackupError when the copy cannot be written or fails verification."""
        return create_backup(self.paths, kind, target)

    def list(self) -> list[BackupInfo]:
        """The backups in the data folder's backups folder, newest first."""
        return list_backups(self.paths)

    def newest_good(self) -> BackupInfo | None:
        return newest_good_backup(self.paths)

    def run_daily_if_due(self, today: dt.date | None = None) -> BackupInfo | None:
        """The automatic backup, at most one a day (the first of a week is the weekly one);
        call it from a worker after start-up. None when not due, turned off in settings, or
        the casebook holds no case (in the trash or not): a backup of nothing would only be
        listed by Restore as "0 cases". Raises DatabaseProblem when the database fails its
        quick check (show the restore offer), BackupError when the copy cannot be written."""
        if not self.settings.automatic_backups or not self.holds_cases():
            return None
        kind = due_kind(self.list(), today or dt.date.today())
        if kind is None:
            return None
        info = create_backup(self.paths, kind, packed=True)  # zipped: ~7x smaller
        prune(self.paths)
        log.info("automatic %s backup: %s", kind, info.path)
        return info

    def holds_cases(self) -> bool:
        """True when the database holds at least one case (the trash counts)."""
        with self.ctx.db.read() as conn:
            return conn.execute(select(cases.c.id).limit(1)).first() is not None

    def stranger(self, backup: BackupInfo | Path) -> Stranger | None:
        """What restoring ``backup`` of another installation would replace (None: ours)."""
        info = backup if isinstance(backup, BackupInfo) else read_backup(backup)
        return from_another_installation(self.paths, info)

    def needs_key(self, backup: BackupInfo | Path) -> bool:
        """Restoring ``backup`` needs a key file (it is signed with a key this folder lacks)."""
        info = backup if isinstance(backup, BackupInfo) else read_backup(backup)
        return key_needed(self.paths, info)

    def check_key(self, backup: BackupInfo | Path, key_file: Path) -> None:
        """KeyFileError or BackupError unless ``key_file`` holds the key ``backup`` was made
        with (its signature is checked with it by ``restore``)."""
        info = backup if isinstance(backup, BackupInfo) else read_backup(backup)
        signing_key(self.paths, info, key_file)

    def export_key(self, target: Path, *, force: bool = False) -> Path:
        """Write the audit key to ``target`` (outside the data folder), owner-only."""
        return export_key(self.paths, target, force=force)

    def restore(self, backup: BackupInfo | Path, accept_stranger: bool = False, *,
                accept_unsigned: bool = False, key_file: Path | None = None) -> RestoreResult:
        """Replace the open database with ``backup`` (verified first; the current database is
        kept as a backup). The services stay usable afterwards, with the backup's audit key.
        A backup of another installation needs ``accept_stranger`` (StrangerBackup), an old
        unsigned one ``accept_unsigned`` (UnsignedBackup), one signed with a key this folder
        lacks that key's file (KeyNeeded)."""
        with self.ctx.db.write_lock:  # no save of this process runs meanwhile
            self.ctx.db.dispose()
            result = restore_backup(self.paths, backup, self.ctx.user,
                                    accept_stranger=accept_stranger,
                                    accept_unsigned=accept_unsigned, key_file=key_file)
            self.ctx.audit = AuditTrail(load_or_create_key(self.paths.audit_key),
                                        self.paths.audit_head)
        return result


def pre_migration_backup(paths: DataPaths) -> Callable[[Path, str], BackupInfo]:
    """The hook ``open_database`` calls before a pending migration."""
    def backup(_path: Path, _label: str) -> BackupInfo:
        try:
            info = create_backup(paths, "pre-migration")
        except BackupError as exc:
            raise BackupError(f"The database needs an upgrade, but the backup made first failed, "
                              f"so nothing was changed. {exc}") from exc
        prune(paths)
        return info
    return backup


class RestorableDatabaseProblem(DatabaseProblem):
    """A database that cannot be opened, and a good backup that could replace it."""

    def __init__(self, problem: DatabaseProblem, backup: BackupInfo, needs_key: bool = False):
        self.problem = problem
        self.backup = backup
        self.needs_key = needs_key  # the folder lacks the key the backup is signed with
        key = (" --key KEYFILE` (KEYFILE: the audit key written by `casebook audit key "
               "export`, as this folder's key is missing)" if needs_key else "`")
        super().__init__(f"{problem}\nA verified backup from {backup.label} can replace it: "
                         f"`casebook restore {backup.path}{key} would restore it (the current "
                         "file is kept).", problem.kind)


def with_restore_offer(problem: DatabaseProblem, paths: DataPaths) -> DatabaseProblem:
    """``problem`` plus the newest good backup, when there is one to offer."""
    if problem.kind not in OFFER_KINDS:
        return problem
    backup = newest_good_backup(paths)
    if backup is None:
        return problem
    return RestorableDatabaseProblem(problem, backup, key_needed(paths, backup))


def refuse_lost_database(paths: DataPaths) -> str | None:
    """A missing, empty or table-less database in a folder that held data before is lost
    data, not a new casebook: DatabaseProblem ``missing`` (the caller adds the restore offer).
    Earlier data shows in the audit head or its second copy (entries recorded) or in the
    backups folder. Only a truly new folder starts empty. Raises DatabaseProblem for a damaged
    file, too. Returns the database's schema revision (``inspect_file``; None for a new
    folder)."""
    db = paths.database
    revision = inspect_file(db)
    if revision is not None:
        return revision
    evidence = []
    head = read_head(paths.audit_head)
    copy_file = copy_path(paths.root)  # the head's second copy, outside the folder
    copy = read_head(copy_file)
    if head is not None and head.count > 0:
        evidence.append(f"its audit trail records {_entries(head.count)}")
    elif copy is not None and copy.count > 0:
        evidence.append(f"the copy of its audit head in {copy_file.parent} "
                        f"records {_entries(copy.count)}")
    backups = list_backups(paths)
    if backups:
        evidence.append(f"{paths.backups} holds {len(backups)} backup(s)")
    if not evidence:
        return None
    state = ("is missing" if not db.exists() else "is empty" if db.stat().st_size == 0
             else "holds no tables")
    log.error("the database %s %s although %s", db, state, " and ".join(evidence))
    raise DatabaseProblem(
        f"The database {db} {state}, although this data folder held a casebook before "
        f"({' and '.join(evidence)}). Casebook does not start an empty database in its place. "
        f"Restore a backup, or, to start afresh on purpose, move the folder {paths.root} "
        "aside.", "missing")


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"
