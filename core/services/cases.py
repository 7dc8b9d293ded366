"""Case services: one function per user action, one transaction each, audit in the same
transaction (ARCHITECTURE decisions 3, 6)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from sqlalchemy import Connection, delete, select

from core.errors import Blocker, ConflictError, NotFound, StatusError, as_blockers
from core.model import Case
from core.model.lines import one_line_copy
from core.services.amend_check import refuse_added_blockers
from core.services.changes import change_entries, creation_entry, document_entry
from core.services.context import Context
from core.services.drafts import draft_held_by
from core.services.import_writes import replaced_cases, replaced_docs, write_imported
from core.services.listing import CaseSummary, ListQuery, count_summaries, list_summaries
from core.services.reason_rules import (
    checked_reason,
    identifier_values,
    refuse_identifiers,
    refuse_override_identifiers,
    refuse_stored_identifiers,
)
from core.services.signing import SIGN_ACTION, SIGNER_PATH, checked_signer
from core.services.trash import set_trashed
from core.store import repository as repo
from core.store.audit import AuditEntry, AuditTrail, utc_now
from core.store.content import document_digest
from core.store.engine import plain
from core.store.indexing import remove_index, write_index
from core.store.tables import cases, drafts

BlockingCheck = Callable[[Case], Sequence[str | Blocker]]
REFUSED = {"complete": "The case cannot be marked complete:",  # the reasons follow
           "locked": "The case cannot be locked: it could not be marked complete now "
                     "(reopen it to correct these):"}


def default_blocking_reasons(case: Case) -> list[Blocker]:
    """Reasons that stop draft -> complete: the clinical rules' errors, the missing CARE items
    and required fields (each with its field), or the clinical engine's error."""
    from core.clinical import engine  # at the first completion, not at start-up

    return engine.completion_blockers(case)  # an engine error blocks too


class CaseService:
    def __init__(self, ctx: Context, blocking: BlockingCheck = default_blocking_reasons):
        self.ctx = ctx
        self._blocking = blocking
        self._last = repo.LastStored()

    # -- reading ---------------------------------------------------------------------------
    def open_case(self, case_id: str) -> Case:
        """The stored case; its JSON form is kept for the first save after it (not parsed again
        there). Made before the case is handed out: the caller may edit the case in place."""
        with self.ctx.db.read() as conn:
            row = repo.load_row(conn, case_id)
        case, doc = row.stored_form()  # doc: older texts as stored, for the save's audit
        self._last.keep(case_id, row.document, doc)
        return case

    def list_cases(self, query: ListQuery = ListQuery()) -> list[CaseSummary]:
        with self.ctx.db.read() as conn:
            return list_summaries(conn, query)

    def count_cases(self, query: ListQuery = ListQuery()) -> int:
        with self.ctx.db.read() as conn:
            return count_summaries(conn, query)

    # -- writing ---------------------------------------------------------------------------
    def save_case(self, case: Case, reason: str | None = None, *,
                  note: str | None = None) -> Case:
        """Create (version 0) or update a case; ``case.version`` is the version it was read at.

        A stale version raises ConflictError; a locked case needs a reason (an amendment),
        held to ``reason_rules``, and an amendment adding errors that block 'complete' is
        refused (``amend_check.AmendmentRefused``, nothing stored). ``note``: what was done,
        recorded after the reason.
        """
        reason = checked_reason(reason)
        if case.version == 0:
            return self._create(case)
        now = utc_now()
        with self.ctx.write() as (conn, audit):
            later: list[Callable[[], None]] = []
            new, entries = self._stage_save(conn, audit, case, reason, now, later=later,
                                            note=note)
            if entries:
                audit.append(conn, self.ctx.user, entries, now)  # its head goes to disk in a
                for work in later:  # writer thread while the row and index are written here
                    work()
        return new

    def _stage_save(self, conn: Connection, audit: AuditTrail, case: Case, reason: str | None,
                    now: str, *, later: list[Callable[[], None]] | None = None,
                    note: str | None = None) -> tuple[Case, list[AuditEntry]]:
        """Write the edited case's row in the open transaction; its audit entries (none, and
        the stored case unchanged, when nothing changed). ``later``: the row and its index rows
        are not written here but added to it, for the caller to run after ``audit.append``."""
        old = repo.load_row(conn, case.case_id)
        _refuse_trashed(conn, case.case_id)
        if old.version != case.version:
            raise ConflictError(case.case_id, case.version, old.version)
        old_doc = self._last.doc(old)  # the stored JSON form, parsed once per version
        action = "save"
        if old.status == "locked":
            if not (reason and reason.strip()):
                raise StatusError(f"Case {case.case_id} is locked: give a reason to amend it.")
            action = "amendment"
        new = one_line_copy(case).model_copy(update={
            "version": old.version + 1, "status": old.status,
            "locked_by": old_doc.get("locked_by"), "locked_at": old_doc.get("locked_at")})
        if old.status == "complete" and self._blocking(new):
            new = new.model_copy(update={"status": "draft"})
        doc = new.to_json_dict()  # serialised once: for the changes, the row and its hash
        refuse_identifiers(reason, (old_doc, doc))
        refuse_override_identifiers(doc, old_doc)
        why = f"{reason} ({note})" if reason and note else reason or note
        entries = change_entries(None, new, action, audit, why, new_doc=doc, old_doc=old_doc)
        if not entries:
            return old.case(), []
        if old.status == "locked":  # a signed case takes no new error (amend_check)
            refuse_added_blockers(old.case, new, self._blocking)
        if new.status != old.status:
            entries.append(AuditEntry("status", new.case_id, "status", old.status,
                                      new.status, "saved with errors"))
        values = repo.stored_values(new, doc)
        digest = document_digest(str(values["document"]))  # for the audit trail, taken once
        entries.append(document_entry(new.case_id, digest))
        self._last.keep(new.case_id, str(values["document"]), doc)
        work = partial(_store_saved, conn, new, old.version, now, values, doc, digest)
        if later is None:
            work()
        else:
            later.append(work)
        return new, entries

    def _create(self, case: Case) -> Case:
        now = utc_now()
        with self.ctx.write() as (conn, audit):
            later: list[Callable[[], None]] = []
            new, entries = self._stage_create(conn, audit, case, now, later=later)
            audit.append(conn, self.ctx.user, entries, now)  # as in save_case: the index
            for work in later:  # rows are written while the head goes to disk
                work()
        return new

    def _stage_create(self, conn: Connection, audit: AuditTrail, case: Case, now: str, *,
                      later: list[Callable[[], None]] | None = None
                      ) -> tuple[Case, list[AuditEntry]]:
        """``later``: as in ``_stage_save``."""
        new = one_line_copy(case).model_copy(update={"version": 1, "status": "draft"})
        doc = new.to_json_dict()  # serialised once: for the row, the index and the audit
        refuse_override_identifiers(doc)
        texts: dict[str, str] = {}
        digests = repo.insert_cases(conn, [new], now, docs={new.case_id: doc}, texts=texts)
        self._last.keep(new.case_id, texts[new.case_id], doc)  # the next save: no parse
        work = partial(_index_saved, conn, new, doc, replace=False)
        if later is None:
            work()
        else:
            later.append(work)
        return new, [creation_entry(new, audit, digests[new.case_id], doc)]  # one entry

    def set_status(self, case_id: str, status: str, expected_version: int,
                   reason: str | None = None, signer: str | None = None) -> Case:
        """draft -> complete and complete -> locked (only without errors), back to draft.
        ``signer``: locking, the signer's full name (the case's ``locked_by``, and an audit
        entry of its own beside the account's); without it the account signs, as before."""
        reason = checked_reason(reason)
        now = utc_now()
        with self.ctx.write() as (conn, audit):
            old = repo.load_case(conn, case_id)
            _refuse_trashed(conn, case_id)
            doc = old.to_json_dict()
            refuse_identifiers(reason, [doc])
            if signer is not None and status == "locked":
                signer = checked_signer(signer, [doc])
            if old.version != expected_version:
                raise ConflictError(case_id, expected_version, old.version)
            new, entries = self._stage_status(conn, old, status, reason, now, signer)
            audit.append(conn, self.ctx.user, entries, now)
        return new

    def completion_blockers(self, case: Case) -> list[Blocker]:
        """What stops ``case`` (as edited, saved or not) from being marked complete."""
        return as_blockers(self._blocking(case))

    def complete_case(self, case: Case) -> Case:
        """Save the edited ``case`` and mark it complete, in one transaction. Refused
        (StatusError with the blockers) before anything is written when the edited case has
        errors or open required items: a refused completion stores nothing."""
        blockers = self.completion_blockers(case)
        if blockers:
            raise StatusError(REFUSED["complete"], blockers)
        now = utc_now()
        with self.ctx.write() as (conn, audit):
            if case.version == 0:
                saved, entries = self._stage_create(conn, audit, case, now)
            else:
                saved, entries = self._stage_save(conn, audit, case, None, now)
            new, more = self._stage_status(conn, saved, "complete", None, now)
            audit.append(conn, self.ctx.user, entries + more, now)
        return new

    def _stage_status(self, conn: Connection, old: Case, status: str, reason: str | None,
                      now: str, signer: str | None = None) -> tuple[Case, list[AuditEntry]]:
        self._check_transition(old, status, reason)
        update: dict[str, object] = {"version": old.version + 1, "status": status}
        signed = status == "locked" and bool(signer)
        if status == "locked":
            update |= {"locked_by": signer if signed else self.ctx.user, "locked_at": now}
        new = old.model_copy(update=update)
        digest = repo.update_case(conn, new, old.version, now)
        write_index(conn, [new], replace=True)
        action = {"complete": "complete", "locked": "lock"}.get(status, "status")
        entries = [AuditEntry(action, old.case_id, "status", old.status, status, reason)]
        if signed:  # the signer's name beside the account (the entries' user)
            entries.append(AuditEntry(SIGN_ACTION, old.case_id, SIGNER_PATH, None, signer))
        return new, [*entries, document_entry(old.case_id, digest)]

    def _check_transition(self, old: Case, status: str, reason: str | None) -> None:
        allowed = {("draft", "complete"), ("complete", "locked"), ("complete", "draft"),
                   ("locked", "draft")}
        if (old.status, status) not in allowed:
            raise StatusError(f"A {old.status} case cannot become {status}.")
        if old.status == "locked" and not (reason and reason.strip()):
            raise StatusError("Unlocking a case needs a reason.")
        if status in ("complete", "locked"):  # a complete case may hold errors: imported so
            reasons = self._blocking(old)  # before, or the rules changed since (signed: never)
            if reasons:
                raise StatusError(REFUSED[status], reasons)

    def trash_case(self, case_id: str, reason: str | None = None) -> None:
        """To the trash (restorable). A locked case needs a reason, kept in the audit entry,
        as amending or unlocking it does."""
        set_trashed(self.ctx, [case_id], True, reason, every=True)

    def trash_cases(self, case_ids: Sequence[str], reason: str | None = None, *,
                    on_progress: Callable[[int, int], None] | None = None) -> None:
        """``case_ids`` to the trash in one transaction, all or none, one audit entry each:
        the locked ones need ``reason``, kept in their entries (it must not name any of their
        patients)."""
        set_trashed(self.ctx, case_ids, True, reason, every=False, on_progress=on_progress)

    def locked_ids(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` whose case is locked, in the order given."""
        with self.ctx.db.read() as conn:
            locked = set(conn.execute(select(cases.c.id).where(
                cases.c.id.in_(list(ids)), cases.c.status == "locked")).scalars())
        return [case_id for case_id in ids if case_id in locked]

    def is_trashed(self, case_id: str) -> bool:
        with self.ctx.db.read() as conn:
            return _trashed(conn, case_id)

    def restore_case(self, case_id: str) -> None:
        set_trashed(self.ctx, [case_id], False, None, every=True)

    def restore_cases(self, case_ids: Sequence[str], *,
                      on_progress: Callable[[int, int], None] | None = None) -> None:
        """``case_ids`` out of the trash in one transaction, all or none."""
        set_trashed(self.ctx, case_ids, False, None, every=True, on_progress=on_progress)

    def purge_case(self, case_id: str, reason: str) -> None:
        """Delete a trashed case for good: its document, index rows and drafts. Its audit
        entries stay (identifiers in them: keyed hashes); the purge entry holds only the case
        id and the reason, which must not name the patient."""
        given = checked_reason(reason)
        if given is None:
            raise StatusError("Purging a case needs a reason.")
        now = utc_now()
        with self.ctx.write() as (conn, audit):
            row = conn.execute(select(cases.c.trashed_at).where(cases.c.id == case_id)).first()
            if row is None:
                raise NotFound(f"There is no case {case_id}.")
            if row[0] is None:
                raise StatusError(f"Move case {case_id} to the trash before purging it.")
            # identifiers read from the stored JSON: the whole case is not validated for it
            refuse_stored_identifiers(conn, given, [case_id])
            _delete_case_rows(conn, case_id)
            audit.append(conn, self.ctx.user,
                         [AuditEntry("purge", case_id, None, None, None, given)], now)

    def import_cases(self, items: list[Case], *, replace: bool = False, source: str = "",
                     reason: str | None = None,
                     on_progress: Callable[[int, int], None] | None = None) -> int:
        """Store validated cases in one transaction. Collisions must be resolved beforehand.
        Replacing a locked case is an amendment: it needs ``reason`` (else ``ReasonNeeded``,
        and nothing is written), and its audit entries record the reason, the status and the
        lock change."""
        now = utc_now()
        reason = checked_reason(reason)
        with self.ctx.write() as (conn, audit):
            existing = repo.existing_ids(conn, [c.case_id for c in items]) if replace else set()
            olds, locked = replaced_cases(conn, existing)
            refuse_identifiers(reason, replaced_docs(olds, items))
            if locked and not reason:
                raise ReasonNeeded(locked, identifier_values(replaced_docs(olds, items)))
            write_imported(conn, audit, self.ctx.user, items, olds, now, source, reason)
            if on_progress:
                on_progress(len(items), len(items))
        return len(items)

    def existing_ids(self, ids: list[str]) -> set[str]:
        with self.ctx.db.read() as conn:
            return repo.existing_ids(conn, ids)


class ReasonNeeded(StatusError):
    """Cases to be replaced are locked: replacing them is an amendment and needs a reason.
    ``identifiers``: the identifier values the reason will be checked against (of every case
    replaced, as stored and as imported), for the app's reason dialog."""

    def __init__(self, case_ids: list[str], identifiers: Iterable[str] = ()):
        self.case_ids = case_ids
        self.identifiers = frozenset(identifiers)
        shown = ", ".join(case_ids[:10]) + (", ..." if len(case_ids) > 10 else "")
        super().__init__(f"{len(case_ids)} case(s) to be replaced are locked ({shown}): "
                         "replacing a locked case is an amendment and needs a reason. "
                         "Nothing was written.")


def _store_saved(conn: Connection, new: Case, version: int, now: str,
                 values: dict[str, object], doc: dict[str, Any], digest: str) -> None:
    """The row of a case saved over ``version`` (``values``: ``repo.stored_values``, whose
    document hashes to ``digest``), its index rows; its draft goes when this save holds it
    (a draft holding other changes, a crashed or another window's edit, stays: its recovery
    merges it into this version, core.services.draft_merge)."""
    repo.update_case(conn, new, version, now, values=values, digest=digest)
    write_index(conn, [new], replace=True, docs={new.case_id: doc})
    rows = plain(conn, "SELECT document FROM drafts WHERE case_id = ?", (new.case_id,))
    if all(draft_held_by(row[0], new) for row in rows.fetchall()):
        plain(conn, "DELETE FROM drafts WHERE case_id = ?", (new.case_id,))


def _index_saved(conn: Connection, new: Case, doc: dict[str, Any], *,
                 replace: bool = True) -> None:
    """The index rows of a case just stored (``doc``: its JSON form; ``replace``: it may have
    rows already); its draft goes."""
    write_index(conn, [new], replace=replace, docs={new.case_id: doc})
    plain(conn, "DELETE FROM drafts WHERE case_id = ?", (new.case_id,))


def _trashed(conn: Connection, case_id: str) -> bool:
    """Plain SQL: asked at every save (a Core select compiled per call cost ~2% of a save)."""
    row = plain(conn, "SELECT trashed_at FROM cases WHERE id = ?", (case_id,)).fetchone()
    return row is not None and row[0] is not None


def _refuse_trashed(conn: Connection, case_id: str) -> None:
    """A case in the trash is not edited (nor its status changed) until it is restored."""
    if _trashed(conn, case_id):
        raise StatusError(f"Case {case_id} is in the trash: restore it (File › Restore from "
                          "trash) before changing it.")


def _delete_case_rows(conn: Connection, case_id: str) -> None:
    remove_index(conn, [case_id])
    conn.execute(delete(drafts).where(drafts.c.case_id == case_id))
    conn.execute(delete(cases).where(cases.c.id == case_id))
