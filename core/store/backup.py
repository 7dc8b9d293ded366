"""Verified backups of a data folder (ARCHITECTURE decision 7 and Pitfalls).

A backup is a folder (or a zip of one) holding ``casebook.db`` (a copy made with SQLite's
online backup API from a separate plain read-only connection), ``audit-head.json`` and
``manifest.json``. Each copy is verified before it counts: integrity_check, foreign_key_check,
the case count seen by the snapshot, and the audit chain against the folder's key and the head
stored beside it. The manifest is written last, so a folder without one is not a backup; it is
signed with the audit key and lists every file's SHA-256 (``core.store.manifest``). The key
itself is not in the backup (issue 13): backups made before carried ``audit.key`` in clear.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import uuid
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from core.errors import CasebookError, DatabaseProblem
from core.io.outputs import atomic_folder, atomic_open, sync_folder, write_error
from core.paths import DataPaths
from core.store.audit import ChainHead, read_head, read_key, write_head
from core.store.backup_files import backup_file_names, copy_store_files
from core.store.health import check_file, open_readonly
from core.store.manifest import FORMAT_VERSION, is_legacy, key_fingerprint, sign
from core.store.verify import ChainReport, verify_chain_sqlite

DB_NAME, KEY_NAME, HEAD_NAME, MANIFEST_NAME = (
    "casebook.db", "audit.key", "audit-head.json", "manifest.json")
FORMAT = "casebook-backup"
PARTIAL_PREFIX = ".partial-"  # a backup being written
RESTORE_PREFIX = ".restore-"  # a zipped backup unpacked for a restore
# A backup's kind in words, the same in the app's backup list, its questions and messages, and
# `casebook backup --list`: one word for one thing ("manual", not "manual" here and "by hand" there)
KIND_WORDS = {"manual": "manual", "daily": "daily", "weekly": "weekly",
              "pre-migration": "before an upgrade", "pre-restore": "before a restore"}


class BackupError(CasebookError):
    """A backup could not be made, read or verified."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup's manifest says about it; ``path`` is its folder or zip file."""

    path: Path
    created_at: str
    kind: str
    cases: int
    schema_revision: str | None
    sha256: str
    audit_entries: int
    audit_ok: bool
    audit_message: str
    key_fingerprint: str | None = None  # of the key that signed it (None: an old backup)
    legacy: bool = False  # the old format: an unsigned manifest, the key in the backup

    @property
    def good(self) -> bool:
        """Verified when written: integrity, case count and the audit chain."""
        return self.audit_ok

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at.replace("Z", "+00:00"))

    @property
    def label(self) -> str:
        local = self.created.astimezone().strftime("%Y-%m-%d %H:%M")
        cases = f"{self.cases:,} case{'' if self.cases == 1 else 's'}"  # not 'case(s))'
        return f"{local} ({self.kind_text}, {cases})"

    @property
    def kind_text(self) -> str:
        """The kind in words: "manual", "daily", "before a restore"…"""
        return KIND_WORDS.get(self.kind, self.kind)


# -- making a backup ------------------------------------------------------------------------
def create_backup(paths: DataPaths, kind: str, target: Path | None = None, *,
                  packed: bool = False) -> BackupInfo:
    """Back up the data folder's database into ``target`` (a folder, or a file ending in .zip;
    default: a new folder in the backups folder, or a zip there when ``packed``) and verify
    the copy. DatabaseProblem when the database fails its quick check (nothing is copied)."""
    problems = check_file(paths.database)
    if problems:
        raise DatabaseProblem(f"The database {paths.database} is damaged, so it was not backed "
                              "up: " + "; ".join(problems[:3]), "damaged")
    key = read_key(paths.audit_key)
    if key is None:
        raise BackupError(f"The audit key {paths.audit_key} is missing or unreadable, so a "
                          "backup cannot be signed (nor its audit chain verified). Put the key "
                          "back (from the file written by `casebook audit key export`) first.")
    created_at = _utc_stamp()
    # built beside its destination: a backup to elsewhere works from a read-only data folder
    place = target.parent if target is not None else paths.backups
    work = place / f"{PARTIAL_PREFIX}{uuid.uuid4().hex}"
    try:
        work.mkdir(parents=True)
        head = read_head(paths.audit_head)  # read before the snapshot: the copy is never behind it
        cases = snapshot(paths.database, work / DB_NAME)
        copy_store_files(paths.files, work)  # the attached figures, as file-<sha256>
        info = seal(work, created_at, kind, cases, head, key)
        name = backup_name(created_at, kind) + (".zip" if packed else "")
        return _place(work, info, target or paths.backups / name)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"The backup could not be written to {target or paths.backups} "
                          f"({exc}).") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def snapshot(source: Path, dest: Path) -> int:
    """Copy ``source`` to ``dest`` with the backup API inside one read transaction; return the
    number of cases that snapshot holds. The copy is a self-contained rollback-journal file."""
    src = open_readonly(source)
    try:
        src.execute("BEGIN")
        cases = int(src.execute("SELECT count(*) FROM cases").fetchone()[0])
        dst = sqlite3.connect(dest, isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        src.execute("COMMIT")
    finally:
        src.close()
    _fsync(dest)
    return cases


def seal(folder: Path, created_at: str, kind: str, expected_cases: int,
         head: ChainHead | None, key: bytes) -> BackupInfo:
    """Verify the copy in ``folder`` with ``key``, write its head and its manifest signed with
    ``key`` (every file's SHA-256 in it); BackupError if the copy is bad."""
    db = folder / DB_NAME
    problems = check_file(db, full=True)
    if problems:
        raise BackupError("The backup copy failed its integrity check: " + "; ".join(problems[:3]))
    cases, revision, chain = read_copy(db, key, head)
    if cases != expected_cases:
        raise BackupError(f"The backup copy holds {cases} case(s), the database {expected_cases}.")
    backup_head = chain.tip if chain.ok else head
    if backup_head is not None:
        write_head(folder / HEAD_NAME, backup_head)
    files = {name: file_sha256(folder / name)
             for name in (DB_NAME, HEAD_NAME, *backup_file_names(folder))
             if (folder / name).exists()}
    info = BackupInfo(folder, created_at, kind, cases, revision, files[DB_NAME],
                      chain.entries, chain.ok, chain.message, key_fingerprint(key))
    _write_json(folder / MANIFEST_NAME, sign(manifest_of(info), key, files))
    return info


def read_copy(db: Path, key: bytes | None,
              head: ChainHead | None) -> tuple[int, str | None, ChainReport]:
    """Case count, schema revision and audit-chain report of a database copy."""
    con = open_readonly(db)
    try:
        cases = int(con.execute("SELECT count(*) FROM cases").fetchone()[0])
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if key is None:
            chain = ChainReport(False, 0, "the audit key is missing")
        else:
            chain = verify_chain_sqlite(con, key, head)
    finally:
        con.close()
    return cases, (row[0] if row else None), chain


def _place(work: Path, info: BackupInfo, target: Path) -> BackupInfo:
    """Put the verified copy in ``work`` at ``target`` atomically, never over anything: a zip
    through a temporary file, a folder by a rename (or, onto another disk, a temporary folder
    beside the target). OutputError when it cannot be written there."""
    target = _free_name(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".zip":
        with atomic_open(target, "wb", force=False) as fh, \
                zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name in (DB_NAME, HEAD_NAME, MANIFEST_NAME, *backup_file_names(work)):
                if (work / name).exists():
                    zf.write(work / name, name)
    else:
        _move_folder(work, target)
    return BackupInfo(**{**asdict(info), "path": target})


def _move_folder(work: Path, target: Path) -> None:
    try:
        os.rename(work, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise write_error(target, exc) from exc
        with atomic_folder(target, force=False) as folder:
            for entry in work.iterdir():
                shutil.copy2(entry, folder / entry.name)
        return
    sync_folder(target.parent)


def _free_name(target: Path) -> Path:
    if not target.exists():
        return target
    for n in range(2, 1000):
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise BackupError(f"{target} already exists.")


# -- reading backups ------------------------------------------------------------------------
def manifest_of(info: BackupInfo) -> dict[str, object]:
    """The manifest's content before it is signed (``core.store.manifest.sign``)."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "created_at": info.created_at,
            "kind": info.kind, "cases": info.cases, "schema_revision": info.schema_revision,
            "database": DB_NAME, "sha256": info.sha256, "sqlite_version": sqlite3.sqlite_version,
            "audit": {"entries": info.audit_entries, "ok": info.audit_ok,
                      "message": info.audit_message}}


def read_backup(path: Path) -> BackupInfo:
    """The backup at ``path`` (a backup folder, its manifest, or a zip); BackupError if none."""
    path = Path(path)
    if path.name == MANIFEST_NAME:
        path = path.parent
    return info_from(path, read_manifest(path))


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the backup folder or zip ``path``, as written; BackupError if none."""
    try:
        if path.is_dir():
            data = json.loads((path / MANIFEST_NAME).read_text(encoding="utf-8"))
        else:
            with zipfile.ZipFile(path) as zf:
                data = json.loads(zf.read(MANIFEST_NAME).decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{path} is not a Casebook backup (its {MANIFEST_NAME} is not "
                              "a Casebook backup's).")
        return data
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{path} is not a Casebook backup ({_unread(path, exc)}).") from exc


def _unread(path: Path, exc: Exception) -> str:
    """Why ``path`` was read as no backup, in words (not Python's "[Errno 2] No such file or
    directory: 'x/manifest.json'" or "File is not a zip file")."""
    if isinstance(exc, FileNotFoundError | KeyError):
        return f"it holds no {MANIFEST_NAME}"
    if isinstance(exc, zipfile.BadZipFile):
        return "it is neither a backup folder nor a backup .zip file"
    if isinstance(exc, UnicodeDecodeError | json.JSONDecodeError):
        return f"its {MANIFEST_NAME} is damaged"
    if isinstance(exc, OSError):
        return f"it cannot be read: {exc.strerror or 'read error'}"
    return f"its {MANIFEST_NAME} is damaged"


def info_from(path: Path, data: dict[str, Any]) -> BackupInfo:
    """What the manifest ``data`` of the backup at ``path`` says (not yet its signature)."""
    try:
        audit = data["audit"]
        fingerprint = data.get("key_fingerprint")
        return BackupInfo(path, str(data["created_at"]), str(data["kind"]), int(data["cases"]),
                          data.get("schema_revision"), str(data["sha256"]),
                          int(audit["entries"]), bool(audit["ok"]), str(audit["message"]),
                          fingerprint if isinstance(fingerprint, str) else None,
                          is_legacy(data))
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(f"{path} is not a Casebook backup (its manifest lacks {exc}).") from exc


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """Every readable backup in the backups folder, newest first."""
    found = []
    if paths.backups.is_dir():
        for entry in paths.backups.iterdir():
            if entry.name.startswith("."):
                continue
            try:
                found.append(read_backup(entry))
            except BackupError:
                continue
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def file_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return _sha256_of(fh)


def stored_checksums(path: Path, names: list[str]) -> dict[str, str | None]:
    """The SHA-256 of each named file as stored in the backup folder or zip ``path`` (None:
    missing or unreadable), read where it lies: a zip is not unpacked."""
    sums: dict[str, str | None] = {}
    if path.is_dir():
        for name in names:
            try:
                sums[name] = file_sha256(path / name)
            except OSError:
                sums[name] = None
        return sums
    try:
        with zipfile.ZipFile(path) as zf:
            for name in names:
                try:
                    with zf.open(name) as fh:
                        sums[name] = _sha256_of(fh)
                except (KeyError, OSError, zipfile.BadZipFile):
                    sums[name] = None
    except (OSError, zipfile.BadZipFile):
        return dict.fromkeys(names)
    return sums


def _sha256_of(fh: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: fh.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def backup_name(created_at: str, kind: str) -> str:
    stamp = created_at.replace("-", "").replace(":", "").replace(".", "-").rstrip("Z")
    return f"casebook-{stamp}-{kind}"


def carried_key(backup: Path) -> bytes | None:
    """The audit key an old backup (folder or zip) carries in clear; None when it has none."""
    try:
        if backup.is_dir():
            text = (backup / KEY_NAME).read_text(encoding="ascii")
        else:
            with zipfile.ZipFile(backup) as zf:
                text = zf.read(KEY_NAME).decode("ascii")
        return bytes.fromhex(text.strip()) or None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def _utc_stamp() -> str:
    now = dt.datetime.now(dt.UTC)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _write_json(path: Path, data: dict[str, object]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())

