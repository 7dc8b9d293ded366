"""The audit trail: who, when, what, old -> new, why (ARCHITECTURE decision 6).

Each entry is chained to the previous one by an HMAC whose key lives in the data folder's
config, outside the database. The chain head (count and last MAC) is kept outside the database
as well, so a deleted last row or a chain rewritten with plain hashes is detected.
Identifier values are stored as keyed hashes, never in clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, insert, select

from core.errors import StorageError
from core.store.tables import audit

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


@dataclass(frozen=True)
class ChainHead:
    count: int
    mac: str


def load_or_create_key(path: Path) -> bytes:
    if path.exists():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(key.hex(), encoding="ascii")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return key


def read_key(path: Path) -> bytes | None:
    """The key for read-only work: None when it is missing or unreadable (never created)."""
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip()) or None
    except (OSError, ValueError):
        return None


def entry_mac(key: bytes, prev_mac: str, row: dict[str, object]) -> str:
    parts = [prev_mac] + ["" if row.get(f) is None else str(row[f]) for f in FIELDS]
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class AuditTrail:
    """Appends chained entries inside the caller's transaction; keeps the head file."""

    def __init__(self, key: bytes | None, head_path: Path):
        self._key = key  # None: opened read-only without a key; nothing can be appended
        self.head_path = head_path
        self._pending: ChainHead | None = None

    def keyed_hash(self, value: str) -> str:
        digest = hmac.new(self.key, b"identifier\x1f" + value.encode("utf-8"), hashlib.sha256)
        return "hmac:" + digest.hexdigest()[:32]

    def append(self, conn: Connection, user: str, entries: list[AuditEntry],
               ts: str | None = None) -> ChainHead:
        """Write entries chained to the last row. Call ``commit_head`` after the commit."""
        last = conn.execute(select(audit.c.seq, audit.c.mac).order_by(audit.c.seq.desc())
                            .limit(1)).first()
        seq, prev = (last.seq, last.mac) if last else (0, GENESIS)
        ts = ts or utc_now()
        rows = []
        for e in entries:
            seq += 1
            row = {"seq": seq, "ts": ts, "user": user, "case_id": e.case_id,
                   "action": e.action, "path": e.path, "old": e.old, "new": e.new,
                   "reason": e.reason}
            prev = entry_mac(self.key, prev, row)
            row["mac"] = prev
            rows.append(row)
        if rows:
            conn.execute(insert(audit), rows)
        self._pending = ChainHead(seq, prev)
        return self._pending

    def commit_head(self) -> None:
        """Record the chain head outside the database once the transaction has committed."""
        if self._pending is None:
            return
        write_head(self.head_path, self._pending)
        self._pending = None

    def discard_pending(self) -> None:
        self._pending = None

    @property
    def key(self) -> bytes:
        if self._key is None:
            raise StorageError(f"The audit key {self.head_path.with_name('audit.key')} is "
                               "missing: nothing can be recorded in the audit trail.")
        return self._key

    @property
    def has_key(self) -> bool:
        return self._key is not None


def write_head(path: Path, head: ChainHead) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"count": head.count, "mac": head.mac}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_head(path: Path) -> ChainHead | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ChainHead(int(data["count"]), str(data["mac"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
