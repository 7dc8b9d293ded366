"""Checks of a database: SQLite integrity, foreign keys, and the audit chain."""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, select

from core.store.audit import FIELDS, GENESIS, START, ChainHead, entry_mac
from core.store.content import Ledger, Query, content_problems, summary
from core.store.heads import authentic, signed
from core.store.tables import audit


@dataclass
class ChainReport:
    ok: bool
    entries: int
    message: str
    first_bad_seq: int | None = None
    tip: ChainHead | None = None  # the verified last entry (count and MAC) when ok
    case_problems: list[str] = field(default_factory=list)  # stored cases against the chain


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    chain: ChainReport | None = None
    files_checked: int = 0  # attached files named by the cases (core.store.files_check)
    attachments_checked: int = 0  # the cases' attachments naming them (one file, many figures)
    file_problems: list[str] = field(default_factory=list)  # each names case and figure

    @property
    def ok(self) -> bool:
        return (self.integrity == ["ok"] and not self.foreign_keys and not self.file_problems
                and (self.chain is None or self.chain.ok))


def verify_chain(conn: Connection, key: bytes, head: ChainHead | None) -> ChainReport:
    """Walk the chain; report the first entry where it breaks and why; then check every
    stored case against the document hashes it chains (core.store.content)."""
    ledger = Ledger()
    rows = ledger.watch(conn.execute(select(audit).order_by(audit.c.seq)).mappings())
    report = verify_rows(rows, key, head)
    return with_content(report, rows, ledger, conn.exec_driver_sql)


def verify_chain_sqlite(con: sqlite3.Connection, key: bytes, head: ChainHead | None) -> ChainReport:
    """The same walk over a plain sqlite3 connection (backups, damaged-file checks)."""
    cur = con.execute("SELECT * FROM audit ORDER BY seq")
    names = [d[0] for d in cur.description]
    ledger = Ledger()
    rows = ledger.watch(dict(zip(names, r, strict=True)) for r in cur)
    report = verify_rows(rows, key, head)
    return with_content(report, rows, ledger, con.execute)


def with_content(report: ChainReport, rows: Iterable[Mapping[Any, Any]], ledger: Ledger,
                 query: Query) -> ChainReport:
    """``report`` with the problems of the stored cases added (each names its case). Entries
    past a break are read only to name the cases they concern."""
    for _row in rows:
        pass
    problems = content_problems(query, ledger)
    if not problems:
        return report
    text = summary(problems)
    if report.ok:
        return ChainReport(False, report.entries, text, None, report.tip, problems)
    return replace(report, message=f"{report.message}; {text}", case_problems=problems)


def verify_rows(rows: Iterable[Mapping[Any, Any]], key: bytes,
                head: ChainHead | None) -> ChainReport:
    """Every entry must carry the keyed hash of its content chained to the one before.

    The head file is written just after each commit, so a crash in between leaves the database
    ahead of the head: entries past the head are accepted when they chain on from the entry the
    head names (forging them needs the key). Fewer entries than the head recorded means entries
    at the end were deleted.
    """
    prev, count = GENESIS, 0
    anchor = GENESIS if head is not None and head.count == 0 else None
    for row in rows:
        seq = row["seq"]
        if seq != count + 1:
            return ChainReport(False, count, f"entry {count + 1} is missing (next entry is {seq})",
                               count + 1)
        mac = entry_mac(key, prev, {f: row[f] for f in FIELDS})
        if not hmac.compare_digest(mac, str(row["mac"])):
            return ChainReport(False, count, f"entry {seq} was changed, inserted or re-hashed "
                               "(its keyed hash does not match)", seq)
        prev, count = mac, seq
        if head is not None and seq == head.count:
            anchor = mac
    return _against_head(count, prev, anchor, head, key)


def _against_head(count: int, last_mac: str, anchor: str | None,
                  head: ChainHead | None, key: bytes) -> ChainReport:
    """The chain against a head taken as a lower bound (a backup's, read before its snapshot):
    entries past it must chain on. A head with a tag must carry the key's. The tip is signed
    with the key. The live folder's head is held to more (``core.store.chain.verify_folder``:
    the tip must be the head or the pending head, and agree with the second copy)."""
    if head is None:
        if count:
            return ChainReport(False, count, "the chain head kept outside the database is "
                               "missing, so deleted last entries cannot be ruled out")
        return ChainReport(True, 0, "OK: no audit entries yet", tip=signed(key, START))
    if head.tag is not None and not authentic(key, head):
        return ChainReport(False, count, "the chain head kept with it is not authenticated "
                           "with the audit key (written or changed without it)", head.count or 1)
    if count < head.count:
        return ChainReport(False, count, f"the chain ends at entry {count} but {head.count} "
                           "entries were recorded: entries at the end were deleted", count + 1)
    if anchor is None or not hmac.compare_digest(anchor, head.mac):
        return ChainReport(False, count, f"entry {head.count} does not match the recorded "
                           "chain head", head.count or 1)
    extra = count - head.count
    note = f" ({extra} written after the recorded head chain on correctly)" if extra else ""
    return ChainReport(True, count, f"OK: {count} audit entries verified{note}",
                       tip=signed(key, ChainHead(count, last_mac)))


def check_database(conn: Connection, key: bytes | None, head: ChainHead | None,
                   quick: bool = False) -> CheckReport:
    report = CheckReport()
    pragma = "quick_check" if quick else "integrity_check"
    report.integrity = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
    report.foreign_keys = [str(tuple(r)) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    if key is not None:
        report.chain = verify_chain(conn, key, head)
    return report
