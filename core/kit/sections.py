"""The CARE-ordered body of the manuscript (CARE 2013 checklist items 4-13): Introduction,
Patient information, Clinical findings, Timeline, Diagnostic assessment, Therapeutic
intervention, Follow-up and outcomes, Discussion, Patient perspective, Informed consent."""

from __future__ import annotations

from core.clinical.dosing import FROM_BIRTH_DATE
from core.kit.writer import Writer
from core.report.blocks import (
    is_marked,
    is_placeholder,
    marked,
    numbered_notes,
    record_pairs,
)
from core.report.format import humanize
from core.report.order import administration_order, record_order
from core.report.sections_cns import EPISODE_COLUMNS, EPISODE_NOTE, episode_rows, override_lines
from core.report.sections_intro import age_text
from core.report.sections_outcome import ae_detail_lines
from core.report.sections_timeline import timeline_placeholders, timeline_table
from core.report.sections_treatment import dose_change_table

# The manuscript's level-1 headings in CARE order (the checklist's names).
CARE_SECTIONS = ("Introduction", "Patient information", "Clinical findings", "Timeline",
                 "Diagnostic assessment", "Therapeutic intervention", "Follow-up and outcomes",
                 "Discussion", "Patient perspective", "Informed consent")


def care_sections(w: Writer, chart_figure: int | None) -> None:
    case, fmt = w.ctx.case, w.ctx.fmt
    report = case.case_report
    w.heading("Introduction")
    w.narrative(report.introduction, missing="Not reported.",
                placeholder=is_placeholder(report, "introduction"))
    _patient(w)
    w.heading("Clinical findings")
    exams = [f for f in case.clinical_findings if f.kind != "symptom"]
    w.records("Clinical findings on examination.", exams)
    w.records("Neurological examinations.", case.neuro_exams)
    if not exams and not case.neuro_exams:
        w.missing()
    w.heading("Timeline")
    columns, rows = timeline_table(w.ctx)  # the PDF's: Day (and Date) as the editor's timeline
    if chart_figure:
        w.para(f"The course of the disease is shown in Figure {chart_figure}; Table "
               f"{len(w.tables) + 1} lists the events by day relative to Day 0 "
               f"({fmt.text(report.day0_definition) or 'Day 0 not defined'}).")
    w.table("Timeline of the case.", [header for header, _ in columns], rows,
            timeline_placeholders(w.ctx))
    _diagnostics(w)
    _treatment(w)
    _outcomes(w)
    w.heading("Discussion")
    w.narrative(report.discussion, missing="Not reported.",
                placeholder=is_placeholder(report, "discussion"))
    if report.take_away:
        w.heading("Take-away lessons", 2)
        w.narrative(report.take_away, placeholder=is_placeholder(report, "take_away"))
    w.heading("Patient perspective")
    perspective = case.patient_perspective
    if not w.narrative(perspective.text, placeholder=is_placeholder(perspective, "text")):
        why = humanize(perspective.collected) if perspective.collected else "not reported"
        w.missing(f"The patient's perspective was not included ({why}).")
    w.heading("Informed consent")
    _consent(w)
    if case.consent.note:  # the record's note, as the PDF prints it under the consent
        w.note(fmt.text(case.consent.note))


def _consent(w: Writer) -> None:
    consent = w.ctx.case.consent
    if w.narrative(consent.statement, placeholder=is_placeholder(consent, "statement")):
        return
    if consent.status is None:
        w.missing()
    else:
        placeholder = any(is_placeholder(consent, n) for n in ("status", "form", "signed_by"))
        sentence = _consent_sentence(w, placeholder)
        w.para(sentence, placeholder=placeholder)
        w.consent_generated = True
        w.consent_sentence = sentence


def in_sentence(definition: str) -> str:
    """Day 0's definition after "Day 0 is the": a leading "the" dropped, a word's capital made
    small ("Diagnosis of B-ALL" is "diagnosis of B-ALL"), an abbreviation's kept (HSCT, B-ALL)."""
    text = definition.strip()
    if text[:4].lower() == "the ":
        text = text[4:].lstrip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _patient(w: Writer) -> None:
    case, fmt = w.ctx.case, w.ctx.fmt
    p = case.patient
    w.heading("Patient information")
    sex = humanize(p.sex) if p.sex and p.sex != "unknown" else "patient"
    age = age_text(w.ctx).removesuffix(FROM_BIRTH_DATE)  # a manuscript says it plainly
    if age.endswith((" years", " months")):
        age = age.replace(" years", "-year-old").replace(" months", "-month-old")
        who = f"The patient was a {age} {sex.lower()}"
    else:
        who = f"The patient was a {sex.lower()} aged {age}"
    placeholder = any(is_placeholder(p, n) for n in ("age_at_day0", "age_at_day0_months", "sex"))
    day0 = in_sentence(fmt.text(case.case_report.day0_definition))
    w.para(marked(who, placeholder) + (f"; Day 0 is the {day0}." if day0 else "."),
           placeholder=placeholder)
    if p.note:  # where these values come from, as the PDF's note under the patient's table
        w.note(fmt.text(p.note))
    symptoms = [f for f in case.clinical_findings if f.kind == "symptom"]
    symptoms = [symptoms[i] for i in record_order(symptoms, case.case_report.day0)]  # by day,
    # as the PDF's Clinical findings table lists them
    if symptoms:
        listed = "; ".join(marked(f"{fmt.field(f, 'finding')} ({fmt.when(f.day)})",
                                  is_placeholder(f)) for f in symptoms)
        w.para(f"Main concerns and symptoms: {listed}.",
               placeholder=any(is_placeholder(f) for f in symptoms))
    w.records("Medical, family and psychosocial history.", case.history_items)


def _diagnostics(w: Writer) -> None:
    case = w.ctx.case
    w.heading("Diagnostic assessment")
    w.records("Diagnoses.", case.diagnoses)
    for r in case.diagnostic_reasoning:
        lead = {"challenge": "Diagnostic challenges", "differential": "Diagnostic reasoning",
                "prognosis": "Prognosis"}.get(r.kind or "", "Diagnostic reasoning")
        w.narrative(r.text, lead=lead, placeholder=is_placeholder(r, "text"))
    # with each marrow's derived response, as the PDF prints it
    w.records("Bone marrow assessments.", case.bm_assessments, derived=("derived_category",))
    # as the PDF's Immunophenotype table: EGIL subgroup, the markers, a CSF flow study
    w.records("Immunophenotype.", case.immunophenotype_panels)
    w.records("Cytogenetics.", case.cytogenetics)
    w.records("Molecular genetics.", case.molecular_tests)
    # with the derived CNS status (sub-category) of each sample, and each status entered over
    # it, as the PDF prints them; then the CNS status of each episode (the PDF's table)
    w.records("Cerebrospinal fluid and CNS status.", case.csf_assessments,
              derived=("cns_status",), notes=override_lines(w.ctx))
    w.records("Neuroimaging.", case.neuroimaging)
    w.table("CNS status of each episode (derived).", [h for h, _ in EPISODE_COLUMNS],
            episode_rows(w.ctx), notes=[EPISODE_NOTE])
    w.records("Key laboratory results.", case.labs)


def _treatment(w: Writer) -> None:
    case, fmt = w.ctx.case, w.ctx.fmt
    w.heading("Therapeutic intervention")
    w.records("Treatment lines.", case.treatment_lines)
    day0 = case.case_report.day0
    for i in record_order(case.treatment_lines, day0):  # the lines' table's order, the PDF's
        line = case.treatment_lines[i]
        if line.administrations:
            regimen = fmt.text(line.regimen_name) or "regimen not reported"
            # in the PDF's order: by date, a drug's steps together (it listed them as entered)
            w.records(f"Line {line.line_no or '?'}: {regimen}, drugs.", line.administrations,
                      positions=administration_order(line, day0))
    # the PDF's Dose changes table, its rows and words (sections_treatment.dose_change_table)
    columns, rows, changes = dose_change_table(w.ctx)
    numbers, notes = numbered_notes(w.ctx, changes)
    w.table("Dose changes.", [head for head, _ in columns], rows,
            [is_placeholder(m) for m in changes], notes, numbers)
    w.records("Radiotherapy.", case.radiotherapy)
    w.records("Procedures.", case.procedures)
    if case.hsct is not None and case.hsct.performed == "yes":
        w.records("Stem-cell transplantation.", [case.hsct])
    w.records("Cellular therapy.", case.cellular_therapies)
    if not (case.treatment_lines or case.radiotherapy or case.procedures
            or case.cellular_therapies):
        w.missing()


def _outcomes(w: Writer) -> None:
    case = w.ctx.case
    w.heading("Follow-up and outcomes")
    w.records("Responses.", case.response_assessments)
    w.records("Measurable residual disease.", case.mrd_assessments)
    w.records("Adverse events.", case.adverse_events)
    # the CRS and ICANS details the PDF gives under its table (maximum temperature,
    # hypotension, hypoxia...), from the same lines
    details = ae_detail_lines(w.ctx)
    for text, _ in details:
        w.para(text)
    if any(placeholder for _, placeholder in details):
        w.placeholder_note()
    status = case.case_report.adverse_events_status
    if not case.adverse_events and status in ("none", "not_reported"):
        w.para("No adverse events occurred." if status == "none"
               else "Adverse events were not reported.")
    # the PDF's Outcome table, pair by pair (its placeholder values marked): the follow-up
    # too (last known alive, death, subsequent relapse), which the manuscript left out
    pairs = record_pairs(w.ctx, case.outcome)
    if pairs:
        w.para("Outcome: " + "; ".join(f"{_lower(name)}: {_inline(value)}"
                                       for name, value in pairs)
               + ".", placeholder=any(is_marked(value) for _, value in pairs))


def _inline(value: str) -> str:
    """A table cell's lines in a sentence: a day's date beside it, ``d204 (2023-10-05)``."""
    first, _, rest = value.partition("\n")
    return f"{first} ({rest.replace(chr(10), ' ')})" if rest else first


def _lower(name: str) -> str:
    """A label inside a sentence: "vital status", "CNS status" kept as it is."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _consent_sentence(w: Writer, placeholder: bool = False) -> str:
    """The consent statement made from the Consent section's fields (the kit's report asks
    to check it: ``core.kit.consent_notes``); marked when they are placeholders."""
    c = w.ctx.case.consent
    if c.status == "obtained":
        form = f"{humanize(c.form).lower()} " if c.form else ""
        by = f" from the {humanize(c.signed_by).lower()}" if c.signed_by else ""
        text = f"{form}informed consent for publication was obtained{by}"
        text = text[0].upper() + text[1:]  # no form: "Informed consent" (it read "Informed
        # informed consent": the doubled word was looked for in lower case only)
    elif c.status == "waived_by_ethics_committee":
        text = "The requirement for informed consent was waived by the ethics committee"
    elif c.status == "not_obtained":  # said as recorded, not as "Not reported"
        text = "Informed consent for publication was not obtained"
    else:
        return "Not reported."
    return marked(text, placeholder) + "."
