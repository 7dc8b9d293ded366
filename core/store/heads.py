"""The chain head kept outside the database, authenticated with the audit key (issue 13).

The head names the last audit entry: its number (``count``) and its MAC. It lives in
``config/audit-head.json`` and, as a second copy, in the user's configuration folder
(``copy_path``), out of reach of whoever has only the data folder. Format 2::

    {"format": 2, "count": 304, "mac": "<MAC of entry 304>", "tag": "<HMAC>",
     "pending": {"count": 305, "mac": "<MAC of entry 305>", "tag": "<HMAC>"}}

``tag`` is HMAC-SHA256(key, "head\\x1f304\\x1f<mac>") (``"pending\\x1f…"`` for the pending head),
so a head cannot be written without the key. ``pending`` is there only while a save runs: the
save writes it (durably: a new file, fsync, rename) before its transaction commits and the plain
head after (``write_plain_head``: a new file renamed into place, not flushed), so a crash in
between leaves the database at the head or at the pending head, and both verify. A file is never
written over where it stands: a torn write (power cut) could leave it neither old nor new. The
head is advanced only by Casebook's own saves; it is never rebuilt from the database. A head file
without ``tag`` is the format of an older Casebook: accepted once, where no second copy says
otherwise, and authenticated at the next save.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from core.logs import get_logger

FORMAT = 2
HEAD_FILE = "audit-head.json"
log = get_logger("store")


@dataclass(frozen=True)
class ChainHead:
    """A position in the chain: ``count`` entries, the last one's MAC; ``tag`` authenticates
    it (None: unauthenticated, as an older Casebook wrote it). Equal heads name the same
    position, whatever their tags."""

    count: int
    mac: str
    tag: str | None = field(default=None, compare=False)

    def same(self, other: ChainHead | None) -> bool:
        return other is not None and self.count == other.count and hmac.compare_digest(
            self.mac.encode(), other.mac.encode())


def head_tag(key: bytes, count: int, mac: str, kind: str = "head") -> str:
    message = f"{kind}\x1f{count}\x1f{mac}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signed(key: bytes, head: ChainHead, kind: str = "head") -> ChainHead:
    return ChainHead(head.count, head.mac, head_tag(key, head.count, head.mac, kind))


def authentic(key: bytes, head: ChainHead, kind: str = "head") -> bool:
    return head.tag is not None and hmac.compare_digest(
        head.tag.encode(), head_tag(key, head.count, head.mac, kind).encode())


# -- the files -------------------------------------------------------------------------------
@dataclass(frozen=True)
class HeadFile:
    """A head file as read: ``head`` None when it is not a chain head at all."""

    path: Path
    head: ChainHead | None
    pending: ChainHead | None = None
    raw: bytes = b""

    @property
    def legacy(self) -> bool:
        return self.head is not None and self.head.tag is None

    @property
    def positions(self) -> list[ChainHead]:
        return [h for h in (self.head, self.pending) if h is not None]


def read_head_file(path: Path) -> HeadFile | None:
    """The head file at ``path``; None when there is none. Read until two reads in a row
    agree (at most ``READS``): a reader never acts on a file caught while it changed. The
    post-commit head writes this process still runs (``later``) are waited for first."""
    settle()
    found = _read_head_file(path)
    for _ in range(READS - 1):
        again = _read_head_file(path)
        if _same_read(found, again):
            return again
        found = again
    return found


READS = 5  # reads of a head file at most, until two in a row agree


def _same_read(one: HeadFile | None, other: HeadFile | None) -> bool:
    if one is None or other is None:
        return one is other
    return one.raw == other.raw and (one.head is None) == (other.head is None)


def _read_head_file(path: Path) -> HeadFile | None:
    try:
        raw = Path(path).read_bytes()[:65536]
    except FileNotFoundError:
        return None
    except OSError:
        return HeadFile(path, None)
    try:
        data = json.loads(raw.decode("utf-8"))
        head = _parse(data)
        pending = _parse(data["pending"]) if data.get("pending") is not None else None
        if head.tag is None and pending is not None:
            raise ValueError("a pending head in an unauthenticated file")
        return HeadFile(path, head, pending, raw)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return HeadFile(path, None, None, raw)


def _parse(data: dict[str, Any]) -> ChainHead:
    count, mac, tag = data["count"], data["mac"], data.get("tag")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError("not an entry count")
    if not isinstance(mac, str) or not (tag is None or isinstance(tag, str)):
        raise ValueError("not a MAC")
    return ChainHead(count, mac, tag)


def read_head(path: Path) -> ChainHead | None:
    """The head (count, MAC and tag) in the head file ``path``; None when missing or unreadable."""
    found = read_head_file(path)
    return found.head if found else None


class _Derived(Enum):
    DERIVED = "derived"


_DERIVED = _Derived.DERIVED  # write_head's ``copy`` default: found from the head file's path


def write_head(path: Path, head: ChainHead, key: bytes | None = None,
               pending: ChainHead | None = None, *, durable: bool = True,
               copy: Path | None | _Derived = _DERIVED) -> None:
    """Write ``head`` (and ``pending``) to the head file ``path``, and for a data folder's head
    (``config/audit-head.json``) its second copy too. With ``key`` both are signed; without
    it they are written as given (a signed head read from elsewhere keeps its tag).
    ``durable``: flushed to disk (fsync) before returning (the pending head, before a commit).
    ``copy``: the second copy's path when the caller already knows it (``copy_of(path)``)."""
    if key is not None:
        head = signed(key, head)
        pending = signed(key, pending, "pending") if pending is not None else None
    if copy is _DERIVED:
        copy = copy_of(Path(path))
    if copy is None:
        _write(Path(path), _content(head, pending), durable)
        return
    # The two files are written side by side (their fsyncs overlap instead of adding up,
    # ~one disk flush a save); both are on disk when this returns.
    folder = Path(path).parent.parent
    job = None
    try:
        job = _copy_writer().submit(write_copy, copy, head, pending, durable=durable,
                                    folder=folder)
    except RuntimeError:  # the interpreter is shutting down: one file after the other
        write_copy(copy, head, pending, durable=durable, folder=folder)
    try:
        _write(Path(path), _content(head, pending), durable)
    finally:
        if job is not None:
            job.result()


def write_plain_head(path: Path, head: ChainHead, key: bytes, copy: Path | None) -> None:
    """The plain head after a commit: the head file and its second copy (side by side, as
    ``write_head``), each a new file renamed into place. Not durable: a crash before it
    reaches the disk leaves the pending head written before the commit, which verifies; the
    rename leaves the old or the new file, never one written partly over the other."""
    write_head(path, head, key, durable=False, copy=copy)


_later: list[Future[None]] = []  # post-commit head writes still running in a writer thread
_later_lock = threading.Lock()


def later(job: Future[None]) -> None:
    """Note a post-commit head write running in a writer thread (``settle`` waits for it)."""
    with _later_lock:
        _later[:] = [j for j in _later if not j.done()] + [job]


def settle() -> None:
    """Wait for the post-commit head writes still running, so that what this process reads
    or writes next follows them (not in a head writer thread: its jobs run in order). Every
    caller waits for every write (two threads reading at once both wait); never raises."""
    if threading.current_thread().name.startswith(WRITER_PREFIX):
        return
    with _later_lock:
        jobs = list(_later)
    for job in jobs:
        try:
            job.result()
        except Exception as exc:  # noqa: BLE001 - the job logs its own failures; a reader goes on
            log.warning("a head write after a commit failed: %r", exc)
    with _later_lock:
        _later[:] = [j for j in _later if not j.done()]


if hasattr(os, "register_at_fork"):  # a forked child has no writer thread, nor its jobs
    os.register_at_fork(after_in_child=_later.clear)


WRITER_PREFIX = "head-"  # the names of the head writer threads (``OneThread``)


class OneThread:
    """A single worker thread, made on first use (its jobs run one at a time, in order). A
    forked child has no such thread: it makes its own."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._made: list[ThreadPoolExecutor] = []
        self._lock = threading.Lock()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._made.clear)

    def __call__(self) -> ThreadPoolExecutor:
        with self._lock:
            if not self._made:
                self._made.append(ThreadPoolExecutor(max_workers=1,
                                                     thread_name_prefix=self._name))
            return self._made[0]


_copy_writer = OneThread(WRITER_PREFIX + "copy")  # writes second copies, one at a time


def write_copy(copy: Path, head: ChainHead, pending: ChainHead | None = None, *,
               durable: bool, folder: Path) -> None:
    """The second copy; when it cannot be written it is removed (a stale copy would contradict
    the head), and the save goes on: the copy is a second line, not the record."""
    data = _content(head, pending)
    data["folder"] = str(folder)
    try:
        _write(copy, data, durable)
    except OSError as exc:
        log.warning("the second copy of the audit head %s could not be written (%s)", copy, exc)
        try:
            copy.unlink(missing_ok=True)
        except OSError:
            log.error("the stale second copy of the audit head %s could not be removed", copy)


def _content(head: ChainHead, pending: ChainHead | None) -> dict[str, object]:
    if head.tag is None and pending is None:
        return {"count": head.count, "mac": head.mac}  # an older Casebook's head, as it was
    data: dict[str, object] = {"format": FORMAT, "count": head.count, "mac": head.mac,
                               "tag": head.tag}
    if pending is not None:
        data["pending"] = {"count": pending.count, "mac": pending.mac, "tag": pending.tag}
    return data


def _write(path: Path, data: dict[str, object], durable: bool) -> None:
    tmp = path.with_suffix(".tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileNotFoundError:  # no folder yet (one system call a save, not three)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, flags, 0o666)
    try:
        view = memoryview(json.dumps(data).encode("utf-8"))  # a few hundred bytes
        while view:
            view = view[os.write(fd, view):]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)  # the folder is not synced: SQLite's commit, which follows, syncs
    # the file system's journal on ext4 and XFS (a folder sync here would cost ~10 ms a save)


def copy_path(root: Path) -> Path:
    """Where the second copy of the head of the data folder ``root`` lives: the user's
    configuration folder, ``heads/<SHA-256 of the folder's resolved path>.json``."""
    from platformdirs import user_config_dir

    from core.paths import APP_NAME

    ident = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "heads" / f"{ident}.json"


def copy_of(head_path: Path) -> Path | None:
    """The second copy of a data folder's head file; None for any other head file (a
    backup's)."""
    if head_path.name == HEAD_FILE and head_path.parent.name == "config":
        return copy_path(head_path.parent.parent)
    return None
