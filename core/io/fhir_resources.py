"""FHIR R4 resources of a case's patient, diagnoses and results: Patient, Condition (ICD-10,
ICD-10-CM, ICD-O-3), Observations for labs (UCUM units, LOINC where the analyte vocabulary maps
one), CSF counts, marrow blasts, MRD, BCR::ABL1 and other molecular tests, and the statuses the
clinical engine derives from them (CNS status, marrow response, MRD category, molecular
response), each pointing at the result it is derived from. Plain dicts; see ``core.io.fhir``.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.clinical.derive import Derived
from core.io.deident import exported_age
from core.io.fhir_context import (
    AGE_LOINC,
    ICD10,
    ICD10CM,
    ICDO3,
    JSON,
    LOINC,
    RECORD_NUMBER,
    CaseContext,
    coding,
    concept,
    own_concept,
    quantity,
)
from core.model.base import Coded
from core.model.codes import code_label
from core.model.diagnostics import Diagnosis
from core.model.vocab import vocabulary
from core.model.when import When

_OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
_CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
_ABSENT_CODES = {"not_reported": ("unknown", "Unknown"), "unknown": ("unknown", "Unknown"),
                 "not_done": ("not-performed", "Not Performed"),
                 "not_applicable": ("not-applicable", "Not Applicable"),
                 "pending": ("temp-unknown", "Temporarily Unknown")}
_GENDER = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}
_CLINICAL_STATUS = {"active_not_in_remission": "active", "in_remission": "remission",
                    "in_relapse": "relapse"}
_MOLECULAR_UNITS = {"percent_IS": "%", "percent_ratio_ABL1": "%", "percent_ratio_GUSB": "%",
                    "copies_per_1e5_ABL1": "{copies}/10*5"}


def patient(ctx: CaseContext) -> None:
    p = ctx.case.patient
    out: JSON = {"resourceType": "Patient",
                 "identifier": [{"system": "urn:casebook:case-id", "value": ctx.case_id}]}
    if not ctx.options.drop_identifiers:
        if p.record_number:
            out["identifier"].append({"system": RECORD_NUMBER, "value": p.record_number})
        if p.name:
            out["name"] = [{"text": p.name}]
    if p.sex:
        out["gender"] = _GENDER[p.sex]
    if not ctx.options.drop_identifiers and p.birth_date is not None:
        born = ctx.calendar(p.birth_date)  # a birth date is no day of the course
        if born is not None:
            out["birthDate"] = born
    outcome = ctx.case.outcome
    if outcome.vital_status == "dead":
        ctx.date_into(out, "deceasedDateTime", outcome.death_day)
        if "deceasedDateTime" not in out and "_deceasedDateTime" not in out:
            out["deceasedBoolean"] = True
    elif outcome.vital_status == "alive":
        out["deceasedBoolean"] = False
    ctx.add("patient", out)


def age(ctx: CaseContext) -> None:
    """The age at Day 0 as an Observation (LOINC 30525-0), typed or derived from the birth
    date: the Patient has no age of its own, and a de-identified export has no birth date.
    De-identified, 90 and over is written as ">= 90 years" (Quantity's comparator)."""
    o = ctx.options
    found = exported_age(ctx.case, o.drop_identifiers or o.drop_text or o.dates != "keep")
    if found is None or found[0] < 0:  # an age that cannot be true: rule V01 says so
        return
    years, months, top = found
    if months is not None and years < 2:
        value = quantity(months, "mo")
    else:
        value = quantity(years, "a")
    if top:
        value = {"value": value["value"], "comparator": ">=", **value}
    out = _observation(ctx, "survey", concept("Age at Day 0", coding(LOINC, AGE_LOINC, "Age")),
                       ctx.case.case_report.day0)
    out["valueQuantity"] = value
    ctx.add("patient.age_at_day0", out)


def conditions(ctx: CaseContext) -> None:
    for i, dx in enumerate(ctx.case.diagnoses):
        ctx.add(f"diagnoses[{i}]", _diagnosis(ctx, dx))
    for i, item in enumerate(ctx.case.history_items):
        if item.icd10 is None:
            continue
        label = vocabulary("icd10").label(item.icd10)
        out: JSON = {"resourceType": "Condition", "subject": ctx.patient,
                     "category": [concept("Problem list item", coding(
                         _CONDITION_CATEGORY, "problem-list-item", "Problem List Item"))],
                     "code": concept(ctx.text(item.description) or label,
                                     coding(ICD10, item.icd10, label))}
        ctx.date_into(out, "onsetDateTime", item.day)
        ctx.add(f"history_items[{i}]", out)


def _coded(system: str, value: Coded | None) -> list[JSON]:
    return [] if value is None else [coding(system, value.code, value.label)]


def _diagnosis(ctx: CaseContext, dx: Diagnosis) -> JSON:
    codings = _coded(ICD10, dx.icd10_who) + _coded(ICD10CM, dx.icd10_cm) \
        + _coded(ICDO3, dx.icdo3_morphology)
    words = dx.who_haem5_type or dx.icc_type or dx.entity or "Leukemia"
    out: JSON = {"resourceType": "Condition", "subject": ctx.patient,
                 "category": [concept("Encounter diagnosis", coding(
                     _CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis"))],
                 "verificationStatus": concept("Confirmed", coding(_VERIFICATION, "confirmed")),
                 "code": concept(str(words), *codings)}
    status = _CLINICAL_STATUS.get(dx.disease_status or "")
    if status:
        out["clinicalStatus"] = concept(status, coding(_CLINICAL, status))
    if dx.icdo3_topography is not None:
        out["bodySite"] = [concept(dx.icdo3_topography.label or dx.icdo3_topography.code,
                                   coding(ICDO3, dx.icdo3_topography.code,
                                          dx.icdo3_topography.label))]
    if dx.role:
        out["note"] = [{"text": f"Role: {dx.role.replace('_', ' ')}"}]
    ctx.date_into(out, "onsetDateTime", dx.day)
    return out


def _observation(ctx: CaseContext, category: str, code: JSON, when: When | None) -> JSON:
    out: JSON = {"resourceType": "Observation", "status": "final",
                 "category": [concept(None, coding(_OBS_CATEGORY, category))],
                 "code": code, "subject": ctx.patient}
    ctx.date_into(out, "effectiveDateTime", when)
    return out


def _absent(out: JSON, reasons: Mapping[str, str], name: str) -> None:
    """An Observation without its value that has a reason for it (``reasons``: a record's
    ``nf``; ``name``: the value's field) says why: its dataAbsentReason, the reason in words
    as the text."""
    reason = reasons.get(name)
    if reason is None or any(key.startswith("value") for key in out):
        return
    code, display = _ABSENT_CODES.get(reason, ("unknown", "Unknown"))
    out["dataAbsentReason"] = concept(code_label(reason), coding(_ABSENT, code, display))


def _analyte_code(name: str) -> JSON:
    entry = vocabulary("analyte").get(name)
    if entry is None:
        return own_concept("analyte", name, name)
    codes = [coding("urn:casebook:fhir:CodeSystem/analyte", entry.code, entry.label)]
    if entry.get("loinc"):
        codes.insert(0, coding(LOINC, entry["loinc"], entry.label))
    return concept(entry.label, *codes)


def labs(ctx: CaseContext, derived: Derived | None) -> None:
    for i, lab in enumerate(ctx.case.labs):
        if lab.analyte is None:
            continue
        out = _observation(ctx, "laboratory", _analyte_code(lab.analyte), lab.day)
        if lab.value_entered is not None:
            out["valueQuantity"] = quantity(lab.value_entered, lab.unit_entered)
        _absent(out, lab.nf, "value_entered")
        if lab.ref_low is not None or lab.ref_high is not None:
            rng: JSON = {}
            if lab.ref_low is not None:
                rng["low"] = quantity(lab.ref_low, lab.unit_entered)
            if lab.ref_high is not None:
                rng["high"] = quantity(lab.ref_high, lab.unit_entered)
            out["referenceRange"] = [rng]
        flag = derived.labs.get(f"labs[{i}]") if derived else None
        if flag is not None and flag.flag in ("L", "H"):
            out["interpretation"] = [concept(None, coding(_INTERPRETATION, flag.flag))]
        ctx.add(f"labs[{i}]", out)


def _component(code: JSON, value: float | None, unit: str) -> list[JSON]:
    return [] if value is None else [{"code": code, "valueQuantity": quantity(value, unit)}]


def csf(ctx: CaseContext, derived: Derived | None, procedures: dict[str, str]) -> None:
    """One Observation per CSF assessment (counts, protein, glucose as components), part of
    the lumbar puncture it came from; the derived CNS status beside it."""
    for i, c in enumerate(ctx.case.csf_assessments):
        out = _observation(ctx, "laboratory", own_concept(
            "observation", "csf_assessment", "Cerebrospinal fluid assessment"), c.day)
        parts = (_component(_analyte_code("CSF WBC"), c.wbc_per_uL, "/uL")
                 + _component(_analyte_code("CSF RBC"), c.rbc_per_uL, "/uL")
                 + _component(own_concept("observation", "csf_cytospin_blasts_pct",
                                          "Cytospin blasts"), c.blast_pct_cytospin, "%")
                 + _component(own_concept("observation", "csf_flow_abnormal_pct",
                                          "Flow cytometry abnormal cells"),
                              c.flow_abnormal_pct, "%")
                 + _component(_analyte_code("CSF protein"), c.protein_g_L, "g/L")
                 + _component(_analyte_code("CSF glucose"), c.glucose_mmol_L, "mmol/L")
                 + _component(_analyte_code("WBC"), c.pb_wbc_same_day, "10*9/L"))
        if c.blasts_present_cytospin:
            parts.append({"code": own_concept("observation", "csf_blasts_on_cytospin",
                                              "Blasts on cytospin"),
                          "valueCodeableConcept": own_concept("yes_no",
                                                              c.blasts_present_cytospin)})
        if parts:
            out["component"] = parts
        key = f"csf_assessments[{i}]"
        if key in procedures:
            out["partOf"] = [{"reference": procedures[key]}]
        source = ctx.add(key, out)
        status = derived.csf.get(key) if derived else None
        if status is not None and status.status:
            _derived(ctx, f"{key}/cns_status", "cns_status", "CNS status (derived)",
                     status.status, c.day, source)


def marrow(ctx: CaseContext, derived: Derived | None) -> None:
    for i, bm in enumerate(ctx.case.bm_assessments):
        out = _observation(ctx, "laboratory", own_concept(
            "observation", "marrow_blasts", "Blasts (morphology)"), bm.day)
        if bm.blast_pct_morphology is not None:
            out["valueQuantity"] = quantity(bm.blast_pct_morphology, "%")
        _absent(out, bm.nf, "blast_pct_morphology")
        parts = (_component(own_concept("observation", "blasts_flow_pct", "Blasts (flow)"),
                            bm.blast_pct_flow, "%")
                 + _component(own_concept("observation", "cellularity_pct", "Cellularity"),
                              bm.cellularity_pct, "%"))
        if parts:
            out["component"] = parts
        if bm.specimen:
            out["method"] = own_concept("specimen", bm.specimen)
        key = f"bm_assessments[{i}]"
        source = ctx.add(key, out)
        response = derived.marrow.get(key) if derived else None
        if response is not None and response.category:
            _derived(ctx, f"{key}/response", "marrow_response", "Marrow response (derived)",
                     response.category, bm.day, source)


def mrd(ctx: CaseContext, derived: Derived | None) -> None:
    for i, m in enumerate(ctx.case.mrd_assessments):
        out = _observation(ctx, "laboratory", own_concept(
            "observation", "mrd", "Measurable residual disease"), m.day)
        if m.value_fraction is not None:
            out["valueQuantity"] = quantity(m.value_fraction, "1")
        elif m.result:
            out["valueCodeableConcept"] = own_concept("detection", m.result)
        _absent(out, m.nf, "value_fraction")
        parts = (_component(own_concept("observation", "mrd_lod", "Limit of detection"),
                            m.lod_fraction, "1")
                 + _component(own_concept("observation", "mrd_loq", "Limit of quantification"),
                              m.loq_fraction, "1"))
        if parts:
            out["component"] = parts
        if m.method:
            out["method"] = own_concept("mrd_method", m.method)
        key = f"mrd_assessments[{i}]"
        source = ctx.add(key, out)
        result = derived.mrd.get(key) if derived else None
        if result is not None and result.category:
            _derived(ctx, f"{key}/category", "mrd_category", "MRD category (derived)",
                     result.category, m.day, source)


def molecular(ctx: CaseContext, derived: Derived | None) -> None:
    """BCR::ABL1 quantification as a ratio (% or copies), other tests as detected or not,
    with their variants as components; the derived molecular response beside it."""
    for i, t in enumerate(ctx.case.molecular_tests):
        name = (t.test or "molecular test").replace("_", " ")
        out = _observation(ctx, "laboratory", own_concept("molecular_test", t.test or "other",
                                                          name), t.day)
        if t.result_value is not None:
            out["valueQuantity"] = quantity(t.result_value,
                                            _MOLECULAR_UNITS.get(t.result_scale or "", "%"))
        elif t.detected:
            out["valueCodeableConcept"] = own_concept("detection", t.detected)
        _absent(out, t.nf, "result_value")
        if t.method:
            out["method"] = own_concept("molecular_method", t.method)
        parts: list[JSON] = []
        if t.bcr_abl1_transcript:
            parts.append({"code": own_concept("observation", "bcr_abl1_transcript",
                                              "BCR::ABL1 transcript"),
                          "valueCodeableConcept": own_concept("transcript",
                                                              t.bcr_abl1_transcript)})
        for v in t.variants:
            if v.gene:
                parts.append({"code": own_concept("gene", v.gene, v.gene),
                              "valueString": v.short or v.hgvs_p or v.hgvs_c or "variant"})
        if parts:
            out["component"] = parts
        key = f"molecular_tests[{i}]"
        source = ctx.add(key, out)
        result = derived.molecular.get(key) if derived else None
        if result is not None and result.response:
            _derived(ctx, f"{key}/response", "molecular_response",
                     "Molecular response (derived)", result.response, t.day, source)


def _derived(ctx: CaseContext, key: str, system: str, label: str, value: str,
             when: When | None, source: str) -> None:
    out = _observation(ctx, "laboratory", own_concept("observation", system, label), when)
    out["valueCodeableConcept"] = own_concept(system, value, value.replace("_", " "))
    out["derivedFrom"] = [{"reference": source}]
    ctx.add(key, out)
