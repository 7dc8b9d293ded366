"""V07-V14: diagnosis and coding (reference §5.2, §6.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.clinical.context import near
from core.clinical.findings import Problem
from core.clinical.response import marrow_blasts
from core.clinical.rules.ctx import RuleContext
from core.clinical.rules.registry import rule
from core.clinical.tables import (
    ICD10CM_STATUS_DIGIT,
    ICD_BY_ENTITY,
    LEUKEMIA_ENTITIES,
    P210_TRANSCRIPTS,
    PH_POSITIVE_BALL_MORPHOLOGY,
)
from core.model.diagnostics import Diagnosis

ICD10_RE = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$")
ICD10CM_RE = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")
ICDO3_RE = re.compile(r"^9[0-9]{3}/[0-3]$")
BONE_MARROW_TOPOGRAPHY = "C42.1"
WINDOW = 7
BP_BLASTS = 20.0


def _code(coded: object) -> str | None:
    code = getattr(coded, "code", None)
    return code.strip() if isinstance(code, str) else None


def _diagnoses(ctx: RuleContext) -> Iterator[tuple[str, Diagnosis]]:
    for i, d in enumerate(ctx.case.diagnoses):
        yield f"diagnoses[{i}]", d


@rule("V07", title="ICD-10 and ICD-O-3 codes are well formed; leukemia topography C42.1")
def code_format(ctx: RuleContext) -> Iterator[Problem]:
    for path, d in _diagnoses(ctx):
        who, cm = _code(d.icd10_who), _code(d.icd10_cm)
        morph, topo = _code(d.icdo3_morphology), _code(d.icdo3_topography)
        if who is not None and not ICD10_RE.match(who):
            yield Problem(f"{path}.icd10_who", f"'{who}' is not an ICD-10 code (e.g. C91.0)")
        if cm is not None and not ICD10CM_RE.match(cm):
            yield Problem(f"{path}.icd10_cm", f"'{cm}' is not an ICD-10-CM code (e.g. C91.00)")
        if morph is not None and not ICDO3_RE.match(morph):
            yield Problem(f"{path}.icdo3_morphology",
                          f"'{morph}' is not an ICD-O-3 morphology code (e.g. 9811/3)")
        if topo is not None and d.entity in LEUKEMIA_ENTITIES and topo != BONE_MARROW_TOPOGRAPHY:
            yield Problem(f"{path}.icdo3_topography",
                          f"Leukemia topography is C42.1 (bone marrow), not '{topo}'")


@rule("V08", title="Entity and ICD codes agree (CML, any phase: C92.1 / 9875/3)")
def code_entity(ctx: RuleContext) -> Iterator[Problem]:
    for path, d in _diagnoses(ctx):
        if d.entity not in ICD_BY_ENTITY:
            continue
        who_code, cm_stem, morphologies = ICD_BY_ENTITY[d.entity]
        for field, code in (("icd10_who", _code(d.icd10_who)), ("icd10_cm", _code(d.icd10_cm))):
            if code is None:
                continue
            if d.entity == "CML" and code.startswith("C92.2"):
                yield Problem(f"{path}.{field}", "C92.2 is atypical CML, BCR/ABL-negative: CML "
                                                 "in any phase, blast phase included, is C92.1")
            elif field == "icd10_who" and code != who_code:
                yield Problem(f"{path}.{field}", f"{d.entity} is coded {who_code} in ICD-10 "
                                                 f"(found {code})")
            elif field == "icd10_cm" and not code.startswith(cm_stem):
                yield Problem(f"{path}.{field}", f"{d.entity} is coded {cm_stem}x in ICD-10-CM "
                                                 f"(found {code})")
        morph = _code(d.icdo3_morphology)
        if morph is not None and morph not in morphologies:
            expected = " or ".join(sorted(morphologies)) if len(morphologies) < 3 \
                else "9811/3–9819/3"
            yield Problem(f"{path}.icdo3_morphology",
                          f"{d.entity} has ICD-O-3 morphology {expected} (found {morph})")


@rule("V09", severity="warning", title="ICD-10-CM 5th character agrees with disease status")
def code_status(ctx: RuleContext) -> Iterator[Problem]:
    for path, d in _diagnoses(ctx):
        cm = _code(d.icd10_cm)
        expected = ICD10CM_STATUS_DIGIT.get(d.disease_status or "")
        if cm and expected and re.match(r"^[A-Z]\d{2}\.\d\d$", cm) and cm[-1] != expected:
            yield Problem(f"{path}.icd10_cm",
                          f"ICD-10-CM {cm} ends in {cm[-1]}, but the disease status "
                          f"'{d.disease_status.replace('_', ' ')}' needs {expected}")  # type: ignore[union-attr]


@rule("V10", title="WHO-HAEM5 has no accelerated phase")
def who5_accelerated(ctx: RuleContext) -> Iterator[Problem]:
    if ctx.case.case_report.disease_classification_system != "WHO-HAEM5-2022":
        return
    for path, d in _diagnoses(ctx):
        if d.cml_phase == "accelerated":
            yield Problem(f"{path}.cml_phase", "WHO-HAEM5 removed the accelerated phase (use "
                                               "chronic or blast, or classify by ICC 2022)")


@rule("V11", severity="warning", title="Blast-phase criteria documented")
def blast_phase_criteria(ctx: RuleContext) -> Iterator[Problem]:
    for path, d in _diagnoses(ctx):
        day = ctx.day(d.day)
        if d.entity != "CML" or d.cml_phase != "blast" or day is None:
            continue
        criteria = set(d.cml_bp_criteria_met or ())
        blasts = _blasts_near(ctx, day)
        if not criteria and not _bp_evidence(ctx, day, blasts):
            yield Problem(f"{path}.cml_bp_criteria_met", "Blast-phase criteria not documented "
                          "(≥20% blasts, extramedullary blasts or increased lymphoblasts)")
        elif criteria == {"bm_or_pb_blasts_ge20"} and blasts and max(blasts) < BP_BLASTS:
            yield Problem(f"{path}.cml_bp_criteria_met",
                          f"Criteria say ≥20% blasts, but the blasts recorded within ±{WINDOW} "
                          f"days are at most {max(blasts):g}%")


def _blasts_near(ctx: RuleContext, day: int) -> list[float]:
    out = []
    for p in near(ctx.index.bm, day, WINDOW):
        out += [v for v in (p.item.blast_pct_morphology, p.item.blast_pct_flow) if v is not None]
    out += [p.item for p in near(ctx.index.labs.get("PB blasts", []), day, WINDOW)]
    return out


def _bp_evidence(ctx: RuleContext, day: int, blasts: list[float]) -> bool:
    if any(b >= BP_BLASTS for b in blasts):
        return True
    if any(abs(s.day - day) <= WINDOW for s in ctx.index.signs):
        return True
    lymphoid = any((p.item.blast_lineage or "").startswith("lymphoid")
                   and (marrow_blasts(p.item) or 0) > 0 for p in near(ctx.index.bm, day, WINDOW))
    return lymphoid


def _bcr_abl1_detected(ctx: RuleContext) -> bool:
    for t in ctx.case.molecular_tests:
        transcript_seen = t.bcr_abl1_transcript not in (None, "not_detected")
        if (t.test or "").startswith("BCR::ABL1") and t.detected == "detected":
            return True
        if transcript_seen and t.detected != "not_detected":
            return True
    return False


@rule("V12", severity="warning", title="Ph status agrees with BCR::ABL1 and with the coding")
def ph_status(ctx: RuleContext) -> Iterator[Problem]:
    detected = _bcr_abl1_detected(ctx)
    system = ctx.case.case_report.disease_classification_system
    for path, d in _diagnoses(ctx):
        if detected and d.entity in LEUKEMIA_ENTITIES and d.ph_status != "positive":
            yield Problem(f"{path}.ph_status", "BCR::ABL1 was detected but the Ph status is not "
                                               "positive (cryptic Ph possible: check)")
        if d.entity == "B-ALL" and d.ph_status == "positive":
            yield from _ph_positive_ball(path, d, system)


def _ph_positive_ball(path: str, d: Diagnosis, system: str | None) -> Iterator[Problem]:
    if system == "WHO-HAEM5-2022" and d.who_haem5_type and \
            "BCR::ABL1 fusion" not in d.who_haem5_type:
        yield Problem(f"{path}.who_haem5_type", "Ph-positive B-ALL is 'B-ALL with BCR::ABL1 "
                                                "fusion' in WHO-HAEM5")
    if system == "ICC-2022" and d.icc_type and "t(9;22)" not in d.icc_type:
        yield Problem(f"{path}.icc_type", "Ph-positive B-ALL is 'B-ALL with t(9;22)(q34.1;q11.2)"
                                          "/BCR::ABL1' in ICC 2022")
    morph = _code(d.icdo3_morphology)
    if morph and morph != PH_POSITIVE_BALL_MORPHOLOGY:
        yield Problem(f"{path}.icdo3_morphology",
                      f"Ph-positive B-ALL has ICD-O-3 9812/3 (found {morph})")


@rule("V13", severity="warning", title="B-ALL with <20% marrow lymphoblasts")
def ball_low_blasts(ctx: RuleContext) -> Iterator[Problem]:
    for path, d in _diagnoses(ctx):
        day = ctx.day(d.day)
        if d.entity != "B-ALL" or d.role != "initial" or day is None:
            continue
        blasts = [b for p in near(ctx.index.bm, day, WINDOW)
                  for b in (p.item.blast_pct_morphology, p.item.blast_pct_flow)
                  if b is not None and p.item.specimen != "peripheral_blood"]
        if blasts and max(blasts) < BP_BLASTS:
            yield Problem(f"{path}.entity", f"Marrow lymphoblasts {max(blasts):g}% (<20%): confirm "
                                            "leukemia vs lymphoblastic lymphoma or other")


@rule("V14", severity="warning", title="Ph+ lymphoid leukemia with p210: differential")
def p210_differential(ctx: RuleContext) -> Iterator[Problem]:
    p210 = any(t.bcr_abl1_transcript in P210_TRANSCRIPTS for t in ctx.case.molecular_tests)
    if not p210 or any(r.kind == "differential" for r in ctx.case.diagnostic_reasoning):
        return
    for _path, d in _diagnoses(ctx):
        lymphoid_ph = (d.entity in ("B-ALL", "T-ALL") and d.ph_status == "positive") or (
            d.entity == "CML" and (d.cml_bp_lineage or "").startswith("lymphoid"))
        if lymphoid_ph:
            yield Problem("diagnostic_reasoning", "Ph+ lymphoid leukemia with a p210 transcript: "
                          "record the CML lymphoid blast phase vs de novo Ph+ B-ALL differential")
            return
