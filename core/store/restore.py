"""Putting a backup back (ARCHITECTURE Pitfalls: restore through the backup API).

Works without opening the live database through SQLAlchemy, so it also serves the restore
offer for a damaged, foreign or newer file. The replaced database is never lost: a healthy one
is backed up first (kind ``pre-restore``); any other is moved aside, with its ``-wal`` and
``-shm``, to ``casebook.db.damaged-<timestamp>``. Callers hold the data-folder lock and have
closed their own Casebook (its audit key may change).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.errors import CasebookError
from core.logs import get_logger
from core.paths import DataPaths
from core.settings import load_settings
from core.store.audit import AuditEntry, AuditTrail, read_head, write_head
from core.store.backup import (
    DB_NAME,
    HEAD_NAME,
    KEY_NAME,
    RESTORE_PREFIX,
    BackupError,
    BackupInfo,
    create_backup,
    file_sha256,
    list_backups,
    read_backup,
    read_copy,
    read_key,
)
from core.store.engine import Database
from core.store.health import BUSY_TIMEOUT_MS, check_file, open_readonly
from core.store.schema import KNOWN_REVISIONS, inspect_file

log = get_logger("store")


@dataclass(frozen=True)
class Stranger:
    """A backup made by another installation (another audit key) and what restoring it
    replaces: ``current_cases`` is None when the current database cannot be counted."""

    backup_cases: int
    current_cases: int | None

    def text(self, backup: BackupInfo) -> str:
        current = ("the current database, which cannot be read" if self.current_cases is None
                   else f"all {self.current_cases} case(s) of the current database")
        return (f"The backup {backup.path} was made by another Casebook installation (its "
                f"audit key is not this folder's). It holds {self.backup_cases} case(s); "
                f"restoring it replaces {current} (kept as a backup) and continues with that "
                "installation's audit trail.")


class StrangerBackup(BackupError):
    """Restoring a backup of another installation needs the user's explicit yes."""

    def __init__(self, message: str, stranger: Stranger):
        self.stranger = stranger
        super().__init__(message)


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo
    previous: Path | None  # the pre-restore backup, or the moved-aside file; None if there was none


def newest_good_backup(paths: DataPaths) -> BackupInfo | None:
    """The newest backup that was verified when written and whose copy is still unchanged."""
    for backup in list_backups(paths):
        if backup.good and _stored_sha256(backup) == backup.sha256:
            return backup
    return None


def verify_backup(backup: BackupInfo) -> list[str]:
    """Problems that stop ``backup`` from being restored; empty when it is sound."""
    with unpacked(backup) as folder:
        return _problems(folder, backup)


def restore_backup(paths: DataPaths, backup: BackupInfo | Path, user: str | None = None, *,
                   accept_stranger: bool = False) -> RestoreResult:
    """Verify ``backup``, keep the current database, then copy the backup into place.

    A backup of another installation (``stranger``) raises StrangerBackup unless
    ``accept_stranger``: the user has seen both case counts and said yes."""
    info = backup if isinstance(backup, BackupInfo) else read_backup(backup)
    stranger = from_another_installation(paths, info)
    if stranger and not accept_stranger:
        raise StrangerBackup(stranger.text(info), stranger)
    with unpacked(info, paths.backups) as folder:
        problems = _problems(folder, info)
        if problems:
            raise BackupError(f"The backup {info.path} cannot be restored: "
                              + "; ".join(problems[:3]))
        previous = keep_current(paths)
        try:
            _put_in_place(folder, paths)
        except (OSError, sqlite3.Error) as exc:
            raise BackupError(f"The restore failed ({exc}); the database it was to replace is "
                              f"kept as {previous}.") from exc
    log.info("restored %s (previous database kept as %s)", info.path, previous)
    _record_restore(paths, info, previous, user, stranger)
    return RestoreResult(info, previous)


def from_another_installation(paths: DataPaths, backup: BackupInfo) -> Stranger | None:
    """A Stranger when ``backup`` carries another audit key than the folder's own and the
    folder has a database that the restore would replace; else None."""
    own = read_key(paths.audit_key.parent)  # the same file name in a backup and a folder
    theirs = _backup_key(backup)
    if own is None or theirs is None or own == theirs or not paths.database.exists():
        return None
    return Stranger(backup.cases, _count_cases(paths.database))


def _backup_key(backup: BackupInfo) -> bytes | None:
    if backup.path.is_dir():
        return read_key(backup.path)
    try:
        with zipfile.ZipFile(backup.path) as zf:
            return bytes.fromhex(zf.read(KEY_NAME).decode("ascii").strip())
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def _count_cases(db: Path) -> int | None:
    """Through SQLite (never a raw read: the app may have this database open)."""
    try:
        con = open_readonly(db)
        try:
            return int(con.execute("SELECT count(*) FROM cases").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return None


@contextmanager
def unpacked(backup: BackupInfo, scratch: Path | None = None) -> Iterator[Path]:
    """The backup's folder; a zip is extracted to a temporary folder (in ``scratch``) first."""
    if backup.path.is_dir():
        yield backup.path
        return
    with tempfile.TemporaryDirectory(prefix=RESTORE_PREFIX, dir=scratch) as tmp:
        try:
            with zipfile.ZipFile(backup.path) as zf:
                zf.extractall(tmp, [n for n in zf.namelist() if "/" not in n and ".." not in n])
        except (OSError, zipfile.BadZipFile) as exc:
            raise BackupError(f"The backup {backup.path} cannot be read ({exc}).") from exc
        yield Path(tmp)


def _problems(folder: Path, info: BackupInfo) -> list[str]:
    db = folder / DB_NAME
    if not db.exists() or not (folder / KEY_NAME).exists():
        return ["it lacks the database or the audit key"]
    if file_sha256(db) != info.sha256:
        return ["the database copy does not match its manifest's checksum (changed or damaged)"]
    if info.schema_revision not in KNOWN_REVISIONS:
        return [f"it was made by a newer Casebook (schema {info.schema_revision})"]
    problems = check_file(db, full=True)
    if problems:
        return problems
    cases, _revision, chain = read_copy(db, read_key(folder), read_head(folder / HEAD_NAME))
    if cases != info.cases:
        problems.append(f"it holds {cases} case(s) but its manifest says {info.cases}")
    if not chain.ok:
        problems.append(f"its audit chain does not verify: {chain.message}")
    return problems


def keep_current(paths: DataPaths) -> Path | None:
    """Back up a healthy current database; move any other aside. None when there is none."""
    db = paths.database
    if not db.exists() or db.stat().st_size == 0:
        return None
    try:
        inspect_file(db)
        return create_backup(paths, "pre-restore").path
    except (CasebookError, sqlite3.Error, OSError) as exc:
        log.warning("the current database cannot be backed up (%s): moving it aside", exc)
        return move_aside(db)


def move_aside(db: Path) -> Path:
    """Rename ``db`` (with its -wal and -shm) to ``<name>.damaged-<timestamp>``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = db.with_name(f"{db.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm", ""):  # the database last: never leave it beside a stale WAL
        source = Path(f"{db}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    return aside


def copy_into(source: Path, live: Path) -> None:
    """Copy ``source`` over ``live`` page by page with the backup API (one transaction)."""
    src = open_readonly(source)
    try:
        dst = sqlite3.connect(live, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst.execute("PRAGMA synchronous=FULL")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()


def _put_in_place(folder: Path, paths: DataPaths) -> None:
    copy_into(folder / DB_NAME, paths.database)
    _install_key(folder / KEY_NAME, paths.audit_key)
    head = read_head(folder / HEAD_NAME)
    if head is not None:
        write_head(paths.audit_head, head)


def _install_key(source: Path, dest: Path) -> None:
    tmp = dest.with_suffix(".tmp")
    shutil.copyfile(source, tmp)
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)


def _record_restore(paths: DataPaths, info: BackupInfo, previous: Path | None,
                    user: str | None, stranger: Stranger | None = None) -> None:
    """An audit entry in the restored chain: which backup, and where the old database went."""
    user = user or load_settings(paths.settings_file).effective_user()
    key = bytes.fromhex(paths.audit_key.read_text(encoding="ascii").strip())
    trail = AuditTrail(key, paths.audit_head)
    detail = f"the replaced database was kept as {previous.name}" if previous else None
    if stranger is not None:
        detail = (f"a backup of another installation (another audit key), confirmed by the "
                  f"user; it replaced {stranger.current_cases} case(s)"
                  + (f"; {detail}" if detail else ""))
    entry = AuditEntry("backup-restore", None, None, None, f"restored the backup {info.label}",
                       detail)
    db = Database(paths.database)
    try:
        with db.write() as conn:
            trail.append(conn, user, [entry])
        trail.commit_head()
    finally:
        db.dispose()


def _stored_sha256(backup: BackupInfo) -> str | None:
    try:
        if backup.path.is_dir():
            return file_sha256(backup.path / DB_NAME)
        digest = hashlib.sha256()
        with zipfile.ZipFile(backup.path) as zf, zf.open(DB_NAME) as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
