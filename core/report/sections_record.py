"""The record's own status under the title: complete or locked, who and when, and the
amendments made after locking with their reasons (from ``ReportOptions.record``)."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable

from core.model.editor_sections import section_path
from core.report.blocks import Context, data_table, heading, para
from core.report.options import Amendment

STATUS_WORDS = {"complete": "Complete", "locked": "Locked"}


def record_status_block(ctx: Context) -> list[Flowable]:
    case = ctx.case
    if case.status not in STATUS_WORDS:
        return []
    record = ctx.options.record
    deidentified = ctx.options.deidentified  # names no OS account ("root" says nothing)
    completed = (f"marked complete by {record.completed_by}{_on(ctx, record.completed_at)}"
                 if record and record.completed_by and not deidentified else "marked complete")
    if case.status == "locked":
        text = f"Record status: Locked, {_signed(ctx)}{_on(ctx, case.locked_at)} ({completed})."
    else:
        text = f"Record status: Complete, {completed}; not locked."
    out: list[Flowable] = [para(text, "meta")]
    amendments = record.amendments if record else ()
    if amendments:
        out += [heading("Amendments after locking", 2), *_amendments_table(ctx, amendments)]
    return out


def _amendments_table(ctx: Context, amendments: tuple[Amendment, ...]) -> list[Flowable]:
    """When, by whom, why and what; an amendment records only the OS account that saved it,
    not a signer's name, so a de-identified summary has no By column (as its status line)."""
    rows = [[_time(ctx, a.at) or "date withheld", a.by, ctx.fmt.text(a.reason),
             "; ".join(section_path(f) for f in a.fields) or "—"] for a in amendments]
    columns = [("When", 0.17), ("By", 0.13), ("Reason", 0.35), ("Fields changed", 0.35)]
    if ctx.options.deidentified:
        rows = [[row[0], *row[2:]] for row in rows]
        columns = [("When", 0.17), ("Reason", 0.41), ("Fields changed", 0.42)]
    return data_table(ctx, columns, rows)


def _signed(ctx: Context) -> str:
    """'signed by Dr A. Placeholder': the signer named at the lock; a lock from before signers
    were named was signed by its account, which only the identified summary prints."""
    record = ctx.options.record
    if record and record.signed_by:  # masked as any free text (an e-mail, a phone number,
        # a listed institution typed beside the name; the lock refuses patient identifiers)
        return f"signed by {ctx.fmt.text(record.signed_by)}"
    if ctx.options.deidentified:
        return "signer's name not recorded"
    return f"signed by {ctx.case.locked_by or 'not recorded'}"


def _on(ctx: Context, iso_utc: str | None) -> str:
    when = _time(ctx, iso_utc)
    return f" on {when}" if when else ""


def _time(ctx: Context, iso_utc: str | None) -> str:
    """A record time in UTC; none in a de-identified summary (it holds no dates)."""
    if not iso_utc or ctx.options.deidentified:
        return ""
    try:
        moment = datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    except ValueError:
        return iso_utc
    return moment.strftime("%Y-%m-%d %H:%M UTC")
