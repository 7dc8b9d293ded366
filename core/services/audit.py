"""The audit trail for people: a case's history, verification, CSV export, extra entries.

Entries themselves are written by the services, in the transaction of the action they record
(ARCHITECTURE decision 6). ``record`` is for actions that change no case data, such as an
identified PDF printed or saved.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from core.io.outputs import atomic_open, check_output_path
from core.logs import get_logger
from core.services.context import Context
from core.store.audit import GENESIS, AuditEntry, ChainHead, read_head, write_head
from core.store.content import for_people
from core.store.tables import audit
from core.store.verify import ChainReport, verify_chain

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
        """A case's entries, oldest first; optionally only one field (and what lies inside it)
        or one user's."""
        stmt = select(*[audit.c[f] for f in AuditRow.model_fields]).where(
            audit.c.case_id == case_id)
        if user is not None:
            stmt = stmt.where(audit.c.user == user)
        with self.ctx.db.read() as conn:  # a creation entry shows as a row per field set
            rows = [AuditRow.model_validate(r)
                    for r in for_people(conn.execute(stmt.order_by(audit.c.seq)).mappings())]
        if field_prefix:
            rows = [r for r in rows if under_prefix(r.path, field_prefix)]
        return rows

    def field_history(self, case_id: str, path: str) -> list[AuditRow]:
        """Every recorded change of exactly one field, oldest first."""
        return [r for r in self.history(case_id, path) if r.path == path]

    def users(self) -> list[str]:
        with self.ctx.db.read() as conn:
            return sorted(conn.execute(select(audit.c.user).distinct()).scalars())

    def count(self) -> int:
        with self.ctx.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(audit)).scalar() or 0)

    def verify(self) -> ChainReport:
        """Walk the whole chain; when entries past the recorded head chain on correctly (a crash
        between a commit and the head update), bring the head up to date."""
        return verify_and_refresh(self.ctx)

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


def verify_and_refresh(ctx: Context) -> ChainReport:
    """Verify the chain; a reader (``ctx.read_only``) never writes the refreshed head."""
    if not ctx.audit.has_key:
        return missing_key_report(ctx)
    head = read_head(ctx.paths.audit_head)
    with ctx.db.read() as conn:
        report = verify_chain(conn, ctx.audit.key, head)
    if report.ok and report.tip and head and report.tip.count > head.count and not ctx.read_only:
        _refresh_head(ctx, report.tip)
    return report


def missing_key_report(ctx: Context) -> ChainReport:
    with ctx.db.read() as conn:
        count = int(conn.execute(select(func.count()).select_from(audit)).scalar() or 0)
    return ChainReport(False, count, f"the audit key {ctx.paths.audit_key} is missing or "
                       "unreadable, so the chain cannot be verified (restore it from a backup)",
                       1 if count else None)


def _refresh_head(ctx: Context, tip: ChainHead) -> None:
    """Record ``tip`` as the head if it is still the last entry (checked under the write lock,
    so no save can slip in between)."""
    try:
        with ctx.write() as (conn, _trail):
            last = conn.execute(select(func.max(audit.c.seq))).scalar() or 0
            if last == tip.count:
                write_head(ctx.paths.audit_head, tip)
    except Exception as exc:  # noqa: BLE001 - a stale head is safe; verification still passes
        log.warning("could not refresh the audit head: %s", exc)


def start_head(ctx: Context) -> None:
    """A new database gets a head at once (0 entries), so that a crash before the first head
    update never looks like a deleted head file."""
    if ctx.paths.audit_head.exists():
        return
    with ctx.db.read() as conn:
        empty = conn.execute(select(func.count()).select_from(audit)).scalar() == 0
    if empty:
        write_head(ctx.paths.audit_head, ChainHead(0, GENESIS))
