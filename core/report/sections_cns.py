"""CARE 8, the CNS part: CSF samples with their derived CNS status (sub-category, the same-day
blood counts the derivation used), the derived CNS status of each diagnosis and relapse
episode with its basis, and neuroimaging with the lesion burden (SPD) beside the entered
response. Derived values come from ``ctx.derived`` (the clinical engine)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from core.model import derived_value
from core.model.diagnostics import CsfAssessment, Neuroimaging
from core.report.blocks import Context, data_table, label, para
from core.report.columns import record_table
from core.report.derived import CsfDerived, EpisodeDerived
from core.report.format import humanize, number
from core.report.order import UNDATED, SortKey, in_when_order, record_key, record_order

EPISODE_WINDOW_DAYS = 7  # the engine's window around a diagnosis or relapse (reference §7.1)


def csf_section(ctx: Context) -> list[Flowable]:
    # particular: blasts present with their percentage, the blood counts the derivation used,
    # the derived status with its sub-categories (or why none) and any override. The blasts
    # column keeps its plain label: its cells read "yes" or "yes, 78%", so a "(%)" in the
    # header stood over a "yes"
    return [*record_table(
        ctx, CsfAssessment, ctx.case.csf_assessments,
        widths={"day": 0.07, "sample_route": 0.10, "wbc_per_uL": 0.08, "rbc_per_uL": 0.08,
                "blasts_present_cytospin": 0.1, "flow_abnormal_pct": 0.10, "protein_g_L": 0.08,
                "glucose_mmol_L": 0.10, "pb_wbc_same_day": 0.12, "cns_status": 0.17},
        headers={"pb_wbc_same_day": "Blood WBC / RBC same day (×10⁹/L / ×10¹²/L)",
                 "cns_status": f"{_derived_label(CsfAssessment, 'cns_status')} (sub-category), "
                               "derived"},
        cells={"blasts_present_cytospin": lambda _, c: _blasts(ctx, c),
               "pb_wbc_same_day": lambda i, _: _blood(ctx, i),
               "cns_status": lambda i, _: cns_status_text(ctx, i)}), *_override_notes(ctx)]


def _override_notes(ctx: Context) -> list[Flowable]:
    lines = override_lines(ctx)
    return [para("\n".join(lines), "note")] if lines else []


def override_lines(ctx: Context) -> list[str]:
    """Each CNS status entered over the derived one, with its reason (both are kept: CASE-MODEL),
    in the table's row order (under the CSF table of the PDF and of the kit's manuscript)."""
    samples, day0 = ctx.case.csf_assessments, ctx.case.case_report.day0
    lines = []
    for i in record_order(samples, day0):
        csf = samples[i]
        derived = ctx.derived.csf.get(i)
        status = derived.status if derived else None
        if not csf.cns_status_override or csf.cns_status_override == status:
            continue
        if status:
            over = f" over derived {humanize(status)}"
        else:
            over = (f" (derived status {ctx.derived.missing()})" if ctx.derived.error
                    else "; no status derived")
        reason = ctx.fmt.text(csf.override_reason) or "not recorded"
        lines.append(f"CSF {ctx.fmt.field(csf, 'day') or 'undated'}: "
                     f"{humanize(csf.cns_status_override)} entered{over} – reason: {reason}.")
    return lines


def _derived_label(model: type, key: str) -> str:
    """A derived value's label from the model's metadata (``Record.DERIVED``)."""
    found = derived_value(model, key)
    return found.label if found else key


def _blasts(ctx: Context, csf: CsfAssessment) -> str:
    """Blasts on cytospin and their percentage: ``yes, 78%``."""
    present = ctx.fmt.field(csf, "blasts_present_cytospin")
    pct = ctx.fmt.field(csf, "blast_pct_cytospin")
    return ", ".join(x for x in (present, pct) if x)


def _blood(ctx: Context, index: int) -> str:
    """The same-day blood counts the CNS derivation used (traumatic-tap rule, §7.1)."""
    derived = ctx.derived.csf.get(index)
    if derived is None:
        csf = ctx.case.csf_assessments[index]
        wbc, rbc = csf.pb_wbc_same_day, csf.pb_rbc_same_day
    else:
        wbc, rbc = derived.pb_wbc, derived.pb_rbc
    if wbc is None and rbc is None:
        return ""
    return " / ".join(number(v) if v is not None else "?" for v in (wbc, rbc))


def _with_subcategories(status: str, derived: CsfDerived | None) -> str:
    subs = derived.subcategories if derived else ()
    return f"{humanize(status)} ({', '.join(subs)})" if subs else humanize(status)


def cns_status_text(ctx: Context, index: int) -> str:
    """The derived status with its sub-category (or why none was derived); an override first,
    naming the derived status."""
    override = ctx.case.csf_assessments[index].cns_status_override
    derived = ctx.derived.csf.get(index)
    if derived is None:
        return humanize(override) if override else ctx.derived.missing()
    if derived.status:
        own = _with_subcategories(derived.status, derived)
        own += f" ({derived.note})" if derived.note else ""
    else:
        own = f"not derived: {derived.note}" if derived.note else "not derived"
    if override and override != derived.status:
        return f"{humanize(override)} (override; derived {own})"
    return own


EPISODE_COLUMNS = (("Episode", 0.2), ("CNS status", 0.11), ("Sub-category", 0.14),
                   ("Basis", 0.55))
EPISODE_NOTE = (f"The worst CNS status among the CSF samples and clinical signs of CNS leukemia "
                f"(CNS3c) within ±{EPISODE_WINDOW_DAYS} days of each diagnosis or relapse "
                f"(reference §7.1).")


def episodes_table(ctx: Context) -> list[Flowable]:
    """The derived CNS status of each diagnosis and relapse and what it rests on."""
    if ctx.derived.error:
        return [para(ctx.derived.missing())]
    rows = episode_rows(ctx)
    if not rows:
        return []
    return [*data_table(ctx, EPISODE_COLUMNS, rows), para(EPISODE_NOTE, "note")]


def episode_rows(ctx: Context) -> list[list[str]]:
    """The rows of ``episodes_table`` (``EPISODE_COLUMNS``), by the episodes' days: the PDF's
    and the kit manuscript's ("relapse diagnosis, d168 | CNS3 | CNS3a, CNS3c | CSF d169: ...;
    imaging d170: ... (clinical sign, CNS3c)"). None when the derivation failed."""
    episodes = ctx.derived.cns_episodes
    if ctx.derived.error or not episodes:
        return []
    day0 = ctx.case.case_report.day0

    def when(e: EpisodeDerived) -> SortKey:  # diagnoses and relapses together, by their day
        record = _record(ctx, e.path)
        return record_key(record, day0) if record is not None else UNDATED
    episodes = [episodes[i] for i in in_when_order(episodes, when)]
    return [[_episode_name(ctx, e.path), humanize(e.status) if e.status else "not derived",
             ", ".join(e.subcategories), _basis(ctx, e.csf, e.signs) or "no CSF sample or "
             "clinical sign within the window"] for e in episodes]


def _record(ctx: Context, path: str) -> Any:  # any record of the case (by its path)
    name, _, rest = path.partition("[")
    items = getattr(ctx.case, name, None)
    try:
        return items[int(rest.rstrip("]"))] if items is not None else None
    except (ValueError, IndexError):
        return None


def _episode_name(ctx: Context, path: str) -> str:
    record = _record(ctx, path)
    if record is None:
        return path
    when = ctx.fmt.field(record, "day")
    if path.startswith("diagnoses["):
        return f"{humanize(record.role or 'diagnosis')} diagnosis, {when}"
    return f"relapse ({humanize(record.category or 'response')}), {when}"


def _basis(ctx: Context, csf: tuple[int, ...], signs: tuple[tuple[str, str], ...]) -> str:
    parts = []
    for i in csf:
        sample = ctx.case.csf_assessments[i]
        parts.append(f"CSF {ctx.fmt.field(sample, 'day')}: {cns_status_text(ctx, i)}")
    for path, description in signs:
        record = _record(ctx, path)
        kind = "neurological exam" if path.startswith("neuro_exams[") else "imaging"
        when = ctx.fmt.field(record, "day") if record is not None else ""
        parts.append(f"{kind} {when}: {description} (clinical sign, CNS3c)")
    return "; ".join(parts)


def imaging_section(ctx: Context) -> list[Flowable]:
    fmt = ctx.fmt
    response = (f"{label(Neuroimaging, 'radiologic_response')} (entered) · "
                f"{_derived_label(Neuroimaging, 'lesion_burden')} (derived)")
    # particular: modality, region and contrast in one cell; the entered response with the
    # derived lesion burden beside it; the lesions in a line
    return record_table(
        ctx, Neuroimaging, ctx.case.neuroimaging,
        widths={"day": 0.08, "modality": 0.12, "overall_finding": 0.12,
                "radiologic_response": 0.22, "lesions": 0.24, "impression": 0.22},
        headers={"modality": "Modality, region", "radiologic_response": response},
        cells={"modality": lambda _, n: ", ".join(
                   x for x in (fmt.field(n, "modality"), fmt.field(n, "region"),
                               "contrast" if n.contrast else "") if x),
               "radiologic_response": lambda i, _: _response(ctx, i),
               "lesions": lambda _, n: _lesions(ctx, n) or "none"})


def _response(ctx: Context, index: int) -> str:
    study = ctx.case.neuroimaging[index]
    entered = ctx.fmt.field(study, "radiologic_response") or "not entered"
    burden = ctx.derived.imaging.get(index)
    if burden is None:
        return f"{entered}; SPD {ctx.derived.missing()}" if ctx.derived.error else entered
    if burden.spd_mm2 is None:
        return f"{entered}; SPD not derived ({burden.note})"
    text = f"{entered}; SPD {number(burden.spd_mm2)} mm²"
    if burden.baseline is not None:
        base = ctx.case.neuroimaging[burden.baseline]
        base_spd = ("?" if burden.baseline_spd_mm2 is None
                    else f"{number(burden.baseline_spd_mm2)} mm²")
        change = "" if burden.change_pct is None else f", {_signed(burden.change_pct)}%"
        text += f" (baseline {ctx.fmt.field(base, 'day')} {base_spd}{change})"
        if burden.category:
            text += f", consistent with {humanize(burden.category)}"
        elif burden.note:
            text += f"; {burden.note}"
    return text


def _signed(pct: float) -> str:
    value = number(round(pct, 1))
    return value.replace("-", "−") if pct < 0 else f"+{value}"


def _lesions(ctx: Context, n: Neuroimaging) -> str:
    out = []
    for lesion in n.lesions:
        size = " × ".join(number(v) for v in (lesion.max_diameter_mm, lesion.perpendicular_mm)
                          if v is not None)
        where = " ".join(x for x in (ctx.fmt.field(lesion, "laterality"),
                                     ctx.fmt.text(lesion.location)) if x)
        out.append(", ".join(x for x in (ctx.fmt.field(lesion, "pattern") or "lesion", where,
                                         size and f"{size} mm") if x))
    return "; ".join(out)
