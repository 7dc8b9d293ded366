"""What an interrupted write left in the folder the user keeps outputs in, removed at the next
start (stranger test: Casebook killed during File › Save PDFs of selected cases… left
``Documents/.case summaries 2026-12-07.6lqig9oh.casebook-part`` holding nine identified PDFs,
a patient's name and record number in them, hidden and never removed).

``core.io.outputs`` writes every output as a hidden ``.<name>.<random>.casebook-part`` file
or folder beside its target and renames it at the end; a kill or a power cut leaves it. Only
those names are touched, and only once nothing in them has changed for ``STALE_AFTER_S``: a
batch or a command still writing there (another Casebook, `casebook report --all`) touches
its folder with every file it adds.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from core.io.outputs import TEMP_SUFFIX
from core.logs import get_logger

log = get_logger("outputs")
STALE_AFTER_S = 3600.0  # an hour untouched: no write of Casebook's is that slow between files


def remove_stale_outputs(folder: str | os.PathLike[str] | None,
                         older_than: float = STALE_AFTER_S) -> list[Path]:
    """The ``.*.casebook-part`` files and folders in ``folder`` untouched for ``older_than``
    seconds, removed (each noted in the log); a problem is logged and the entry skipped."""
    if not folder:
        return []
    try:
        entries = [e for e in os.scandir(Path(folder).expanduser())
                   if e.name.startswith(".") and e.name.endswith(TEMP_SUFFIX)]
    except OSError:  # gone, not a folder, not readable: nothing of ours to remove
        return []
    removed: list[Path] = []
    now = time.time()
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_symlink() or now - _last_change(path) < older_than:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError as exc:
            log.warning("could not remove %s, left by an interrupted write: %s", path, exc)
            continue
        log.info("removed %s, left by an interrupted write", path)
        removed.append(path)
    return removed


def _last_change(path: Path) -> float:
    """The latest modification time of ``path`` and, for a folder, of what it holds."""
    latest = path.lstat().st_mtime
    if path.is_dir():
        for inner in path.rglob("*"):
            latest = max(latest, inner.lstat().st_mtime)
    return latest
