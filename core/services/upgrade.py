"""Finishing the upgrade of a folder whose chain predates document hashes (migration 0003).

Migration 0003 marks the folder (``app_meta.audit_baseline``); the first writer that opens it
with the key writes one audited ``baseline`` entry per existing case, carrying the hash of its
document as found, and clears the mark in the same transaction. From then on verification
compares every stored document with the last hash chained for its case.

The baseline is written only on a chain that verifies and holds no document hash yet, so a
mark set again behind Casebook's back never re-baselines (and so never launders) a case
changed outside it.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, delete, or_, select, update

from core.errors import StorageError
from core.logs import get_logger
from core.services.context import Context
from core.store.audit import AuditEntry, read_head
from core.store.content import (
    BASELINE_KEY,
    CREATION_ACTIONS,
    HASH_ACTIONS,
    INDEX_COLUMNS,
    document_digest,
    index_values,
)
from core.store.tables import app_meta, audit, cases
from core.store.title_order import title_order_key
from core.store.verify import verify_rows

log = get_logger("services")
REASON = "upgrade: the case's document as found, from now on under the audit chain"


def baseline_pending(conn: Connection) -> bool:
    mark = select(app_meta.c.value).where(app_meta.c.key == BASELINE_KEY)
    return conn.execute(mark).first() is not None


def finish_upgrade(ctx: Context) -> int:
    """Write the baseline entries if migration 0003 asked for them; return how many."""
    if ctx.read_only or not ctx.audit.has_key:
        return 0
    with ctx.db.read() as conn:
        if not baseline_pending(conn):
            return 0
    entries: list[AuditEntry] = []
    try:
        with ctx.write() as (conn, trail):
            if not baseline_pending(conn):  # another writer finished it meanwhile
                return 0
            if _hashes_chained(conn):
                log.error("the baseline mark was set again, but the audit trail already "
                          "carries document hashes: no baseline written")
            elif (problem := _chain_problem(conn, trail.key, ctx)) is not None:
                log.error("no audit baseline written: the chain does not verify (%s)", problem)
                return 0  # the mark stays: verification reports the upgrade unfinished
            else:
                entries = _baseline_entries(conn)
                if entries:
                    trail.append(conn, ctx.user, entries)
                log.info("audit baseline: %d case(s) now under the chain", len(entries))
            conn.execute(delete(app_meta).where(app_meta.c.key == BASELINE_KEY))
    except StorageError as exc:  # e.g. a full disk: verification says the upgrade is unfinished
        log.warning("the audit baseline could not be written: %s", exc)
        return 0
    return len(entries)


def _hashes_chained(conn: Connection) -> bool:
    hashed = select(audit.c.seq).where(or_(
        audit.c.action.in_(HASH_ACTIONS),
        audit.c.action.in_(CREATION_ACTIONS) & audit.c.new.like('{"document":%')))
    return conn.execute(hashed.limit(1)).first() is not None


def _chain_problem(conn: Connection, key: bytes, ctx: Context) -> str | None:
    chain = verify_rows(conn.execute(select(audit).order_by(audit.c.seq)).mappings(), key,
                        read_head(ctx.paths.audit_head))
    return None if chain.ok else chain.message


def _baseline_entries(conn: Connection) -> list[AuditEntry]:
    """One entry per case; case-list columns that do not match the document (derived by an
    older Casebook) are derived again first."""
    entries = []
    columns = [cases.c[name] for name in INDEX_COLUMNS]
    rows = conn.execute(select(cases.c.id, *columns, cases.c.document).order_by(cases.c.id))
    for row in rows.all():
        try:
            doc = json.loads(row.document)
            expected = {"version": doc.get("version"), **index_values(doc, row.document)}
        except (ValueError, TypeError, AttributeError):  # not a case document: chained as found
            expected = {c: getattr(row, c) for c in INDEX_COLUMNS}
        stale = {c: expected[c] for c in INDEX_COLUMNS if getattr(row, c) != expected[c]}
        reason = REASON
        if stale:
            order = {"title_order": title_order_key(str(stale["title"]))} if "title" in stale \
                else {}  # the Title sort's key follows the title
            conn.execute(update(cases).where(cases.c.id == row.id).values(**stale, **order))
            reason += f"; case-list columns derived again: {', '.join(stale)}"
        entries.append(AuditEntry("baseline", row.id, None, None,
                                  document_digest(row.document), reason))
    return entries
