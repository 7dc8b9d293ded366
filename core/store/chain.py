"""A data folder's audit chain as a whole (issue 13): verification against the authenticated
head and its second copy, settling the head after a crash, the audit key's state, anchors.

``verify_folder`` walks every entry (``core.store.verify``), then compares the tip with the
head files (``core.store.headcheck``). A save may commit while it runs (the app beside
``casebook audit verify``): the head files are read before and after a short look at the end
of the chain, until they did not change in between.

An *anchor* is a short code for a head that a user can write down or find on paper: the entry
count and the first characters of that entry's MAC (``304-3f9a0c71be``). The chain still
holding that entry with that MAC shows it was neither rewound below it nor rewritten.
"""

from __future__ import annotations

import hmac
import re
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from core.logs import get_logger
from core.store.audit import (
    FIELDS,
    GENESIS,
    START,
    AuditTrail,
    entry_mac,
    inspect_key,
    key_problem_text,
)
from core.store.engine import Database
from core.store.headcheck import HeadCheck, check_tip
from core.store.heads import ChainHead, HeadFile, authentic, copy_of, read_head_file, write_head
from core.store.health import open_readonly
from core.store.tables import audit
from core.store.verify import ChainReport, verify_chain

log = get_logger("store")
ATTEMPTS = 50
ANCHOR_HEX = 10
ANCHOR_PATTERN = re.compile(r"^\s*(\d+)-([0-9a-fA-F]{6,64})\s*$")


# -- verification ----------------------------------------------------------------------------
def verify_folder(db: Database, key: bytes, head_path: Path) -> tuple[ChainReport, HeadCheck]:
    """Walk the chain and check its tip against the head and its second copy."""
    with db.read() as conn:
        report = verify_chain(conn, key, START)
    copy = copy_of(head_path)
    if report.tip is None:  # the chain breaks: the head cannot vouch for anything
        files = _files(head_path, copy)
        if report.first_bad_seq == 1 and _other_key(key, files[0]):
            report = replace(report, message=key_problem_text(
                head_path.with_name("audit.key"), "another key", report.entries or 1),
                first_bad_seq=None)
        return report, HeadCheck(problems=[report.message])
    tip = report.tip
    for _ in range(ATTEMPTS):
        before = _files(head_path, copy)
        with db.read() as conn:
            broken, tip = walk_tail(conn, key, tip)
        after = _files(head_path, copy)
        if broken is not None:
            return broken, HeadCheck(problems=[broken.message])
        if _raw(before) == _raw(after):
            break
    check = check_tip(tip, key, head_path, after[0], copy, after[1])
    return _merge(report, tip, check), check


def _merge(report: ChainReport, tip: ChainHead, check: HeadCheck) -> ChainReport:
    if report.ok and check.ok:
        note = f" ({'; '.join(check.notes)})" if check.notes else ""
        return ChainReport(True, tip.count, f"OK: {tip.count} audit entries verified{note}",
                           tip=tip)
    problems = ([] if report.ok else [report.message]) + check.problems
    seqs = [s for s in (report.first_bad_seq, check.first_bad_seq) if s is not None]
    return ChainReport(False, tip.count, "; ".join(problems), min(seqs) if seqs else None,
                       tip, list(report.case_problems))


def walk_tail(conn: Connection, key: bytes,
              tip: ChainHead) -> tuple[ChainReport | None, ChainHead]:
    """Verify the entries after ``tip`` (already verified); the new tip, or what broke."""
    rows = conn.execute(select(audit).where(audit.c.seq >= tip.count).order_by(audit.c.seq))
    prev, count, seen = tip.mac, tip.count, tip.count == 0
    gone = ChainReport(False, tip.count, f"entry {tip.count} changed or went while the chain "
                       "was verified", tip.count)
    for row in rows.mappings():
        seq = row["seq"]
        if not seen:
            if seq != tip.count or not hmac.compare_digest(str(row["mac"]), tip.mac):
                return gone, tip
            seen = True
            continue
        if seq != count + 1:
            return ChainReport(False, count, f"entry {count + 1} is missing (next entry is "
                               f"{seq})", count + 1), tip
        mac = entry_mac(key, prev, {f: row[f] for f in FIELDS})
        if not hmac.compare_digest(mac, str(row["mac"])):
            return ChainReport(False, count, f"entry {seq} was changed, inserted or re-hashed "
                               "(its keyed hash does not match)", seq), tip
        prev, count = mac, seq
    if not seen:
        return gone, tip
    return None, ChainHead(count, prev)


def _files(head_path: Path, copy: Path | None) -> tuple[HeadFile | None, HeadFile | None]:
    return read_head_file(head_path), (read_head_file(copy) if copy else None)


def _raw(files: tuple[HeadFile | None, HeadFile | None]) -> tuple[bytes | None, ...]:
    return tuple(f.raw if f is not None else None for f in files)


def _other_key(key: bytes, main: HeadFile | None) -> bool:
    """The head is signed, but not with ``key``: together with a first entry that does not
    match, the key was replaced (an edited first entry leaves the head's tag intact)."""
    return (main is not None and main.head is not None and main.head.tag is not None
            and not authentic(key, main.head))


# -- writers: the head after a crash, a new casebook's first head -----------------------------
def settle_head(db: Database, trail: AuditTrail, *, fresh: bool = False) -> bool:
    """Write the head again as the chain's tip where the head vouches for that tip but should
    say it plainly: a save that committed before a crash (its pending head), an older
    Casebook's head, a missing second copy, a new casebook (``fresh``: a database made just
    now, whatever a copy from an earlier casebook at this path says). Never anything else:
    a head that does not vouch for the tip is left as evidence. True when written."""
    key = trail.key
    with db.read() as conn:  # most opens: nothing to do, and no write transaction for it
        check = trail.check(chain_tip(conn), key)
    if not fresh and not (check.ok and check.settle):
        return False
    with db.write() as conn:  # BEGIN IMMEDIATE: no commit of another writer in between
        tip = chain_tip(conn)
        check = trail.check(tip, key)
        if fresh and tip.count == 0:
            if not check.ok:
                log.warning("a new casebook at %s: its earlier head is replaced (%s)",
                            trail.head_path.parent.parent, check.message)
        elif not (check.ok and check.settle):
            return False
        write_head(trail.head_path, tip, key)
    return True


def chain_tip(conn: Connection) -> ChainHead:
    last = conn.execute(select(audit.c.seq, audit.c.mac).order_by(audit.c.seq.desc())
                        .limit(1)).first()
    return ChainHead(last.seq, last.mac) if last else START


def entry_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(audit)).scalar() or 0)


# -- the audit key ---------------------------------------------------------------------------
def key_state(key_path: Path, database: Path) -> tuple[bytes | None, str | None]:
    """The folder's key, or None and why it cannot be used (the put-it-back message). (None,
    None): there is no key and no chain that needs one, so a writer may make one."""
    key, problem = inspect_key(key_path)
    entries, first = _first_entry(database)
    if key is None:
        head_path = key_path.with_name("audit-head.json")
        copy = copy_of(head_path)
        recorded = [entries] + [h.count for found in _files(head_path, copy) if found
                                for h in found.positions]
        if max(recorded):
            return None, key_problem_text(key_path, problem or "missing", max(recorded))
        return None, None
    if first is not None:
        mac = entry_mac(key, GENESIS, {f: first.get(f) for f in FIELDS})
        if (not hmac.compare_digest(mac, str(first.get("mac")))
                and _other_key(key, read_head_file(key_path.with_name("audit-head.json")))):
            return None, key_problem_text(key_path, "another key", entries)
    return key, None


def _first_entry(database: Path) -> tuple[int, dict[str, Any] | None]:
    """How many audit entries the database holds, and the first one (a read-only look before
    the database is opened or upgraded; (0, None) when there is none to read)."""
    if not database.is_file() or database.stat().st_size == 0:
        return 0, None
    try:
        con = open_readonly(database)
        try:
            count = int(con.execute("SELECT count(*) FROM audit").fetchone()[0])
            row = con.execute("SELECT * FROM audit ORDER BY seq LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return 0, None
    return count, (dict(row) if row is not None else None)


# -- anchors ---------------------------------------------------------------------------------
def anchor_code(head: ChainHead) -> str:
    return f"{head.count}-{head.mac[:ANCHOR_HEX]}"


def parse_anchor(code: str) -> tuple[int, str]:
    """(entry, MAC prefix) of an anchor such as ``304-3f9a0c71be``; ValueError otherwise."""
    match = ANCHOR_PATTERN.match(code)
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"{code!r} is not an audit anchor (an entry number, a hyphen and at "
                         "least 6 hexadecimal characters, such as 304-3f9a0c71be)")
    return int(match.group(1)), match.group(2).lower()


def anchor_problem(db: Database, code: str) -> tuple[str | None, int | None]:
    """Why the chain does not hold the anchor ``code`` (and the entry concerned); (None,
    None) when it does. Call it on a chain that verifies: its MACs are then the key's."""
    seq, prefix = parse_anchor(code)
    with db.read() as conn:
        mac = conn.execute(select(audit.c.mac).where(audit.c.seq == seq)).scalar()
        count = entry_count(conn)
    if mac is None:
        return (f"the chain ends at entry {count}, before the anchor {code.strip()}: entries "
                f"up to {seq} were deleted (the chain was rewound)", count + 1)
    if not str(mac).lower().startswith(prefix):
        return (f"entry {seq} does not match the anchor {code.strip()}: the chain was "
                "rewritten", seq)
    return None, None


def current_anchor(db: Database, trail: AuditTrail) -> str | None:
    """The anchor of the head as it stands, when the head vouches for the chain's tip (a quick
    look, not a verification); None without a key, entries or a head that vouches."""
    if not trail.has_key:
        return None
    with db.read() as conn:
        tip = chain_tip(conn)
    if tip.count == 0 or not trail.check(tip, trail.key).ok:
        return None
    return anchor_code(tip)
