"""CARE 10-13: follow-up and outcomes (responses, MRD, adverse events, outcome), discussion,
patient perspective, informed consent, and the de-identification note."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable

from core.clinical.mrd import is_negative
from core.clinical.timeline import mrd_value_words
from core.model.diagnostics import MrdAssessment
from core.model.treatment import AdverseEvent, ResponseAssessment
from core.report.blocks import (
    PLACEHOLDER_MARK,
    PLACEHOLDER_NOTE,
    Context,
    heading,
    kv_table,
    missing_text,
    para,
    record_pairs,
    subsection,
)
from core.report.columns import record_table
from core.report.deid import RARE_PATH, masked_places
from core.report.format import humanize, mrd, power_of_ten
from core.report.options import kind_words
from core.report.order import record_order


def outcome_section(ctx: Context) -> list[Flowable]:
    case = ctx.case
    outcome_pairs = record_pairs(ctx, case.outcome)
    return [
        heading("Follow-up and outcomes"),
        *subsection("Responses", _responses(ctx) if case.response_assessments else []),
        *subsection("Measurable residual disease", _mrd(ctx) if case.mrd_assessments else []),
        *subsection("Adverse events", _adverse_events(ctx),
                    case.case_report.adverse_events_status),
        *subsection("Outcome", kv_table(ctx, outcome_pairs) if outcome_pairs else []),
    ]


def _responses(ctx: Context) -> list[Flowable]:
    # particular: the category with the derived one beside it; the basis in a line
    return record_table(
        ctx, ResponseAssessment, ctx.case.response_assessments,
        widths={"day": 0.09, "line_no": 0.06, "scope": 0.17, "category": 0.24,
                "criteria_system": 0.13, "basis_refs": 0.31},
        headers={"line_no": "Line"},
        cells={"category": lambda i, _: _category(ctx, i),
               "basis_refs": lambda _, r: _basis(ctx, r)})


def _category(ctx: Context, index: int) -> str:
    """The recorded category; the derived one beside it when it differs, or in its place
    when it only qualifies it (``CR (unconfirmed)``)."""
    r = ctx.case.response_assessments[index]
    text = humanize(r.category) if r.category else ctx.fmt.field(r, "category")
    derived = ctx.derived.response_category.get(index)
    if derived and r.category and derived.startswith(f"{r.category} ("):
        text = humanize(r.category) + derived[len(r.category):]
    elif derived and derived != r.category:
        text += f"; derived: {humanize(derived)}"
    if r.relapse_subtype:
        text += f" ({humanize(r.relapse_subtype)})"
    if r.override_reason:
        text += f"; override: {ctx.fmt.text(r.override_reason)}"
    return text


def _basis(ctx: Context, r: ResponseAssessment) -> str:
    """What the assessment rests on, as a reader finds it in the other tables: each record by
    its kind and its When as those tables print it (``BM d29; CSF d29``), never by its id."""
    refs = r.basis_refs
    if refs is None:
        return ""
    case = ctx.case
    parts = [(name, _whens(ctx, records, key, ids)) for name, records, key, ids in (
        ("BM", case.bm_assessments, "bm_assessment_id", refs.bm),
        ("CSF", case.csf_assessments, "csf_assessment_id", refs.csf),
        ("imaging", case.neuroimaging, "neuroimaging_id", refs.imaging),
        ("molecular", case.molecular_tests, "molecular_test_id", refs.molecular)) if ids]
    text = [f"{name} {whens}" for name, whens in parts]
    text += [f"{name} {', '.join(f'd{d}' for d in days)}" for name, days in
             (("labs", refs.lab_days), ("MRD", refs.mrd_days),
              ("neurological exam", refs.neuro_exam_days)) if days]
    return "; ".join(text)


def _whens(ctx: Context, records: Sequence[Any], key: str, ids: list[int]) -> str:
    """The When of each record named (``d29, d196``); a record without one, or an id that
    names no record of the case, says so."""
    by_id = {getattr(record, key): record for record in records}
    out = []
    for i in ids:
        record = by_id.get(i)
        when = ctx.fmt.field(record, "day") if record is not None else ""
        out.append(when or ("no date" if record is not None else "record not in this case"))
    return ", ".join(out)


def _mrd(ctx: Context) -> list[Flowable]:
    fmt = ctx.fmt
    # particular: fractions as percentages and powers of ten
    return record_table(
        ctx, MrdAssessment, ctx.case.mrd_assessments,
        widths={"day": 0.1, "specimen": 0.1, "method": 0.16, "value_fraction": 0.26,
                "lod_fraction": 0.14, "category": 0.24},
        cells={"value_fraction": lambda _, m: _mrd_value(m),
               "lod_fraction": lambda _, m: power_of_ten(m.lod_fraction) if m.lod_fraction
               else fmt.field(m, "lod_fraction"),
               "category": lambda i, _: humanize(
                   ctx.derived.mrd_category.get(i, ctx.derived.missing()))})


def _mrd_value(m: MrdAssessment) -> str:
    """The value (percent and power of ten), "undetectable (LoD 10⁻⁴)" for an undetectable
    result; else what the timeline says of it ("detected, value pending", "detected, not
    quantifiable", "result not reported"): it read "undetectable" for those too."""
    if m.value_fraction is not None or is_negative(m):
        return mrd(m.value_fraction, m.lod_fraction)
    return mrd_value_words(m)


def _adverse_events(ctx: Context) -> list[Flowable]:
    items, fmt = ctx.case.adverse_events, ctx.fmt
    if not items:
        status = ctx.case.case_report.adverse_events_status
        return [para("No adverse events occurred (recorded as none).")] if status == "none" else []
    # particular: the grade with the derived one, the attribution per drug, the action with
    # its treatment, the outcome with its day
    return record_table(
        ctx, AdverseEvent, items,
        widths={"onset_day": 0.08, "term": 0.19, "grade": 0.07, "grading_system": 0.1,
                "serious": 0.09, "attribution": 0.16, "action_taken": 0.15, "outcome": 0.16},
        # "Term", not the model's "Term (CTCAE v5.0)": a CRS or ICANS row is graded by ASTCT
        # 2019, and the Grading system column names each row's system
        headers={"term": "Term", "action_taken": "Action, treatment"},
        cells={"grade": lambda i, _: _grade(ctx, i),
               "attribution": lambda _, ae: _attribution(ctx, ae),
               "action_taken": lambda _, ae: "; ".join(
                   x for x in (fmt.field(ae, "action_taken"), fmt.field(ae, "treatment")) if x),
               "outcome": lambda _, ae: _ae_outcome(ctx, ae)}) + _grade_overrides(ctx) \
        + _ae_details(ctx)


def _ae_order(ctx: Context) -> list[int]:
    """The adverse events' positions in the table's row order (by onset)."""
    return record_order(ctx.case.adverse_events, ctx.case.case_report.day0)


def _grade(ctx: Context, index: int) -> str:
    ae = ctx.case.adverse_events[index]
    derived = ctx.derived.ae_grade.get(index)
    grade = ctx.fmt.field(ae, "grade")
    return f"{grade} (derived {derived})" if derived is not None and derived != ae.grade else grade


def _grade_overrides(ctx: Context) -> list[Flowable]:
    """Each grade entered over the derived one, with its reason (both are kept: CASE-MODEL)."""
    lines = []
    for i in _ae_order(ctx):
        ae, derived = ctx.case.adverse_events[i], ctx.derived.ae_grade.get(i)
        if derived is None or ae.grade is None or derived == ae.grade:
            continue
        reason = ctx.fmt.text(ae.override_reason) or "not recorded"
        where = ", ".join(x for x in (ctx.fmt.field(ae, "term") or "adverse event",
                                      ctx.fmt.field(ae, "onset_day")) if x)
        lines.append(f"{where}: grade {ae.grade} entered over derived grade {derived} – "
                     f"reason: {reason}.")
    return [para("\n".join(lines), "note")] if lines else []


def _attribution(ctx: Context, ae: AdverseEvent) -> str:
    return "; ".join(f"{ctx.fmt.text(a.drug_inn) or 'drug not named'}: "
                     f"{humanize(a.level or 'not reported')}" for a in ae.attribution)


def _ae_outcome(ctx: Context, ae: AdverseEvent) -> str:
    resolved = ctx.fmt.field(ae, "resolution_day")
    outcome = ctx.fmt.field(ae, "outcome")
    return f"{outcome} ({resolved})" if resolved else outcome


def _ae_details(ctx: Context) -> list[Flowable]:
    lines = ae_detail_lines(ctx)
    marks = any(placeholder for _, placeholder in lines)
    return [para(text, "note") for text, _ in lines] \
        + ([para(PLACEHOLDER_NOTE, "note")] if marks else [])


def ae_detail_lines(ctx: Context) -> list[tuple[str, bool]]:
    """Each adverse event's CRS and ICANS details in a line ("CRS (Cytokine release syndrome,
    d175): ASTCT 2019 grade 1. Max temperature: 38.6°C; hypotension: none; ..."), in the
    table's row order, and whether it holds a placeholder value (marked †). The PDF prints
    them under the adverse-event table, the kit's manuscript too."""
    out = []
    for i in _ae_order(ctx):
        ae = ctx.case.adverse_events[i]
        for kind, detail in (("CRS", ae.crs_detail), ("ICANS", ae.icans_detail)):
            if detail is None:
                continue
            pairs = "; ".join(f"{name.lower()}: {value}"
                              for name, value in record_pairs(ctx, detail))
            system = humanize(ae.grading_system or "ASTCT-2019")
            term = ctx.fmt.field(ae, "term")  # a term "CRS" is not said twice: "CRS (d41)"
            where = ", ".join(x for x in (term if term.casefold() != kind.casefold() else "",
                                          ctx.fmt.field(ae, "onset_day")) if x)
            where = f" ({where})" if where else ""
            out.append((f"{kind}{where}: {system} grade {_grade(ctx, i)}. "
                        f"{pairs[:1].upper()}{pairs[1:]}.", PLACEHOLDER_MARK in pairs))
    return out


def closing_sections(ctx: Context) -> list[Flowable]:
    report, fmt = ctx.case.case_report, ctx.fmt
    perspective, out = ctx.case.patient_perspective, [heading("Discussion")]
    out += [para(fmt.text(report.discussion))] if report.discussion else [
        missing_text(report.nf.get("discussion"))]
    out += subsection("Take-away lessons", [para(fmt.text(report.take_away))]
                      if report.take_away else [], report.nf.get("take_away"))
    out.append(heading("Patient perspective"))
    collected = f"Collected: {humanize(perspective.collected)}. " if perspective.collected else ""
    if perspective.text:
        out.append(para(collected + fmt.text(perspective.text)))
    else:
        out += [para(collected, "missing")] if collected else []
        out.append(missing_text(perspective.nf.get("text")))
    out += [heading("Informed consent"), *_consent(ctx)]
    return out + (_deidentification_note(ctx) if ctx.options.deidentified else [])


def _consent(ctx: Context) -> list[Flowable]:
    pairs = record_pairs(ctx, ctx.case.consent)
    if not pairs:
        return [missing_text(ctx.case.consent.nf.get("status"))]
    out: list[Flowable] = kv_table(ctx, pairs)
    if ctx.case.consent.note:
        out.append(para(ctx.fmt.text(ctx.case.consent.note), "note"))
    return out


def _deidentification_note(ctx: Context) -> list[Flowable]:
    hits = masked_places(ctx.case, ctx.masker) if ctx.masker else []
    by_path = Counter(hits)
    places = "; ".join(f"{path} ({kind_words(kind)}{f' ×{n}' if n > 1 else ''})"
                       for (path, kind), n in sorted(by_path.items()))
    text = ("Identifier fields (name, record number, birth date) are omitted; calendar dates are "
            "shown as days relative to Day 0; ages of 90 and over as ≥90. "
            + (f"Masked in free text ({len(hits)}): {places}." if hits
               else "No identifiers were found in free text."))
    if ctx.masker is not None and ctx.masker.rare is not None:  # a field left out, not a text
        text += (f" Left out as a rare combination with the age (rule V60: an age at Day 0 of "
                 f"90 or over, or under one year, with a subdivision): {RARE_PATH}.")
    return [heading("De-identification"), para(text, "note")]
