"""What interrupted work leaves in a data folder, and removing it at start-up (issue 12).

A backup being written lives in ``backups/.partial-*`` (a zipped one in a ``*.casebook-part``
file), a zipped backup unpacked for a restore in ``backups/.restore-*``, and every small file
Casebook replaces atomically (audit key and head, settings, the instance note) is first written
as ``*.tmp`` beside it, and so is an attached file in ``files/``.
A crash or a full disk can leave any of these behind, and they may hold patient data. Only a
writer that holds the folder lock calls ``remove_leftovers``, so nothing it removes is still
being written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from core.io.outputs import OLD_SUFFIX, TEMP_SUFFIX
from core.logs import get_logger
from core.paths import DataPaths
from core.store.backup import PARTIAL_PREFIX, RESTORE_PREFIX

log = get_logger("store")
TEMPORARY_SUFFIXES = (".tmp", ".part", TEMP_SUFFIX, OLD_SUFFIX)  # the last two: core.io.outputs


def leftovers(paths: DataPaths) -> list[Path]:
    """Leftovers of interrupted backups, restores and writes in the data folder."""
    found: list[Path] = []
    if paths.backups.is_dir():
        for entry in paths.backups.iterdir():
            if entry.name.startswith((PARTIAL_PREFIX, RESTORE_PREFIX)) or _temporary(entry):
                found.append(entry)
    for folder in (paths.root, paths.root / "config"):
        if folder.is_dir():
            found += [entry for entry in folder.iterdir() if _temporary(entry)]
    if paths.files.is_dir():  # an attached file being written (core.store.files)
        found += [entry for entry in paths.files.glob("??/*") if _temporary(entry)]
    return sorted(found)


def remove_leftovers(paths: DataPaths) -> list[Path]:
    """Remove every leftover; log each one removed (and any that could not be)."""
    removed = []
    for entry in leftovers(paths):
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError as exc:
            log.warning("could not remove the leftover %s (%s)", entry, exc)
            continue
        removed.append(entry)
        log.info("removed the leftover of interrupted work %s", entry)
    return removed


def _temporary(entry: Path) -> bool:
    return entry.name.endswith(TEMPORARY_SUFFIXES)
