"""What the GUI and the command line share around the PDF case summary: options, the
identifier hits to show before a de-identified PDF, and the audit entry of an identified one.

Rendering itself is ``core.report`` (pure); this module adds the policy around it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from core.model import Case
from core.report import Hit, ReportOptions, find_identifier_hits
from core.report.deid import confirmed_in_case
from core.report.options import Amendment, RecordStatus
from core.services.audit import AuditService
from core.services.signing import SIGN_ACTION, is_signer_row

PRINTED, SAVED = "pdf-print", "pdf-save"
NOT_SAVED_YET = ("This case has never been saved, so an identified PDF of it cannot be recorded "
                 "in its audit trail. Save the case first (Ctrl+S), or switch to "
                 "De-identified.")


def report_options(deidentified: bool, audit: AuditService | None = None,
                   case: Case | None = None) -> ReportOptions:
    """Options for one PDF, stamped with the time it is made; an identified one carries the
    audit anchor of the current head (from ``audit``) in its footer, unless the stored
    ``case`` is not the one its audit trail recorded (changed outside Casebook: the footer
    says so on every page instead, ``audit_mismatch``); a complete or locked
    ``case`` gets who completed it and its amendments from the audit trail; the figures are
    read from the data folder of ``audit``."""
    anchor = audit.anchor() if audit is not None and not deidentified else None
    record = (record_status(audit, case.case_id)
              if audit is not None and case is not None and case.status != "draft"
              and case.version else None)
    mismatch = (audit is not None and case is not None and not deidentified
                and bool(case.version) and not audit.document_matches(case.case_id))
    return ReportOptions(deidentified=deidentified, generated_at=datetime.now(UTC),
                         anchor=None if mismatch else anchor, audit_mismatch=mismatch,
                         record=record,
                         files=audit.ctx.paths.files if audit is not None else None)


def as_recorded(audit: AuditService, case: Case, options: ReportOptions) -> ReportOptions:
    """``options`` for an identified PDF of ``case`` in a batch: without the audit anchor,
    and saying so, when the stored case differs from its audit trail."""
    if options.deidentified or not case.version or audit.document_matches(case.case_id):
        return options
    return replace(options, anchor=None, audit_mismatch=True)


def record_status(audit: AuditService, case_id: str) -> RecordStatus:
    """Who last marked the case complete and when; its amendments (one per save, with the
    fields it changed), oldest first; the last lock's signer, when named."""
    rows = audit.entries(case_id, ("complete", "amendment", "lock", SIGN_ACTION))
    completed = [r for r in rows if r.action == "complete"]
    signed_by, lock = None, None
    for r in rows:  # a lock's signer entry follows its status entry (same time and account)
        if r.action == "lock" and r.path == "status":
            lock, signed_by = r, None
        elif is_signer_row(r) and lock is not None and (r.ts, r.user) == (lock.ts, lock.user):
            signed_by = r.new
    amendments: dict[tuple[str, str, str], list[str]] = {}
    for r in rows:
        if r.action == "amendment":
            fields = amendments.setdefault((r.ts, r.user, r.reason or ""), [])
            if r.path and r.path not in fields:
                fields.append(r.path)
    return RecordStatus(completed[-1].user if completed else None,
                        completed[-1].ts if completed else None,
                        tuple(Amendment(ts, user, reason, tuple(fields))
                              for (ts, user, reason), fields in amendments.items()),
                        signed_by)


def unconfirmed_hits(case: Case, options: ReportOptions) -> list[Hit]:
    """The identifiers a de-identified PDF will mask that nobody has confirmed as harmless."""
    confirmed = options.confirmed_not_identifiers | confirmed_in_case(case)
    return [hit for hit in find_identifier_hits(case, options)
            if hit.text.strip() not in confirmed]


def masked_hits(case: Case, options: ReportOptions) -> list[tuple[str, list[Hit]]]:
    """(case id, its unconfirmed hits) when a de-identified PDF of ``case`` masks any;
    nothing for an identified PDF."""
    if not options.deidentified:
        return []
    hits = unconfirmed_hits(case, options)
    return [(case.case_id, hits)] if hits else []


def needs_audit(options: ReportOptions) -> bool:
    return not options.deidentified


def can_audit(case: Case) -> bool:
    """An audit entry belongs to a stored case: one saved at least once."""
    return case.version > 0


def record_identified_output(audit: AuditService, action: str, case_id: str, version: int,
                             detail: str) -> None:
    """One audit entry for an identified PDF printed (``pdf-print``) or saved (``pdf-save``)."""
    audit.record(action, case_id, f"identified PDF {detail} (case version {version})")
