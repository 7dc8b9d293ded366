"""Storing imported cases in an open transaction (moved from ``cases``, past 400 lines): new
ids as version 1, replaced ones as their next version (an amendment when locked), with their
index rows and audit entries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from core.model import Case
from core.model.lines import one_line_copy
from core.services.changes import change_entries, document_entry
from core.store import repository as repo
from core.store.audit import AuditEntry, AuditTrail
from core.store.content import creation_text
from core.store.indexing import write_index


def replaced_cases(conn: Connection, existing: set[str]) -> tuple[dict[str, Case], list[str]]:
    """The stored cases an import replaces (by id) and the ids of the locked ones among them
    (replacing those is an amendment and needs a reason)."""
    olds = {case_id: repo.load_case(conn, case_id) for case_id in sorted(existing)}
    return olds, [case_id for case_id, old in olds.items() if old.status == "locked"]


def replaced_docs(olds: dict[str, Case], items: Sequence[Case]) -> Iterator[dict[str, Any]]:
    """The stored and the imported forms of the cases an import replaces: an import's reason
    is kept with their audit entries, so it names neither's patient."""
    yield from (old.to_json_dict() for old in olds.values())
    yield from (c.to_json_dict() for c in items if c.case_id in olds)


def write_imported(conn: Connection, audit: AuditTrail, user: str, items: Sequence[Case],
                   olds: dict[str, Case], now: str, source: str, reason: str | None, *,
                   entries: list[AuditEntry] | None = None) -> int:
    """Store imported cases in the open transaction: new ids as version 1, the ids in ``olds``
    as the next version of those cases (an amendment when locked), with their index rows and
    audit entries. Returns how many were new. ``entries``: the audit entries are added to
    this list, which the caller appends to the trail before the commit (one head write for
    many batches), instead of being appended here."""
    fresh = [one_line_copy(c).model_copy(update={"version": 1})
             for c in items if c.case_id not in olds]
    docs = {c.case_id: c.to_json_dict() for c in fresh}  # serialised once: row and index
    digests = repo.insert_cases(conn, fresh, now, docs)
    write_index(conn, fresh, replace=False, docs=docs)
    del docs
    made = [AuditEntry("import", c.case_id, None, None,
                       creation_text(digests[c.case_id], c.title), source or None)
            for c in fresh]
    for c in (c for c in items if c.case_id in olds):
        old = olds[c.case_id]
        new = one_line_copy(c).model_copy(update={"version": old.version + 1})
        doc = new.to_json_dict()
        digest = repo.update_case(conn, new, old.version, now, doc)
        write_index(conn, [new], replace=True, docs={new.case_id: doc})
        made += _replace_entries(old, new, audit, source, reason)
        made.append(document_entry(new.case_id, digest))
    if entries is None:
        audit.append(conn, user, made, now)
    else:
        entries += made
    return len(fresh)


def _replace_entries(old: Case, new: Case, audit: AuditTrail, source: str,
                     reason: str | None) -> list[AuditEntry]:
    """The audit entries of an imported case replacing ``old``: an amendment when ``old``
    was locked; the status and lock changes are recorded as such."""
    action = "amendment" if old.status == "locked" else "import-replace"
    why = f"{reason} ({source})" if reason and source else reason or source or None
    entries = [AuditEntry(action, new.case_id, None, None, new.title, why)]
    entries += change_entries(old, new, action, audit, why)
    if new.status != old.status:
        entries.append(AuditEntry("status", new.case_id, "status", old.status, new.status, why))
    before, after = _lock_text(old), _lock_text(new)
    if before != after:
        entries.append(AuditEntry("unlock" if after is None else "lock", new.case_id, "locked_by",
                                  before, after, why))
    return entries


def _lock_text(case: Case) -> str | None:
    if case.locked_by is None and case.locked_at is None:
        return None
    return f"{case.locked_by or '?'} at {case.locked_at or '?'}"
