"""Putting a backup back (ARCHITECTURE Pitfalls: restore through the backup API).

Works without opening the live database through SQLAlchemy, so it also serves the restore
offer for a damaged, foreign or newer file. The replaced database is never lost: a healthy one
is backed up first (kind ``pre-restore``); any other is moved aside, with its ``-wal`` and
``-shm``, to ``casebook.db.damaged-<timestamp>``. Callers hold the data-folder lock and have
closed their own Casebook (its audit key may change).

Nothing in the live folder is touched before the backup has passed every check: its manifest's
signature with the key it was made with (this folder's, one a restore replaced, or the key file
the user gives), every file's SHA-256, the copy's integrity and its audit chain against the head
copy in the backup. Old backups (unsigned, carrying their key) are checked with the key they
carry and restored only after the user's yes (issue 13).
"""

from __future__ import annotations

import datetime as dt
import os
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
from core.store.audit import AuditEntry, AuditTrail, read_head, read_key, write_head
from core.store.backup import (
    DB_NAME,
    HEAD_NAME,
    RESTORE_PREFIX,
    BackupError,
    BackupInfo,
    carried_key,
    create_backup,
    file_sha256,
    info_from,
    list_backups,
    read_backup,
    read_copy,
    read_manifest,
    stored_checksums,
)
from core.store.backup_files import restore_store_files
from core.store.engine import Database
from core.store.health import BUSY_TIMEOUT_MS, check_file, open_readonly
from core.store.keyfile import install_key, known_key, read_key_file
from core.store.manifest import check_signed, key_fingerprint, listed_files
from core.store.schema import KNOWN_REVISIONS, inspect_file

log = get_logger("store")
KEY_HELP = ("the audit key file of the installation that made it (written there by "
            "`casebook audit key export`, or File › Export audit key… in the app)")


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


class KeyNeeded(BackupError):
    """The backup is signed with a key this folder does not have: restoring it needs that key's
    file (``--key``). ``stranger``: the folder has another key and a database it would replace."""

    def __init__(self, message: str, stranger: Stranger | None = None):
        self.stranger = stranger
        super().__init__(message)


class UnsignedBackup(BackupError):
    """A backup of the old format (unsigned manifest, key in clear) needs the user's yes."""


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo
    previous: Path | None  # the pre-restore backup, or the moved-aside file; None if there was none


def newest_good_backup(paths: DataPaths) -> BackupInfo | None:
    """The newest backup that was verified when written, is signed with this folder's key and
    is unchanged since (signature and every file's checksum). When the folder's key is missing,
    the newest good signed backup: restoring it asks for its key file, then checks it all."""
    own = read_key(paths.audit_key)
    for backup in list_backups(paths):
        if not backup.good or backup.legacy:
            continue
        key = known_key(paths, backup.key_fingerprint)
        if key is None:
            if own is None:
                return backup
            continue
        data = read_manifest(backup.path)
        names = listed_files(data)
        if check_signed(data, key, stored_checksums(backup.path, names)) is None:
            return backup
    return None


def key_needed(paths: DataPaths, backup: BackupInfo) -> bool:
    """Restoring ``backup`` needs a key file: it is signed with a key this folder lacks."""
    return not backup.legacy and known_key(paths, backup.key_fingerprint) is None


def signing_key(paths: DataPaths, backup: BackupInfo, key_file: Path | None = None) -> bytes | None:
    """The key to check and restore ``backup`` with: the one in ``key_file`` (which must be the
    backup's), else this folder's own (or one a restore replaced). None for an old backup (it
    carries its key). KeyNeeded when there is none; BackupError for a key file of another key;
    KeyFileError for a file that is not a key."""
    if backup.legacy:
        return None
    if key_file is not None:
        key = read_key_file(key_file)
        if key_fingerprint(key) != backup.key_fingerprint:
            raise BackupError(
                f"The key file {key_file} is not the audit key the backup {backup.path} was "
                f"made with (the key's fingerprint is {key_fingerprint(key)}, the backup's "
                f"{backup.key_fingerprint or 'missing'}). Nothing was changed.")
        return key
    known = known_key(paths, backup.key_fingerprint)
    if known is not None:
        return known
    stranger = from_another_installation(paths, backup)
    if stranger is not None:
        raise KeyNeeded(f"{stranger.text(backup)} Restoring it needs {KEY_HELP}.", stranger)
    where = ("this data folder has no audit key" if read_key(paths.audit_key) is None
             else "this data folder's audit key is another one")
    raise KeyNeeded(f"The backup {backup.path} is signed with an audit key (fingerprint "
                    f"{backup.key_fingerprint}) that is not here: {where}. Restoring it needs "
                    f"{KEY_HELP}.")


def verify_backup(backup: BackupInfo, key: bytes | None) -> list[str]:
    """Problems that stop ``backup`` from being restored with ``key`` (an old backup: with the
    key it carries); empty when it is sound."""
    with unpacked(backup) as folder:
        return _problems(folder, _unpacked_info(folder, backup.path), key)


def restore_backup(paths: DataPaths, backup: BackupInfo | Path, user: str | None = None, *,
                   accept_stranger: bool = False, accept_unsigned: bool = False,
                   key_file: Path | None = None) -> RestoreResult:
    """Verify ``backup`` (its signature with this folder's key or the one in ``key_file``, every
    file's checksum, the copy and its audit chain), keep the current database, then copy the
    backup into place; the live folder is untouched until every check has passed.

    A backup signed with a key this folder lacks raises KeyNeeded unless ``key_file`` holds it.
    A backup of another installation (``stranger``) raises StrangerBackup unless
    ``accept_stranger``: the user has seen both case counts and said yes. An old unsigned
    backup raises UnsignedBackup unless ``accept_unsigned``."""
    path = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    outer = read_backup(path)
    signing_key(paths, outer, key_file)  # before a zip is unpacked
    with unpacked(outer, paths.backups) as folder:
        info = _unpacked_info(folder, path)  # what is restored is what is checked
        key = signing_key(paths, info, key_file)
        problems = _problems(folder, info, key)
        if problems:
            raise BackupError(f"The backup {info.path} cannot be restored: "
                              + "; ".join(problems[:3]) + ". Nothing was changed.")
        stranger = from_another_installation(paths, info)
        if stranger and not accept_stranger:
            raise StrangerBackup(stranger.text(info), stranger)
        if info.legacy and not accept_unsigned:
            raise UnsignedBackup(unsigned_text(info))
        previous = keep_current(paths)
        key = key or carried_key(folder)
        try:
            _put_in_place(folder, paths, key)
        except (OSError, sqlite3.Error) as exc:
            raise BackupError(f"The restore failed ({exc}); the database it was to replace is "
                              f"kept as {previous}.") from exc
    log.info("restored %s (previous database kept as %s)", info.path, previous)
    _record_restore(paths, info, previous, user, stranger, key)
    return RestoreResult(info, previous)


def unsigned_text(backup: BackupInfo) -> str:
    return (f"The backup {backup.path} was made by an older Casebook: its manifest is not "
            "signed and it carries the audit key in clear, so a change made to it since it was "
            "written cannot be ruled out (its audit chain was checked with the key it carries, "
            "which restoring it makes this folder's key).")


def from_another_installation(paths: DataPaths, backup: BackupInfo) -> Stranger | None:
    """A Stranger when ``backup`` was made with another audit key than the folder's own (by
    the key's fingerprint) and the folder has a database that the restore would replace;
    else None."""
    own = read_key(paths.audit_key)
    theirs = _backup_fingerprint(backup)
    if (own is None or theirs is None or key_fingerprint(own) == theirs
            or not paths.database.exists()):
        return None
    return Stranger(backup.cases, _count_cases(paths.database))


def _backup_fingerprint(backup: BackupInfo) -> str | None:
    if not backup.legacy:
        return backup.key_fingerprint
    key = carried_key(backup.path)
    return key_fingerprint(key) if key is not None else None


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


def _unpacked_info(folder: Path, path: Path) -> BackupInfo:
    return info_from(path, read_manifest(folder))


def _problems(folder: Path, info: BackupInfo, key: bytes | None) -> list[str]:
    """Why the backup unpacked in ``folder`` (manifest ``info``) cannot be restored: a signed
    one is checked with ``key``, an old one with the key it carries."""
    db = folder / DB_NAME
    if info.legacy:
        key = carried_key(folder)
        if not db.exists():
            return ["casebook.db is missing from the backup"]
        if key is None:
            return ["its manifest.json is of the old, unsigned format, but it holds no "
                    "audit.key as old backups did (it was changed after it was made)"]
        if file_sha256(db) != info.sha256:
            return ["the database copy does not match its manifest's checksum (changed or "
                    "damaged)"]
    else:
        if key is None or key_fingerprint(key) != info.key_fingerprint:
            return ["the manifest is not signed by this installation's audit key"]
        data = read_manifest(folder)
        names = listed_files(data)
        sums = stored_checksums(folder, names)  # each file hashed once
        tampered = check_signed(data, key, sums)
        if tampered is not None:
            return [tampered.text]
        if DB_NAME not in names or sums.get(DB_NAME) != info.sha256:
            return ["its manifest does not describe its database"]
    if info.schema_revision not in KNOWN_REVISIONS:
        return [f"it was made by a newer Casebook (schema {info.schema_revision})"]
    problems = check_file(db, full=True)
    if problems:
        return problems
    cases, _revision, chain = read_copy(db, key, read_head(folder / HEAD_NAME))
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


def _put_in_place(folder: Path, paths: DataPaths, key: bytes | None) -> None:
    restore_store_files(folder, paths.files)  # the figures first: the cases name them
    copy_into(folder / DB_NAME, paths.database)
    if key is not None:
        install_key(paths, key)
    head = read_head(folder / HEAD_NAME)  # the chain in the copy was verified against it
    if head is not None:
        write_head(paths.audit_head, head, key)  # and its second copy (core.store.heads)


def _record_restore(paths: DataPaths, info: BackupInfo, previous: Path | None,
                    user: str | None, stranger: Stranger | None = None,
                    key: bytes | None = None) -> None:
    """An audit entry in the restored chain: which backup, and where the old database went.
    ``key`` is the key the restore installed (None: the folder kept its own)."""
    user = user or load_settings(paths.settings_file).effective_user()
    trail = AuditTrail(key or read_key(paths.audit_key), paths.audit_head)
    notes = []
    if stranger is not None:
        notes.append(f"a backup of another installation (another audit key), confirmed by the "
                     f"user; it replaced {stranger.current_cases} case(s)")
    if info.legacy:
        notes.append("an old unsigned backup (made before backups were signed), confirmed by "
                     "the user")
    if previous:
        notes.append(f"the replaced database was kept as {previous.name}")
    detail = "; ".join(notes) or None
    entry = AuditEntry("backup-restore", None, None, None, f"restored the backup {info.label}",
                       detail)
    db = Database(paths.database)
    try:
        with db.write() as conn:
            trail.append(conn, user, [entry])
        trail.commit_head()
    finally:
        db.dispose()
