"""The audit trail: who, when, what, old -> new, why (ARCHITECTURE decision 6).

Each entry is chained to the previous one by an HMAC whose key lives in the data folder's
config, outside the database. The chain head (count and last MAC) is kept outside the database
as well, authenticated with the key and copied to the user's configuration folder
(``core.store.heads``), so deleted last rows or a chain rewritten with plain hashes are
detected. Identifier values are stored as keyed hashes, never in clear.

The key is never made anew for a chain that has entries: a missing, empty or garbled key there
is an ``AuditKeyProblem`` (the folder can then only be read) that says how to put it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection

from core.errors import StorageError
from core.logs import get_logger
from core.store.engine import plain
from core.store.headcheck import HeadCheck, check_tip
from core.store.heads import (
    WRITER_PREFIX,
    ChainHead,
    HeadFile,
    OneThread,
    copy_of,
    later,
    read_head,
    read_head_file,
    settle,
    write_head,
    write_plain_head,
)
from core.store.tables import audit

log = get_logger("store")

__all__ = ["GENESIS", "FIELDS", "AuditEntry", "AuditKeyProblem", "AuditTrail", "ChainHead",
           "START", "entry_mac", "inspect_key", "key_problem_text", "load_or_create_key",
           "read_head", "read_key", "write_head"]

GENESIS = "casebook-audit-genesis"
FIELDS = ("seq", "ts", "user", "case_id", "action", "path", "old", "new", "reason")


@dataclass(frozen=True)
class AuditEntry:
    action: str
    case_id: str | None = None
    path: str | None = None
    old: str | None = None
    new: str | None = None
    reason: str | None = None


START = ChainHead(0, GENESIS)  # the head of a chain without entries
_INSERT = (f"INSERT INTO {audit.name} ({', '.join((*FIELDS, 'mac'))}) "
           f"VALUES ({', '.join('?' * (len(FIELDS) + 1))})")
MIN_KEY_BYTES = 16
MAX_KEY_FILE = 4096


class AuditKeyProblem(StorageError):
    """The audit key is missing, empty, garbled or another one, and the chain has entries:
    the data folder can be read, nothing can be recorded. The message says how to put the key
    back."""


def inspect_key(path: Path) -> tuple[bytes | None, str | None]:
    """The key in ``path``, or None and what is wrong with the file: ``missing``, ``empty``,
    ``not a key`` or ``unreadable (…)``."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_KEY_FILE + 1)
    except FileNotFoundError:
        return None, "missing"
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc})"
    if not data.strip():
        return None, "empty"
    try:
        key = bytes.fromhex(data.decode("ascii").strip()) if len(data) <= MAX_KEY_FILE else b""
    except (UnicodeDecodeError, ValueError):
        key = b""
    if len(key) < MIN_KEY_BYTES:
        return None, "not a key (garbled)"
    return key, None


def read_key(path: Path) -> bytes | None:
    """The key for read-only work: None when it is missing or unusable (never created)."""
    return inspect_key(path)[0]


def key_problem_text(path: Path, problem: str, entries: int) -> str:
    """Why the folder can only be read, and how to put the key back."""
    what = ("is not the key this audit trail was signed with (it was replaced)"
            if problem == "another key" else f"is {problem}")
    return (f"The audit key {path} {what}, but the audit trail holds {entries} entries signed "
            "with the original key. Casebook never makes a new key for a trail that has "
            "entries, so this data folder is open read-only: cases can be read, nothing can be "
            "saved. Put the key back: copy the key file saved with `casebook audit key export` "
            "(File > Export audit key…), or the audit.key of a copy of this folder made before "
            f"the key was lost, to {path}; then open Casebook again.")


def load_or_create_key(path: Path, entries: int = 0) -> bytes:
    """The key in ``path``; a new one only where no chain needs the old one: ``entries`` in the
    database (the caller counts them) and none recorded by the head beside the key or its
    second copy. AuditKeyProblem otherwise."""
    key, problem = inspect_key(path)
    if key is not None:
        return key
    head_path = path.with_name("audit-head.json")
    recorded = [entries] + [h.count for found in (read_head_file(head_path),
                                                  _copy_file(head_path)) if found
                            for h in found.positions]
    if max(recorded):
        raise AuditKeyProblem(key_problem_text(path, problem or "missing", max(recorded)))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return key


def _copy_file(head_path: Path) -> HeadFile | None:
    copy = copy_of(head_path)
    return read_head_file(copy) if copy else None


def entry_mac(key: bytes, prev_mac: str, row: dict[str, object]) -> str:
    parts = [prev_mac] + ["" if row.get(f) is None else str(row[f]) for f in FIELDS]
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# the thread that writes pending heads beside a transaction (``AuditTrail.beside``)
_pending_writer = OneThread(WRITER_PREFIX + "pending")


def _write_plain(path: Path, head: ChainHead, key: bytes, copy: Path | None) -> None:
    """The plain head after a commit (``commit_head``). The transaction has committed: a
    failed write is no error; the head file still holds the save as its pending head."""
    try:
        write_plain_head(path, head, key, copy)
    except Exception as exc:  # noqa: BLE001 - in a writer thread: logged, nobody to raise to
        log.warning("the audit head could not be written (%r); its pending head stands", exc)


def _head_error(path: Path, exc: OSError, what: str) -> StorageError:
    return StorageError(f"The audit head {path} could not be written "
                        f"({exc.strerror or exc}): nothing was {what}.")


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class AuditTrail:
    """Appends chained entries inside the caller's transaction; keeps the head file.

    The first ``append`` of a transaction checks that the chain's tip is the one the head (and
    its second copy) vouches for, and refuses to extend it otherwise: a save never hides what
    was done to the chain. It then records the head it is about to make as *pending*, durably,
    before the transaction commits; ``commit_head`` records it as the head afterwards. Inside
    ``beside`` (``Context.write``) the check and the pending head's write run in a writer
    thread while the transaction goes on, and are waited for before the commit.
    """

    def __init__(self, key: bytes | None, head_path: Path, problem: str | None = None):
        self._key = key  # None: opened read-only without a key; nothing can be appended
        self.head_path = head_path
        self.copy = copy_of(head_path)  # the head's second copy (found once, not per save)
        self.problem = problem  # why there is no usable key (the put-it-back message)
        self._base: ChainHead | None = None  # the committed head this transaction builds on
        self._pending: ChainHead | None = None
        self._beside = False  # pending heads written in a writer thread (``beside``)
        self._job: Future[None] | None = None
        self._job_what = "saved"  # what a failed write left undone (its message)

    def keyed_hash(self, value: str) -> str:
        digest = hmac.new(self.key, b"identifier\x1f" + value.encode("utf-8"), hashlib.sha256)
        return "hmac:" + digest.hexdigest()[:32]

    def append(self, conn: Connection, user: str, entries: list[AuditEntry],
               ts: str | None = None) -> ChainHead:
        """Write entries chained to the last row. Call ``commit_head`` after the commit.
        StorageError (nothing written) when the head does not vouch for the chain's tip or
        the pending head cannot be recorded."""
        key = self.key
        last = plain(conn, "SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0], last[1]) if last else (0, GENESIS)
        vouch = None  # the tip to check against the head files first, in the writer thread
        if self._base is None:
            if entries and self._beside:
                self._base = vouch = ChainHead(seq, prev)
            else:
                self._base = self._vouched(ChainHead(seq, prev), key)
        ts = ts or utc_now()
        rows = []
        for e in entries:
            seq += 1
            row = {"seq": seq, "ts": ts, "user": user, "case_id": e.case_id,
                   "action": e.action, "path": e.path, "old": e.old, "new": e.new,
                   "reason": e.reason}
            prev = entry_mac(key, prev, row)
            row["mac"] = prev
            rows.append(row)
        pending = ChainHead(seq, prev)
        if rows:
            self._write_pending(pending, "saved", vouch)
            plain(conn, _INSERT, [tuple(row[f] for f in (*FIELDS, "mac")) for row in rows],
                  many=True)
            self._pending = pending
        return pending

    def _write_pending(self, pending: ChainHead, what: str,
                       vouch: ChainHead | None = None) -> None:
        """The head file records ``pending`` (with the tip it builds on as the head), durably:
        at once, or inside ``beside()`` in a writer thread, waited for before the commit.
        ``vouch``: the tip the head files must vouch for (``_vouched``), checked first in the
        writer thread (its StorageError is raised by ``wait_pending``; nothing is written)."""
        self.wait_pending(what)  # one write at a time, in order
        args = (self.head_path, cast(ChainHead, self._base), self.key, pending)  # set first
        if self._beside:
            self._job = _pending_writer().submit(self._vouch_and_write, vouch, args)
            self._job_what = what
            return
        settle()  # after the last commit's head, written in the writer thread
        try:
            write_head(*args, copy=self.copy)
        except OSError as exc:
            raise _head_error(self.head_path, exc, what) from exc

    def _vouch_and_write(self, vouch: ChainHead | None, args: tuple[Any, ...]) -> None:
        if vouch is not None:
            self._vouched(vouch, self.key)
        write_head(*args, copy=self.copy)

    def wait_pending(self, what: str | None = None) -> None:
        """Wait for the pending head written beside the transaction (``beside``); StorageError
        when it could not be written (the transaction must then not commit)."""
        job, self._job = self._job, None
        what = what or self._job_what
        if job is not None:
            try:
                job.result()
            except OSError as exc:
                raise _head_error(self.head_path, exc, what) from exc

    @contextmanager
    def beside(self) -> Iterator[None]:
        """Within: the pending head is written in a writer thread while the transaction goes
        on (its flush to disk overlaps the rest of the save's work, e.g. the index rows), and
        waited for on the way out, before the caller commits (StorageError, to roll back,
        when it failed). The head is on disk before the commit, as without it."""
        outer, self._beside = self._beside, True
        try:
            yield
        except BaseException:
            self._beside = outer
            try:
                self.wait_pending()  # no write left running; the caller rolls back
            except StorageError:
                pass
            except Exception as other:  # noqa: BLE001 - the save's own exception is raised
                log.warning("the head write beside a failed save failed too: %r", other)
            raise
        self._beside = outer
        self.wait_pending()

    def truncate(self, conn: Connection, base: ChainHead) -> None:
        """Remove the entries after ``base`` (those of an import that did not finish, whose
        cases the caller removes in the same transaction), so the chain is as it was. The
        tip must be one the head vouches for and ``base`` a position in it (StorageError,
        nothing removed, otherwise); the head file records ``base`` as pending before the
        commit and as the head after it (``commit_head``), so a crash between verifies."""
        key = self.key
        last = plain(conn, "SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        tip = ChainHead(last[0], last[1]) if last else START
        if tip.same(base):
            return
        at = plain(conn, "SELECT mac FROM audit WHERE seq = ?", (base.count,)).fetchone()
        if base.count > tip.count or (base.count and (at is None or at[0] != base.mac)):
            raise StorageError(f"The audit trail does not hold entry {base.count} as recorded "
                               "when the unfinished import began: nothing was removed.")
        if self._base is None:
            self._base = self._vouched(tip, key)
        self._write_pending(base, "removed")
        plain(conn, "DELETE FROM audit WHERE seq > ?", (base.count,))
        self._pending = base

    def _vouched(self, tip: ChainHead, key: bytes) -> ChainHead:
        check = self.check(tip, key)
        if not check.ok:
            raise StorageError(
                f"The audit trail does not match its recorded head: {check.message}. Nothing "
                "was saved: Casebook adds no entries to a chain its head does not vouch for. "
                "Run `casebook audit verify`, and restore a backup made before the change.")
        return tip

    def check(self, tip: ChainHead, key: bytes) -> HeadCheck:
        """``tip`` against the head file and its second copy (``core.store.headcheck``)."""
        copy = self.copy
        return check_tip(tip, key, self.head_path, read_head_file(self.head_path), copy,
                         read_head_file(copy) if copy else None)

    def commit_head(self) -> None:
        """Record the chain head outside the database once the transaction has committed: in
        the writer thread, after the pending head and before the next one (its jobs run in
        order), so the save returns without waiting for it. A crash before it lands leaves
        the pending head, which verification accepts; a read of the head files in this
        process waits for it (``heads.settle``)."""
        pending, base = self._pending, self._base
        self._pending = self._base = None
        if pending is not None and base is not None:
            try:
                later(_pending_writer().submit(_write_plain, self.head_path, pending,
                                               self.key, self.copy))
            except RuntimeError:  # the interpreter is shutting down: written here
                _write_plain(self.head_path, pending, self.key, self.copy)

    def discard_pending(self) -> None:
        """The transaction did not commit. The pending head stays in the file (if a commit
        that failed did land after all, it still verifies); the next save replaces it."""
        self._pending = self._base = None

    @property
    def key(self) -> bytes:
        if self._key is None:
            raise AuditKeyProblem(self.problem or (
                f"The audit key {self.head_path.with_name('audit.key')} is missing: nothing "
                "can be recorded in the audit trail."))
        return self._key

    @property
    def has_key(self) -> bool:
        return self._key is not None
