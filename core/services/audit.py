"""The audit trail for people: a case's history, verification, CSV export, extra entries.

Entries themselves are written by the services, in the transaction of the action they record
(ARCHITECTURE decision 6). ``record`` is for actions that change no case data, such as an
identified PDF printed or saved.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from core.io.outputs import atomic_open, check_output_path
from core.logs import get_logger
from core.model.labels import NF
from core.services.context import Context
from core.store.audit import AuditEntry
from core.store.chain import (
    anchor_problem,
    current_anchor,
    entry_count,
    parse_anchor,
    settle_head,
    verify_folder,
)
from core.store.content import (
    CREATION_ACTIONS,
    HASH_ACTIONS,
    PURGED,
    chained_value,
    document_digest,
    for_people,
)
from core.store.tables import audit, cases
from core.store.verify import ChainReport

log = get_logger("services")
CSV_COLUMNS = ("seq", "ts", "user", "case_id", "action", "path", "old", "new", "reason", "mac")


class AuditRow(BaseModel):
    """One audit entry: who, when (UTC), what, field path, old -> new, why."""

    model_config = ConfigDict(frozen=True)
    seq: int
    ts: str
    user: str
    case_id: str | None
    action: str
    path: str | None
    old: str | None
    new: str | None
    reason: str | None


def under_prefix(path: str | None, prefix: str) -> bool:
    """True when ``path`` is the field ``prefix`` or lies inside it (``a.b``, ``a[2]``)."""
    return path is not None and (path == prefix or path.startswith((prefix + ".", prefix + "[")))


class AuditService:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def record(self, action: str, case_id: str | None = None, detail: str | None = None) -> None:
        """Append one entry in its own transaction, e.g. ``record("pdf-print", case_id,
        "identified PDF printed")``. Raises StorageError when it cannot be written."""
        if not action.strip():
            raise ValueError("an audit entry needs an action")
        with self.ctx.write() as (conn, trail):
            trail.append(conn, self.ctx.user, [AuditEntry(action, case_id, None, None, detail)])

    def history(self, case_id: str, field_prefix: str | None = None,
                user: str | None = None) -> list[AuditRow]:
        """A case's entries, oldest first; optionally only one field (what lies inside it, and
        its why-missing reason, as the app's Field history lists them) or one user's."""
        stmt = select(*[audit.c[f] for f in AuditRow.model_fields]).where(
            audit.c.case_id == case_id)
        if user is not None:
            stmt = stmt.where(audit.c.user == user)
        with self.ctx.db.read() as conn:  # a creation entry shows as a row per field set
            rows = [AuditRow.model_validate(r)
                    for r in for_people(conn.execute(stmt.order_by(audit.c.seq)).mappings())]
        if field_prefix:
            rows = [r for r in rows if under_prefix(r.path, field_prefix)
                    or r.path == field_prefix + NF]
        return rows

    def entries(self, case_id: str, actions: tuple[str, ...]) -> list[AuditRow]:
        """A case's entries of the given actions ("complete", "amendment"...), oldest first."""
        stmt = (select(*[audit.c[f] for f in AuditRow.model_fields])
                .where(audit.c.case_id == case_id, audit.c.action.in_(actions))
                .order_by(audit.c.seq))
        with self.ctx.db.read() as conn:
            return [AuditRow.model_validate(r) for r in conn.execute(stmt).mappings()]

    def field_history(self, case_id: str, path: str) -> list[AuditRow]:
        """Every recorded change of exactly one field, oldest first."""
        return [r for r in self.history(case_id, path) if r.path == path]

    def users(self) -> list[str]:
        with self.ctx.db.read() as conn:
            return sorted(conn.execute(select(audit.c.user).distinct()).scalars())

    def count(self) -> int:
        with self.ctx.db.read() as conn:
            return entry_count(conn)

    def verify(self, anchor: str | None = None) -> ChainReport:
        """Walk the whole chain and check its tip against the authenticated head and its second
        copy; with ``anchor`` (e.g. ``304-3f9a0c71be``), also that the chain holds that entry
        with that MAC. A writer records the head of a save that committed before a crash.
        ValueError for an ``anchor`` that is not one."""
        return verify_and_refresh(self.ctx, anchor)

    def document_matches(self, case_id: str) -> bool:
        """Whether the stored document of ``case_id`` is the one its audit trail last chained
        (False: changed outside Casebook, as ``casebook check`` says). True when there is
        nothing to compare: no stored row, or a trail from before documents were hashed."""
        chained = (CREATION_ACTIONS + HASH_ACTIONS)
        with self.ctx.db.read() as conn:
            document = conn.execute(select(cases.c.document)
                                    .where(cases.c.id == case_id)).scalar()
            rows = conn.execute(select(audit.c.action, audit.c.new)
                                .where(audit.c.case_id == case_id,
                                       audit.c.action.in_((*chained, "purge")))
                                .order_by(audit.c.seq.desc()))
            last = next((v for v in (chained_value(a, n) for a, n in rows) if v), None)
        if document is None or last is None or last == PURGED:
            return True
        return document_digest(str(document)) == last

    def anchor(self) -> str | None:
        """The anchor of the current head (a quick look; None without a key, entries or a
        head that vouches for the chain)."""
        return current_anchor(self.ctx.db, self.ctx.audit)

    def export_csv(self, target: Path, case_id: str | None = None, *,
                   force: bool = False) -> int:
        """Write the entries (all, or one case's) to a CSV file, atomically (``force``: replace
        a file that is there), and record the export in the trail; return how many."""
        target = check_output_path(target, self.ctx.paths.root, force=force)
        stmt = select(*[audit.c[c] for c in CSV_COLUMNS]).order_by(audit.c.seq)
        if case_id is not None:
            stmt = stmt.where(audit.c.case_id == case_id)
        count = 0
        with self.ctx.db.read() as conn, atomic_open(target, "w", force=force, newline="",
                                                     encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_COLUMNS)
            for row in conn.execute(stmt):
                writer.writerow(["" if v is None else v for v in row])
                count += 1
        whose = f" of case {case_id}" if case_id else ""
        self.record("audit-export", None, f"{count} entries{whose} to {target.name}")
        return count


def verify_and_refresh(ctx: Context, anchor: str | None = None) -> ChainReport:
    """Verify the chain (``core.store.chain.verify_folder``), and ``anchor`` if given. A writer
    then settles the head (the pending head of a save that committed before a crash, an older
    Casebook's head, a missing second copy); a reader (``ctx.read_only``) writes nothing."""
    if anchor is not None:
        parse_anchor(anchor)
    if not ctx.audit.has_key:
        return missing_key_report(ctx)
    report, check = verify_folder(ctx.db, ctx.audit.key, ctx.paths.audit_head)
    if anchor is not None and report.tip is not None:
        problem, seq = anchor_problem(ctx.db, anchor)
        if problem:
            first = min(s for s in (seq, report.first_bad_seq) if s is not None)
            text = problem if report.ok else f"{report.message}; {problem}"
            return ChainReport(False, report.entries, text, first, report.tip,
                               list(report.case_problems))
        if report.ok:
            report = replace(report, message=f"{report.message}; the anchor {anchor.strip()} "
                             "matches")
    if report.ok and check.settle and not ctx.read_only:
        try:
            settle_head(ctx.db, ctx.audit)
        except Exception as exc:  # noqa: BLE001 - the head stays as it was; it still verifies
            log.warning("could not settle the audit head: %s", exc)
    return report


def missing_key_report(ctx: Context) -> ChainReport:
    with ctx.db.read() as conn:
        count = entry_count(conn)
    if ctx.audit.problem:
        return ChainReport(False, count, ctx.audit.problem)
    return ChainReport(False, count, f"the audit key {ctx.paths.audit_key} is missing or "
                       "unreadable, so the chain cannot be verified (put it back from the file "
                       "saved with `casebook audit key export`)", 1 if count else None)


def start_head(ctx: Context, fresh: bool = False) -> None:
    """A writer's start: a new casebook (``fresh``: its database made just now) gets its first
    head at once (0 entries), so that a crash before the first save never looks like a deleted
    head; the head of a save that committed before a crash is recorded. A head that does not
    vouch for the chain is left alone as evidence (verification reports it; saves refuse)."""
    if ctx.read_only or not ctx.audit.has_key:
        return
    try:
        settle_head(ctx.db, ctx.audit, fresh=fresh)
    except Exception as exc:  # noqa: BLE001 - a head not settled still verifies as it was
        log.warning("could not settle the audit head at start: %s", exc)
