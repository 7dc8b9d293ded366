"""HL7 FHIR R4 export of cases: plain JSON dicts built with the standard library.

One case is a ``document`` Bundle: its Composition first (the CARE sections in CARE order,
each listing its resources), then Patient, Conditions, Observations, Procedures,
MedicationAdministrations/MedicationStatements and AdverseEvents (``core.io.fhir_resources``,
``core.io.fhir_treatment``). A case whose consent is not documented says so in its
Composition's Informed consent section (``core.io.consent_notice``). Several cases make one
``collection`` Bundle holding every case's resources, each case's Composition first. Every
entry's ``fullUrl`` is a ``urn:uuid`` (stable: derived from the exported case id and the
record's place in the case) and every reference points at one of them, inside the Bundle.

Days: see ``core.io.fhir_context`` (a day number becomes a date when Day 0 is a calendar date;
otherwise the element carries the ``urn:casebook:fhir:StructureDefinition/relative-day``
extension, valueInteger = days from Day 0).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from core.clinical.derive import Derived
from core.clinical.engine import evaluate
from core.io import fhir_resources as res
from core.io import fhir_treatment as trt
from core.io.consent_notice import ConsentCheck, case_notice, undocumented
from core.io.dataset_csv import DatasetReport
from core.io.deident import (
    Deidentifier,
    Hit,
    IdentifiersFound,
    scan_unconfirmed,
)
from core.io.fhir_context import (
    CASE_ID,
    JSON,
    RELATIVE_DAY,
    CaseContext,
    FhirOptions,
    casebook_system,
    coding,
    concept,
    narrative,
)
from core.io.outputs import atomic_open
from core.model import Case

__all__ = ["CARE_SECTIONS", "RELATIVE_DAY", "FhirOptions", "case_bundle", "case_entries",
           "collection_bundle", "write_fhir", "write_fhir_dataset"]

# CARE checklist items that become Composition sections, in CARE order.
CARE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("3", "Abstract"), ("4", "Introduction"), ("5", "Patient information"),
    ("8", "Diagnostic assessment"), ("9", "Therapeutic intervention"),
    ("10", "Follow-up and outcomes"), ("11", "Discussion"), ("12", "Patient perspective"),
    ("13", "Informed consent"))
_SECTION_OF = {"Patient": "5", "Condition": "8", "Observation": "8", "Procedure": "9",
               "MedicationAdministration": "9", "MedicationStatement": "9",
               "AdverseEvent": "10"}


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def case_entries(case: Case, case_id: str | None = None, options: FhirOptions | None = None,
                 timestamp: str | None = None) -> list[JSON]:
    """The Bundle entries of one case (``case_id``: the id to write, e.g. a keyed hash),
    its Composition first."""
    ctx = CaseContext(case, case_id or case.case_id, options or FhirOptions())
    result = evaluate(case)
    derived: Derived | None = result.evaluation.derived if result.evaluation else None
    res.patient(ctx)
    res.age(ctx)
    res.conditions(ctx)
    links = trt.procedures(ctx)
    res.marrow(ctx, derived)
    res.csf(ctx, derived, links)
    res.mrd(ctx, derived)
    res.molecular(ctx, derived)
    res.labs(ctx, derived)
    main = case.main_diagnosis()
    condition = ctx.urn(f"diagnoses[{case.diagnoses.index(main)}]") if main else None
    drugs = trt.medications(ctx, condition)
    trt.adverse_events(ctx, drugs)
    composition = _composition(ctx, timestamp or _now())
    entries = [(ctx.urn("composition"), composition), *ctx.entries]
    return [{"fullUrl": url, "resource": resource} for url, resource in entries]


def _composition(ctx: CaseContext, timestamp: str) -> JSON:
    case, report = ctx.case, ctx.case.case_report
    listed: dict[str, list[JSON]] = {}
    for url, resource in ctx.entries:
        listed.setdefault(_SECTION_OF[resource["resourceType"]], []).append({"reference": url})
    texts: dict[str, list[str | None]] = {
        "3": [report.abstract_introduction, report.abstract_presentation,
              report.abstract_conclusion],
        "4": [report.introduction], "11": [report.discussion, report.take_away],
        "12": [case.patient_perspective.text], "10": [_outcome_text(case)],
        "13": [_consent_text(case.consent.status)]}
    sections: list[JSON] = []
    for number, title in CARE_SECTIONS:
        section: JSON = {"title": title, "code": concept(title, coding(
            casebook_system("care-section"), number, title))}
        generated = number in ("10", "13")
        parts = [t if generated else ctx.text(t) for t in texts.get(number, [])]
        text = "\n".join(t for t in parts if t)
        if text:
            section["text"] = narrative(text)
        if number in listed:
            section["entry"] = listed[number]
        if "text" in section or "entry" in section:
            sections.append(section)
    title = report.title if report.title and not ctx.options.drop_text else "Case report"
    return {"resourceType": "Composition",
            "identifier": {"system": CASE_ID, "value": ctx.case_id},
            "status": "final" if case.status in ("complete", "locked") else "preliminary",
            "type": concept("Case report", coding(casebook_system("document"), "case_report",
                                                  "Case report")),
            "subject": ctx.patient, "date": timestamp,
            "author": [{"display": "Casebook"}], "title": title, "section": sections}


def _consent_text(status: str | None) -> str:
    """The Informed consent section's text: the consent status, or (not documented) the
    notice every export of such a case carries (``core.io.consent_notice``)."""
    if undocumented(status):
        return case_notice(status)
    return f"Consent: {(status or '').replace('_', ' ')}"


def _outcome_text(case: Case) -> str | None:
    o = case.outcome
    parts = [f"Vital status: {o.vital_status}" if o.vital_status else "",
             f"disease status at last contact: {o.disease_status_at_last_contact}"
             .replace("_", " ") if o.disease_status_at_last_contact else "",
             f"CNS status at last contact: {o.cns_status_at_last_contact}"
             if o.cns_status_at_last_contact else ""]
    return "; ".join(p for p in parts if p) or None


def case_bundle(case: Case, case_id: str | None = None, options: FhirOptions | None = None,
                timestamp: str | None = None) -> JSON:
    """One case as a FHIR ``document`` Bundle."""
    stamp = timestamp or _now()
    return {"resourceType": "Bundle", "type": "document",
            "identifier": {"system": CASE_ID, "value": case_id or case.case_id},
            "timestamp": stamp, "entry": case_entries(case, case_id, options, stamp)}


Plan = Callable[[Case], tuple[str, FhirOptions]]  # a case -> (id to write, its options)


def _plain(case: Case) -> tuple[str, FhirOptions]:
    return case.case_id, FhirOptions()


def collection_bundle(cases: Iterable[Case], plan: Plan = _plain,
                      timestamp: str | None = None) -> JSON:
    """Several cases as one ``collection`` Bundle (in memory; ``write_fhir`` streams)."""
    stamp = timestamp or _now()
    entries: list[JSON] = []
    for case in cases:
        case_id, options = plan(case)
        entries += case_entries(case, case_id, options, stamp)
    return {"resourceType": "Bundle", "type": "collection", "timestamp": stamp,
            "entry": entries}


def write_fhir(path: Path, cases: Iterable[Case], plan: Plan = _plain, *, force: bool = False,
               progress: Callable[[int], None] | None = None) -> int:
    """Write the cases as one collection Bundle (JSON, UTF-8), a case at a time, atomically.
    Returns the number of cases written."""
    with atomic_open(path, "w", force=force, encoding="utf-8") as fh:
        return _stream(fh, cases, plan, progress)


def _stream(out: IO[str], cases: Iterable[Case], plan: Plan,
            progress: Callable[[int], None] | None = None) -> int:
    stamp = _now()
    count = 0
    out.write('{"resourceType": "Bundle", "type": "collection", '
              f'"timestamp": {json.dumps(stamp)}, "entry": [')
    first = True
    for case in cases:
        case_id, options = plan(case)
        for entry in case_entries(case, case_id, options, stamp):
            out.write(("\n" if first else ",\n") + json.dumps(entry, ensure_ascii=False))
            first = False
        count += 1
        if progress is not None:
            progress(count)
    out.write("\n]}\n")
    return count


def deidentified_plan(deid: Deidentifier) -> Plan:
    """The dataset exports' de-identification as a FHIR plan: the keyed hash for the id,
    the case's own offset for shifted dates."""
    def plan(case: Case) -> tuple[str, FhirOptions]:
        o = deid.options
        shift = deid.shift_days(case.case_id) if o.dates == "shift" else 0
        return deid.case_id(case.case_id), FhirOptions(o.drop_identifiers, o.drop_text,
                                                       o.dates, shift)
    return plan


def write_fhir_dataset(path: Path, cases: Iterable[Case], deid: Deidentifier, *,
                       force: bool = False, confirmed: Iterable[Hit] = (),
                       confirm_all: bool = False,
                       on_case: Callable[[Case], None] | None = None) -> DatasetReport:
    """The dataset export's FHIR format: one collection Bundle at ``path``, de-identified as
    ``deid`` says. With any option the free text is scanned first, case by case: identifiers
    not confirmed raise ``IdentifiersFound`` and nothing is written."""
    accepted = list(confirmed)
    hits: list[Hit] = []
    written: list[str] = []
    consent = ConsentCheck()
    let_through = 0

    def scanned(all_cases: Iterable[Case]) -> Iterable[Case]:
        nonlocal let_through
        for case in all_cases:
            if deid.options.any:
                left, confirmed = scan_unconfirmed(case, deid.options, accepted, confirm_all)
                hits.extend(left)
                let_through += confirmed
            written.append(case.case_id)
            consent.check(case.case_id, deid.case_id(case.case_id), case.consent.status)
            if on_case is not None:
                on_case(case)
            yield deid.exported(case)  # de-identified: its age top-coded

    class _Refused(Exception):
        pass

    try:
        with atomic_open(path, "w", force=force, encoding="utf-8") as fh:
            count = _stream(fh, scanned(cases), deidentified_plan(deid))
            if hits:
                raise _Refused  # leaves atomic_open: the temporary file is removed
    except _Refused:
        raise IdentifiersFound(hits, deid.options) from None
    return DatasetReport(count, [path.name], written, let_through, consent)
