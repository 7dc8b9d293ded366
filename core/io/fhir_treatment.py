"""FHIR R4 resources of a case's treatment: Procedures (lumbar puncture and the case's other
procedures, HSCT, radiotherapy), MedicationAdministration (given) or MedicationStatement
(planned) with ATC coding, dose, route and period (one resource per day for a drug given on
listed days, ``core.clinical.days.listed_days``: doses on d201 and d204 are no course from d201
to d204), and AdverseEvents with their CTCAE term and grade (``CTCAE_GRADE`` extension;
severity mild/moderate/severe from it), attributed drugs as suspect entities. Plain dicts; see
``core.io.fhir``.
"""

from __future__ import annotations

from core.clinical.days import listed_days
from core.io.fhir_context import (
    ATC,
    CTCAE_GRADE,
    JSON,
    CaseContext,
    casebook_system,
    coding,
    concept,
    own_concept,
    quantity,
)
from core.model.treatment import AdverseEvent, DrugAdministration, TreatmentLine
from core.model.vocab import drug_by_inn, vocabulary
from core.model.when import When

_SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"
_AE_SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
_AE_OUTCOME = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome"
_OUTCOME = {"recovered": "resolved", "recovering": "recovering", "not_recovered": "ongoing",
            "recovered_with_sequelae": "resolvedWithSequelae", "fatal": "fatal",
            "unknown": "unknown"}
_HSCT_STATUS = {"yes": "completed", "planned": "preparation"}


def procedures(ctx: CaseContext) -> dict[str, str]:
    """The case's procedures; a CSF sample by lumbar puncture gets one (the recorded lumbar
    puncture of its day, else one of its own). Returns CSF record key -> its procedure."""
    case = ctx.case
    lp_by_day: dict[When, str] = {}
    for i, proc in enumerate(case.procedures):
        if proc.kind is None:
            continue
        url = ctx.add(f"procedures[{i}]", _procedure(ctx, proc.kind, proc.day, None))
        if proc.kind == "lumbar_puncture" and proc.day is not None:
            lp_by_day.setdefault(proc.day, url)
    links: dict[str, str] = {}
    for i, c in enumerate(case.csf_assessments):
        if c.sample_route != "lumbar_puncture":
            continue
        key = f"csf_assessments[{i}]"
        found = lp_by_day.get(c.day) if c.day is not None else None
        links[key] = found if found is not None else ctx.add(
            f"{key}/procedure", _procedure(ctx, "lumbar_puncture", c.day, None))
    hsct = case.hsct
    if hsct is not None and hsct.performed in _HSCT_STATUS:
        words = " ".join(w for w in (hsct.type, hsct.donor, hsct.stem_cell_source) if w)
        out = _procedure(ctx, "hsct", hsct.day, None, _HSCT_STATUS[hsct.performed])
        if words:
            out["code"]["text"] = f"Hematopoietic stem-cell transplant ({words})"
        ctx.add("hsct", out)
    for i, rt in enumerate(case.radiotherapy):
        dose = (f"{rt.total_dose_Gy:g} Gy" if rt.total_dose_Gy is not None else "") + (
            f" in {rt.fractions} fractions" if rt.fractions else "")
        out = _procedure(ctx, "radiotherapy", rt.start_day, rt.end_day)
        if rt.field:
            out["bodySite"] = [own_concept("radiotherapy_field", rt.field)]
        if dose.strip():
            out["note"] = [{"text": dose.strip()}]
        ctx.add(f"radiotherapy[{i}]", out)
    return links


def _procedure(ctx: CaseContext, kind: str, first: When | None, last: When | None,
               status: str = "completed") -> JSON:
    out: JSON = {"resourceType": "Procedure", "status": status, "subject": ctx.patient,
                 "code": own_concept("procedure", kind, _PROCEDURE_WORDS.get(kind))}
    if last is not None:
        out["performedPeriod"] = ctx.period(first, last)
    elif ctx.has_time(first):
        ctx.date_into(out, "performedDateTime", first)
    return out


_PROCEDURE_WORDS = {"hsct": "Hematopoietic stem-cell transplant", "radiotherapy": "Radiotherapy",
                    "lumbar_puncture": "Lumbar puncture", "ommaya_placement": "Ommaya placement",
                    "bm_aspiration": "Bone marrow aspiration", "central_line": "Central line"}


def medications(ctx: CaseContext, condition: str | None) -> dict[str, str]:
    """Each drug administration (and cellular therapy); returns INN -> its first resource,
    for the adverse events that name the drug."""
    by_drug: dict[str, str] = {}
    for li, line in enumerate(ctx.case.treatment_lines):
        for ai, admin in enumerate(line.administrations):
            if admin.drug_inn is None and admin.atc is None:
                continue
            key = f"treatment_lines[{li}].administrations[{ai}]"
            days = listed_days(admin.day_list)
            # given on those days only: a resource per day, each with its dose (one period
            # from the first to the last would read as a course given all along)
            spans: list[tuple[str, When | None, When | None]] = [
                (f"{key}/day{day}", When(day=day), When(day=day)) for day in days]
            if not days:  # a course from start to end (a continuous infusion): one period
                end = admin.end_day if admin.end_day is not None else admin.start_day
                spans = [(key, admin.start_day, end)]
            urls = [ctx.add(k, _administration(ctx, line, admin, condition, first, last))
                    for k, first, last in spans]
            if admin.drug_inn:
                by_drug.setdefault(admin.drug_inn.casefold(), urls[0])
    for i, cell in enumerate(ctx.case.cellular_therapies):
        if cell.product is None:
            continue
        out: JSON = {"resourceType": "MedicationAdministration", "status": "completed",
                     "subject": ctx.patient,
                     "medicationCodeableConcept": _medication(cell.product, cell.atc),
                     "effectivePeriod": ctx.period(cell.infusion_day, cell.infusion_day)}
        if cell.dose_cells_per_kg is not None:
            out["dosage"] = {"dose": quantity(cell.dose_cells_per_kg, "{cells}/kg")}
        by_drug.setdefault(cell.product.casefold(),
                           ctx.add(f"cellular_therapies[{i}]", out))
    return by_drug


def _medication(inn: str | None, atc: str | None) -> JSON:
    drug = drug_by_inn(inn)
    code = atc or (drug["atc"] if drug is not None else None)
    name = inn or (vocabulary("atc").label(atc) if atc else None) or "medication"
    return concept(name, coding(ATC, code, name)) if code else concept(name)


def _administration(ctx: CaseContext, line: TreatmentLine, admin: DrugAdministration,
                    condition: str | None, first: When | None, last: When | None) -> JSON:
    """The administration (or planned statement) of ``admin`` from ``first`` to ``last``: a
    listed day's dose, or the whole course."""
    planned = admin.planned_vs_actual == "planned"
    dosage: JSON = {}
    if admin.route:
        entry = vocabulary("route").get(admin.route)
        dosage["route"] = concept(entry.label if entry else admin.route,
                                  coding(casebook_system("route"), admin.route,
                                         entry.label if entry else None))
    if admin.frequency:
        dosage["text"] = admin.frequency.replace("_", " ")
    dose = quantity(admin.dose, admin.dose_unit) if admin.dose is not None else None
    out: JSON = {"resourceType": "MedicationStatement" if planned else "MedicationAdministration",
                 "status": "intended" if planned else "completed", "subject": ctx.patient,
                 "medicationCodeableConcept": _medication(admin.drug_inn, admin.atc)}
    out["effectivePeriod"] = ctx.period(first, last)
    if planned:  # a Dosage (instructions): the dose sits in doseAndRate
        if dose is not None:
            dosage["doseAndRate"] = [{"doseQuantity": dose}]
        if dosage:
            out["dosage"] = [dosage]
    else:  # the administration's own dosage: the dose given
        if dose is not None:
            dosage["dose"] = dose
        if dosage:
            out["dosage"] = dosage
    if condition is not None:
        out["reasonReference"] = [{"reference": condition}]
    notes = [f"Line {line.line_no}" if line.line_no is not None else "",
             line.regimen_name or "", (line.intent or "").replace("_", " "),
             f"cycle {admin.cycle_no}" if admin.cycle_no is not None else ""]
    if any(notes):
        out["note"] = [{"text": ", ".join(n for n in notes if n)}]
    return out


def adverse_events(ctx: CaseContext, drugs: dict[str, str]) -> None:
    for i, ae in enumerate(ctx.case.adverse_events):
        if ae.term is None:
            continue
        ctx.add(f"adverse_events[{i}]", _adverse_event(ctx, ae, drugs))


def _adverse_event(ctx: CaseContext, ae: AdverseEvent, drugs: dict[str, str]) -> JSON:
    ctcae = vocabulary("ctcae")
    term = ae.term or ""
    codes = [coding(casebook_system("ctcae"), term, ctcae.label(term) or term)]
    out: JSON = {"resourceType": "AdverseEvent", "actuality": "actual", "subject": ctx.patient,
                 "event": concept(term, *codes)}
    if ae.meddra_llt:
        out["event"]["text"] = f"{term} (MedDRA LLT {ae.meddra_llt})"
    if ae.grade is not None:
        out["extension"] = [{"url": CTCAE_GRADE, "valueInteger": ae.grade}]
        severity = "mild" if ae.grade <= 1 else "moderate" if ae.grade == 2 else "severe"
        out["severity"] = concept(f"{ae.grading_system or 'CTCAE-5.0'} grade {ae.grade}",
                                  coding(_AE_SEVERITY, severity))
    ctx.date_into(out, "date", ae.onset_day)
    if ae.serious is not None:
        code = "serious" if ae.serious else "non-serious"
        out["seriousness"] = concept(code, coding(_SERIOUSNESS, code))
    if ae.outcome:
        out["outcome"] = concept(ae.outcome.replace("_", " "),
                                 coding(_AE_OUTCOME, _OUTCOME[ae.outcome]))
    suspects = []
    for attribution in ae.attribution:
        url = drugs.get((attribution.drug_inn or "").casefold())
        if url is None:
            continue
        suspect: JSON = {"instance": {"reference": url}}
        if attribution.level:
            suspect["causality"] = [{"assessment": own_concept("causality", attribution.level)}]
        suspects.append(suspect)
    if suspects:
        out["suspectEntity"] = suspects
    return out
