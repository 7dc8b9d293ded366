"""One writing process per data folder (ARCHITECTURE decision 8).

The GUI holds an OS-level lock on ``casebook.lock`` for as long as it runs. Commands that write
(import, restore, demo, ...) take the same lock and refuse while someone else holds it.
Read-only commands never take it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from core.paths import DataPaths


class FolderInUse(RuntimeError):
    """Another Casebook process holds the data folder."""

    def __init__(self, root: Path, holder: dict[str, object] | None, also: str = ""):
        self.root = root
        self.holder = holder or {}
        who = self.holder.get("kind", "another Casebook process")
        pid = self.holder.get("pid")
        detail = f"{who} (process {pid})" if pid else str(who)
        if who == "the command line":
            advice = "Wait for that command to finish, or use another --data-dir."
        else:
            advice = ("Do this in the open Casebook window, or close Casebook there first; "
                      "or use another --data-dir.")
        super().__init__(f"The data folder {root} is in use by {detail}. {advice}"
                         + (f" {also}" if also else ""))


class DataFolderLock:
    """Non-blocking exclusive lock on a data folder, with a note saying who holds it."""

    def __init__(self, paths: DataPaths, kind: str):
        self.paths = paths
        self.kind = kind
        self._lock = FileLock(str(paths.lock_file), thread_local=False)

    def acquire(self) -> DataFolderLock:
        self.paths.root.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise FolderInUse(self.paths.root, read_holder(self.paths)) from None
        try:
            _write_holder(self.paths, {"kind": self.kind, "pid": os.getpid()})
        except BaseException:  # a full disk or read-only folder: do not keep the lock
            self._lock.release(force=True)
            raise
        return self

    def release(self) -> None:
        if self._lock.is_locked:
            try:
                self.paths.instance_file.unlink(missing_ok=True)
            finally:
                self._lock.release(force=True)

    def __enter__(self) -> DataFolderLock:
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def read_holder(paths: DataPaths) -> dict[str, object] | None:
    try:
        holder: dict[str, object] | None = json.loads(
            paths.instance_file.read_text(encoding="utf-8"))
        return holder
    except (OSError, ValueError):
        return None


def _write_holder(paths: DataPaths, holder: dict[str, object]) -> None:
    tmp = paths.instance_file.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(holder), encoding="utf-8")
        os.replace(tmp, paths.instance_file)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
