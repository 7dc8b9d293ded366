"""One writing process per data folder (ARCHITECTURE decision 8).

The GUI holds an OS-level lock on ``casebook.lock`` for as long as it runs. Commands that write
(import, restore, demo, ...) take the same lock and refuse while someone else holds it.
Read-only commands never take it.

The OS lock sits on the file's inode, not its name: a temp-file cleaner (or a user) that deletes
``casebook.lock`` lets the next process lock a fresh file beside the running app. So the note in
``casebook.instance`` names the inode its holder locked, a newcomer refuses while that note names
a live process holding another inode, and the app re-takes a lock file that has gone
(``DataFolderLock.keep``).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from core.logs import get_logger
from core.paths import DataPaths

log = get_logger("lock")
# how long a process turned away waits for the holder's note: the holder writes it just after
# taking the lock, so a second process started with it found no note, or a killed earlier
# run's, and took the app starting for the command line (a Retry question, not the window
# brought forward) or named a process that had ended
NOTE_WAIT_S = 2.0


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
        self._inode: list[int] | None = None

    def acquire(self) -> DataFolderLock:
        self.paths.root.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise FolderInUse(self.paths.root, holder_of_lock(self.paths)) from None
        try:
            self._inode = _inode(self.paths.lock_file)
            holder = read_holder(self.paths)
            if holds_another_lock(holder, self._inode):  # its lock file was deleted
                raise FolderInUse(self.paths.root, holder)
            self._write_note()
        except BaseException:  # in use, a full disk or read-only folder: do not keep the lock
            self._lock.release(force=True)
            self._inode = None
            raise
        return self

    def keep(self) -> bool:
        """The app, regularly: lock the data folder again if its lock file was deleted (else
        the next command would lock a new file), and write a deleted note again. False while
        it cannot (a command took the new file first: it sees the note and stops)."""
        if not self._lock.is_locked:
            return False
        try:
            if _inode(self.paths.lock_file) == self._inode:
                if not self.paths.instance_file.exists():
                    self._write_note()
                return True
            fresh = FileLock(str(self.paths.lock_file), thread_local=False)
            try:
                fresh.acquire(timeout=0)
            except Timeout:
                log.warning("the data folder's lock file was deleted and another process "
                            "locked a new one; trying again")
                return False
            old, self._lock = self._lock, fresh
            old.release(force=True)
            self._inode = _inode(self.paths.lock_file)
            self._write_note()
            log.warning("the data folder's lock file was deleted: locked it again")
            return True
        except OSError as exc:  # a folder gone read-only: the old lock still holds this inode
            log.warning("could not check the data folder's lock file: %s", exc)
            return False

    def release(self) -> None:
        if self._lock.is_locked:
            try:
                if _note_is_ours(read_holder(self.paths)):
                    self.paths.instance_file.unlink(missing_ok=True)
            finally:
                self._lock.release(force=True)
                self._inode = None

    def _write_note(self) -> None:
        _write_holder(self.paths, {"kind": self.kind, "pid": os.getpid(),
                                   "started": _started(os.getpid()), "lock": self._inode})

    def __enter__(self) -> DataFolderLock:
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def holds_another_lock(holder: dict[str, object] | None, locked: list[int] | None) -> bool:
    """True when the note names a live process that locked another inode than ``locked`` (the
    one just taken): its lock file was deleted while it ran. A note naming this inode, a dead
    process, or a process started after the note (its pid reused) is stale."""
    if not holder:
        return False
    pid, theirs = holder.get("pid"), holder.get("lock")
    if not isinstance(pid, int) or pid == os.getpid() or not isinstance(theirs, list):
        return False  # an older note without its inode: the lock alone decides, as before
    if theirs == locked:
        return False  # we hold the very lock it held: it has ended
    started = holder.get("started")
    return _alive(pid) and (started is None or _started(pid) in (None, started))


def holder_of_lock(paths: DataPaths, wait: float = NOTE_WAIT_S) -> dict[str, object] | None:
    """The note of the process holding the lock (which another process could not take). A
    holder writes its note just after it locks, so a note that is missing or names a process
    that has ended (a killed earlier run's) is read again for up to ``wait`` seconds; still
    so, no note (a process that has ended is never named as the one holding the folder)."""
    deadline = time.monotonic() + wait
    while True:
        holder = read_holder(paths)
        if os.name != "posix" or _live(holder):  # (elsewhere no process is known alive)
            return holder
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


def _live(holder: dict[str, object] | None) -> bool:
    """The note names a running process (not one whose pid was reused since)."""
    pid = holder.get("pid") if holder else None
    if not isinstance(pid, int) or holder is None:
        return False
    started = holder.get("started")
    return pid == os.getpid() or (_alive(pid) and (started is None
                                                   or _started(pid) in (None, started)))


def _alive(pid: int) -> bool:
    if os.name != "posix":  # Windows cannot delete a locked file (and os.kill would end pid)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    except OSError:
        return False
    return True


def _started(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot, Linux), so a reused pid is not taken for
    the holder; None where /proc is not there."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def _inode(path: Path) -> list[int] | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return [found.st_dev, found.st_ino]


def _note_is_ours(holder: dict[str, object] | None) -> bool:
    return holder is None or holder.get("pid") == os.getpid()


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
