"""Checks of a database: SQLite integrity, foreign keys, and the audit chain."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from core.store.audit import FIELDS, GENESIS, ChainHead, entry_mac
from core.store.tables import audit


@dataclass
class ChainReport:
    ok: bool
    entries: int
    message: str
    first_bad_seq: int | None = None


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    chain: ChainReport | None = None

    @property
    def ok(self) -> bool:
        return (self.integrity == ["ok"] and not self.foreign_keys
                and (self.chain is None or self.chain.ok))


def verify_chain(conn: Connection, key: bytes, head: ChainHead | None) -> ChainReport:
    """Walk the chain; report the first entry where it breaks and why."""
    prev, expected_seq, count = GENESIS, 1, 0
    rows = conn.execute(select(audit).order_by(audit.c.seq)).mappings()
    for row in rows:
        seq = row["seq"]
        if seq != expected_seq:
            why = (f"entry {expected_seq} is missing (next entry is {seq})" if seq > expected_seq
                   else f"entry {seq} appears out of order")
            return ChainReport(False, count, why, expected_seq)
        mac = entry_mac(key, prev, {f: row[f] for f in FIELDS})
        if not hmac.compare_digest(mac, row["mac"]):
            return ChainReport(False, count, f"entry {seq} was changed, inserted or re-hashed "
                               "(its keyed hash does not match)", seq)
        prev, expected_seq, count = row["mac"], seq + 1, count + 1
    if head is None:
        if count:
            return ChainReport(False, count, "the chain head kept outside the database is "
                               "missing, so deleted last entries cannot be ruled out")
        return ChainReport(True, 0, "OK: no audit entries yet")
    if count < head.count:
        return ChainReport(False, count, f"the chain ends at entry {count} but {head.count} "
                           "entries were recorded: entries at the end were deleted", count + 1)
    if count == head.count and not hmac.compare_digest(prev, head.mac):
        return ChainReport(False, count, "the last entry does not match the recorded chain head",
                           count)
    return ChainReport(True, count, f"OK: {count} audit entries verified")


def check_database(conn: Connection, key: bytes | None, head: ChainHead | None,
                   quick: bool = False) -> CheckReport:
    report = CheckReport()
    pragma = "quick_check" if quick else "integrity_check"
    report.integrity = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
    report.foreign_keys = [str(tuple(r)) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    if key is not None:
        report.chain = verify_chain(conn, key, head)
    return report
