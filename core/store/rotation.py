"""Which backups to keep: the last 10 daily and 8 weekly (ARCHITECTURE decision 7).

The first automatic backup of an ISO week is the weekly one; the other days' are daily.
Manual backups are never removed here, and neither is the newest good backup.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

from core.paths import DataPaths
from core.store.backup import PARTIAL_PREFIX, RESTORE_PREFIX, BackupInfo, list_backups

AUTOMATIC = ("daily", "weekly")
KEEP = {"daily": 10, "weekly": 8, "pre-migration": 5, "pre-restore": 5}
STALE_SECONDS = 24 * 3600


def local_date(backup: BackupInfo) -> dt.date:
    return backup.created.astimezone().date()


def due_kind(backups: list[BackupInfo], today: dt.date) -> str | None:
    """The kind of automatic backup due today: None if today's exists, else weekly or daily."""
    automatic = [b for b in backups if b.kind in AUTOMATIC]
    if any(local_date(b) == today for b in automatic):
        return None
    week = today.isocalendar()[:2]
    if any(b.kind == "weekly" and local_date(b).isocalendar()[:2] == week for b in automatic):
        return "daily"
    return "weekly"


def prune(paths: DataPaths) -> list[Path]:
    """Remove backups beyond the numbers kept per kind; return what was removed."""
    backups = list_backups(paths)
    newest_good = next((b for b in backups if b.good), None)
    removed = []
    for kind, keep in KEEP.items():
        for backup in [b for b in backups if b.kind == kind][keep:]:
            if backup != newest_good:
                _remove(backup.path)
                removed.append(backup.path)
    _remove_stale_partials(paths)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _remove_stale_partials(paths: DataPaths) -> None:
    """Half-written backups and unpacked zips left by a crash (a running backup or restore
    never takes a day)."""
    cutoff = time.time() - STALE_SECONDS
    for prefix in (PARTIAL_PREFIX, RESTORE_PREFIX):
        for entry in paths.backups.glob(f"{prefix}*"):
            if entry.stat().st_mtime < cutoff:
                _remove(entry)
