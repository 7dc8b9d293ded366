"""CARE 1-6: title, keywords, notices, abstract, introduction, patient information, findings."""

from __future__ import annotations

from pydantic import BaseModel
from reportlab.platypus import Flowable

from core.clinical.dosing import age_at_day0_text
from core.model import Case
from core.model.base import field_meta
from core.model.diagnostics import NeuroExam
from core.model.report import CONSENT_DOCUMENTED, ClinicalFinding, HistoryItem
from core.report.blocks import (
    Context,
    banner,
    heading,
    is_placeholder,
    kv_table,
    marked,
    missing_text,
    para,
    record_pairs,
    subsection,
)
from core.report.columns import record_table
from core.report.deid import REPLACEMENTS
from core.report.format import humanize, number
from core.report.sections_publication import authors_block
from core.report.walk import fields_holding, has_placeholders


def title_block(ctx: Context) -> list[Flowable]:
    case, fmt = ctx.case, ctx.fmt
    # the kind of export, not a claim about the case: a case may hold no identifier or date
    mode = ("de-identified case summary" if ctx.options.deidentified
            else "identified case summary (no identifier or date removed)")
    meta = f"Case {case.case_id} · record status: {case.status} · {mode}"
    out: list[Flowable] = [para(shown_title(ctx), "title"), *authors_block(ctx),
                           para(meta, "meta")]
    keywords = "; ".join(fmt.text(k) for k in case.case_report.keywords)
    out.append(para(f"Keywords: {keywords}" if keywords else "Keywords: not reported", "meta"))
    if not ctx.options.deidentified:          # the de-identified notice states Day 0 itself
        out.append(para(_day0_line(ctx), "meta"))
    source = "" if ctx.options.deidentified else _source_line(ctx)  # it names the case
    if source:
        out.append(para(source, "meta"))
    return out + _case_values(ctx) + notices(ctx)


def shown_title(ctx: Context) -> str:
    """The case's title as printed, with the placeholder mark when it is one (the page-1
    banner says what † means), as every other placeholder value is printed."""
    return marked(ctx.fmt.text(ctx.case.title), title_is_placeholder(ctx))


def title_is_placeholder(ctx: Context) -> bool:
    report = ctx.case.case_report
    return bool(report.title) and is_placeholder(report, "title")


def _case_values(ctx: Context) -> list[Flowable]:
    """The case's own top-level values beyond its id (records and lists have sections of
    their own; bookkeeping never prints): "Label: value", from the model, so a value added at
    the top of the case prints here with no change to the report."""
    nested = fields_holding(Case, BaseModel)
    pairs = record_pairs(ctx, ctx.case, skip=("case_id", *nested))
    return [para("; ".join(f"{name}: {value}" for name, value in pairs), "meta")] if pairs else []


def _day0_line(ctx: Context) -> str:
    report = ctx.case.case_report
    definition = report.day0_definition or "definition not reported"
    day0 = report.day0
    if not ctx.options.deidentified and day0 is not None and day0.date is not None \
            and len(day0.date) == 10:  # every day known: days, a table's dates beside them
        return (f"Day 0: {definition}, {day0.date}; times are days relative to Day 0, the "
                "tables giving their dates too.")
    date = f", {ctx.fmt.when(day0) if ctx.options.deidentified else day0.display()}" \
        if day0 else ""
    return f"Day 0: {definition}{date}; times are dates as entered or days relative to Day 0."


def _source_line(ctx: Context) -> str:
    source = ctx.case.case_report.source_publication
    if source is None:
        return ""
    parts = [source.citation, source.doi and f"doi:{source.doi}",
             source.pmid and f"PMID {source.pmid}", source.case_label_in_source]
    return "Source publication: " + "; ".join(p for p in parts if p)


def notices(ctx: Context) -> list[Flowable]:
    """Page-1 banners: consent missing, placeholder data, de-identification statement."""
    case, out = ctx.case, []
    if case.consent.status not in CONSENT_DOCUMENTED:
        status = humanize(case.consent.status) if case.consent.status else "not recorded"
        out.append(banner(f"⚠ Consent not documented: consent for publication is {status}. "
                          "Do not publish or share this summary until consent is obtained or "
                          "waived by an ethics committee."))
    if ctx.derived.error:
        out.append(banner(f"⚠ Derived values are missing: {ctx.fmt.text(ctx.derived.error)}. "
                          "CNS status, responses, MRD categories, grades, BSA and the timeline "
                          "are not shown; report this error."))
    if has_placeholders(case):
        out.append(banner("⚠ Contains placeholder data: some values are synthetic placeholders "
                          "(marked †), not observations of a patient."))
    if ctx.options.deidentified:
        day0 = ctx.fmt.text(case.case_report.day0_definition) or "definition not reported"
        out.append(banner("De-identified according to HIPAA Safe Harbor; times are days relative "
                          f"to Day 0 ({day0}).", "info"))
    return out


def abstract_and_introduction(ctx: Context) -> list[Flowable]:
    report, fmt = ctx.case.case_report, ctx.fmt
    parts = [("Introduction", report.abstract_introduction),
             ("Case presentation", report.abstract_presentation),
             ("Conclusion", report.abstract_conclusion)]
    abstract = [para(f"{name}: {fmt.text(text)}") for name, text in parts if text]
    out: list[Flowable] = [heading("Abstract"), *(abstract or [missing_text()])]
    out += [heading("Introduction")]
    out += [para(fmt.text(report.introduction))] if report.introduction else [
        missing_text(report.nf.get("introduction"))]
    return out


def patient_section(ctx: Context) -> list[Flowable]:
    patient = ctx.case.patient
    skip = ("age_at_day0", "age_at_day0_months", "age_top_coded", "bsa_m2", "bsa_method")
    bsa_from = ("weight_kg", "height_cm", "bsa_m2")
    pairs = [("Age at Day 0", marked(age_text(ctx), is_placeholder(patient, "age_at_day0"))),
             ("Body-surface area", marked(_bsa_text(ctx),
                                          any(is_placeholder(patient, n) for n in bsa_from)))]
    pairs += record_pairs(ctx, patient, skip)
    if ctx.masker is not None and ctx.masker.rare is not None:  # rule V60, not confirmed
        label = field_meta(type(patient), "subdivision")["label"]
        pairs = [(k, REPLACEMENTS["rare_combination"] if k == label else v) for k, v in pairs]
    out: list[Flowable] = [heading("Patient information"), *kv_table(ctx, pairs)]
    if patient.note:
        out.append(para(ctx.fmt.text(patient.note), "note"))
    out += subsection("Medical, family and psychosocial history", _history(ctx))
    return out


def age_text(ctx: Context) -> str:
    """Age at Day 0 (core.clinical.dosing.age_at_day0_text); a missing age as the PDF renders
    any missing field."""
    p = ctx.case.patient
    shown = age_at_day0_text(p, ctx.case.case_report.day0, deidentified=ctx.options.deidentified)
    return shown if shown is not None else ctx.fmt.field(p, "age_at_day0")


def _bsa_text(ctx: Context) -> str:
    bsa = ctx.derived.bsa_m2
    if bsa is None:
        return ""
    method = ctx.fmt.text(ctx.case.patient.bsa_method)
    return f"{number(round(bsa, 2))} m²" + (f", {method}" if method else "")


def _history(ctx: Context) -> list[Flowable]:
    items = ctx.case.history_items
    if not items:
        return []
    return record_table(ctx, HistoryItem, items, widths={"kind": 0.16, "description": 0.56,
                                                         "icd10": 0.12, "day": 0.16})


def findings_section(ctx: Context) -> list[Flowable]:
    findings = ctx.case.clinical_findings
    out: list[Flowable] = [heading("Clinical findings")]
    if findings:
        # particular: the value with its free-text unit
        out += record_table(ctx, ClinicalFinding, findings,
                            widths={"day": 0.14, "kind": 0.12, "finding": 0.34, "value": 0.26,
                                    "laterality": 0.14},
                            cells={"value": lambda _, f: _finding_value(ctx, f)})
    else:
        out.append(missing_text())
    out += subsection("Neurological examination", _neuro_exams(ctx))
    return out


def _finding_value(ctx: Context, finding: ClinicalFinding) -> str:
    if finding.value is None:
        return ""
    unit = ctx.fmt.text(finding.unit)
    return f"{number(finding.value)} {unit}".strip()


def _neuro_exams(ctx: Context) -> list[Flowable]:
    exams, fmt = ctx.case.neuro_exams, ctx.fmt
    if not exams:
        return []
    # particular: the signs present, then those recorded as absent, in one cell
    return record_table(
        ctx, NeuroExam, exams,
        widths={"day": 0.1, "cranial_nerve_palsy": 0.16, "headache": 0.42, "focal_deficit": 0.16,
                "attributed_to_leukemia": 0.16},
        headers={"headache": "Signs"},
        cells={"cranial_nerve_palsy": lambda _, e: fmt.field(e, "cranial_nerve_palsy") or "none",
               "headache": lambda _, e: _signs(ctx, e)})


def _signs(ctx: Context, exam: NeuroExam) -> str:
    """Present signs first, then those recorded as absent."""
    flags = [("headache", "headache"), ("meningism", "meningism"), ("seizure", "seizure"),
             ("hypothalamic_syndrome", "hypothalamic syndrome")]
    present = [name for f, name in flags if getattr(exam, f)]
    absent = [f"no {name}" for f, name in flags if getattr(exam, f) is False]
    ocular = ([f"ocular: {ctx.fmt.field(exam, 'ocular_involvement')}"]
              if exam.ocular_involvement else [])
    return "; ".join(present + ocular + absent)
