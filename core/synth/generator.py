"""Seeded, deterministic synthetic cases for demos, tests and benchmarks.

``generate_case(seed, index)`` always gives the same case for the same seed and index (each
case has its own random stream), and ``generate_cases(n, seed)`` yields cases 0..n-1. Every
record carries ``src="synthetic"``. Cases are clinically consistent by construction: lines are
contiguous, responses follow their line's start, relapses follow a remission, CRS details
derive to the recorded ASTCT grade, and the last follow-up is after every event.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from core.model import Case
from core.synth import narratives
from core.synth.acute import lymphoid_course
from core.synth.assess import Course
from core.synth.builder import SRC, CaseBuilder
from core.synth.cml import chronic_phase_course, myeloid_blast_course
from core.synth.diagnosis import add_diagnosis, add_findings, add_history, add_workup
from core.synth.events import add_adverse_events
from core.synth.profiles import Profile, choose_entity, choose_patient, choose_profile

GENERATOR_VERSION = "1"
SEVERE_AE_SHARE = 0.3
CHINESE_SHARE = 0.1


def generate_cases(n: int, seed: int = 0) -> Iterator[Case]:
    """Cases ``SYN-<seed>-0`` .. ``SYN-<seed>-<n-1>``."""
    for index in range(n):
        yield generate_case(seed, index)


def generate_case(rng_or_seed: int | random.Random, index: int) -> Case:
    """One synthetic case: from a seed (its own stream per index) or from a given generator."""
    if isinstance(rng_or_seed, random.Random):
        rng, label = rng_or_seed, "R"
    else:
        rng = random.Random(f"casebook-synth-{GENERATOR_VERSION}-{rng_or_seed}-{index}")
        label = str(rng_or_seed)
    return Case.model_validate(build_document(rng, f"SYN-{label}-{index}"))


def build_document(rng: random.Random, case_id: str) -> dict[str, Any]:
    """The case as a JSON-ready dict (validated by the caller)."""
    entity = choose_entity(rng)
    chinese = rng.random() < CHINESE_SHARE
    patient, country, ethnicity = choose_patient(rng, entity, chinese)
    profile = choose_profile(rng, entity, patient, chinese=chinese, country=country,
                             ethnicity=ethnicity)
    b = CaseBuilder(rng, case_id, patient)
    course = Course(severe_ae=rng.random() < SEVERE_AE_SHARE)
    add_diagnosis(
        b, profile, "initial", 0, "active_not_in_remission", risk_group=_risk_group(profile)
    )
    add_history(b, profile)
    add_findings(b, profile)
    dx_wbc = add_workup(b, profile)
    _run_course(b, profile, course, dx_wbc)
    add_adverse_events(b, course.severe_ae)
    _add_outcome(b, profile, course)
    _add_report(b, profile, course)
    _add_patient(b, profile)
    return b.document()


def _run_course(b: CaseBuilder, profile: Profile, course: Course, dx_wbc: float) -> None:
    if profile.lymphoid_course:
        lymphoid_course(b, profile, course, dx_wbc)
    elif profile.bp_lineage == "myeloid":
        myeloid_blast_course(b, profile, course)
    else:
        chronic_phase_course(b, profile, course, dx_wbc)


def _risk_group(profile: Profile) -> str | None:
    subtype = profile.subtype or ""
    if profile.ph or any(
        k in subtype for k in ("KMT2A", "hypodiploidy", "BCR::ABL1-like", "iAMP21")
    ):
        return "NCCN poor-risk genetics"
    if any(k in subtype for k in ("hyperdiploidy", "ETV6::RUNX1 fusion")):
        return "NCCN good-risk genetics"
    return None


def _add_patient(b: CaseBuilder, profile: Profile) -> None:
    p = b.patient
    record: dict[str, Any] = {
        "age_at_day0": min(p.age, 90),
        "age_top_coded": p.age >= 90,
        "sex": p.sex,
        "country": profile.country,
        "weight_kg": p.weight_kg,
        "height_cm": p.height_cm,
        "src": SRC,
    }
    if profile.ethnicity:
        record["ethnicity"] = profile.ethnicity
    if p.age < 2:
        # the whole age in months, in the year of the age (rule V01)
        record["age_at_day0_months"] = b.rng.randint(12 * p.age, 12 * p.age + 11)
    if p.sex == "female" and 12 <= p.age <= 55:
        record["pregnancy_status"] = "not_pregnant"
    if p.adult:
        record["ecog"] = b.rng.choices((0, 1, 2, 3), weights=(30, 45, 18, 7))[0]
    b.doc["patient"] = record


def _add_outcome(b: CaseBuilder, profile: Profile, course: Course) -> None:
    rng = b.rng
    if course.death_day is None and course.in_remission and course.severe_ae and rng.random() < 0.1:
        _fatal_infection(b, course)
    record: dict[str, Any] = {
        "disease_status_at_last_contact": _status_at_last_contact(profile, course),
        "subsequent_relapse": "yes" if course.relapse_day else "no",
        "src": SRC,
    }
    if profile.lymphoid_course:
        record["cns_status_at_last_contact"] = course.cns_last or "unknown"
    if course.death_day is not None:
        death = max(course.death_day, b.last_day)
        _close_ongoing_lines(b, death)
        record.update(
            vital_status="dead",
            death_day=death,
            last_follow_up_day=death,
            cause_of_death=course.death_cause,
        )
    elif rng.random() < 0.08:
        record.update(vital_status="unknown", last_known_alive_day=b.last_day + rng.randint(7, 200))
    else:
        record.update(vital_status="alive", last_follow_up_day=b.last_day + rng.randint(14, 400))
    b.doc["outcome"] = record


def _fatal_infection(b: CaseBuilder, course: Course) -> None:
    """Death from sepsis while in remission: a grade-5 AE whose resolution is the death day."""
    death = b.last_day + b.rng.randint(5, 60)
    b.add(
        "adverse_events",
        {
            "term": "Sepsis",
            "grading_system": "CTCAE-5.0",
            "grade": 5,
            "onset_day": death - b.rng.randint(1, 4),
            "resolution_day": death,
            "serious": True,
            "attribution": [],
            "action_taken": "none",
            "treatment": "broad-spectrum antibiotics and intensive care",
            "outcome": "fatal",
        },
        death,
    )
    course.death_day, course.death_cause = death, "infection"


def _close_ongoing_lines(b: CaseBuilder, death: int) -> None:
    for line in b.records("treatment_lines"):
        if line["end_day"] is None:
            line.update(end_day=death, reason_end="death")
            for record in line["administrations"]:
                if record["end_day"] is None:
                    record["end_day"] = death


def _status_at_last_contact(profile: Profile, course: Course) -> str:
    if profile.entity == "CML" and profile.cml_phase == "chronic":
        if course.last_is is None:
            return "unknown"
        return (
            "CR_MRD_negative"
            if course.last_is == 0
            else ("CR_MRD_positive" if course.last_is <= 1 else "active_disease")
        )
    if course.in_remission:
        if course.incomplete_recovery:
            return "CRi_CRh"
        return {True: "CR_MRD_negative", False: "CR_MRD_positive", None: "CR_MRD_unknown"}[
            course.mrd_negative
        ]
    return "relapse" if course.relapse_day else "active_disease"


def _add_report(b: CaseBuilder, profile: Profile, course: Course) -> None:
    rng = b.rng
    story = _story(profile, course, b)
    report, reasoning = narratives.write_report(rng, story)
    for entry in reasoning:
        b.add("diagnostic_reasoning", entry)
    report.update(
        day0_definition=f"diagnosis of {story.entity_en} (index diagnosis)",
        disease_classification_system=profile.classification,
        cns_classification_system="COG-NCCN",
        response_criteria_system="ELN-CML-2020"
        if profile.entity == "CML" and not profile.lymphoid_course
        else "NCCN-ALL",
        ae_grading_system="CTCAE-5.0",
        adverse_events_status="recorded"
        if b.records("adverse_events")
        else rng.choice(("none", "none", "not_reported")),
        src=SRC,
    )
    if rng.random() < 0.5:
        report["anchor_year"] = rng.randint(2012, 2023)
    b.doc["case_report"] = report
    b.doc["status"] = "complete" if rng.random() < 0.6 else "draft"
    _add_consent(b, report.get("anchor_year"))
    collected = rng.random() < 0.2
    b.doc["patient_perspective"] = {
        "collected": "yes" if collected else "not_asked",
        "src": SRC,
        **({"text": narratives.perspective(rng, story)} if collected else {}),
    }
    if rng.random() < 0.4 and b.last_day > 40:
        b.add(
            "timeline",
            {
                "day": rng.randint(30, b.last_day),
                "event_type": "other",
                "label": narratives.event_label(rng, story),
            },
        )


def _add_consent(b: CaseBuilder, anchor_year: int | None) -> None:
    rng = b.rng
    consent: dict[str, Any] = {
        "status": "obtained",
        "form": "written" if rng.random() < 0.9 else "verbal_documented",
        "signed_by": "patient" if b.patient.adult else "parent_guardian",
        "includes_images": False,
        "src": SRC,
    }
    if anchor_year:
        consent["consent_year"] = anchor_year + rng.randint(1, 2)
    b.doc["consent"] = consent


def _story(profile: Profile, course: Course, b: CaseBuilder) -> narratives.Story:
    entity_en, entity_zh, short = _entity_names(profile)
    notable = [t for t in course.therapies if t in narratives.THERAPY_ZH]
    therapy = (notable or course.therapies or ["chemotherapy"])[-1 if notable else 0]
    feature_en, feature_zh = "", ""
    if profile.parenchymal:
        feature_en, feature_zh = "with cerebral parenchymal involvement", "伴脑实质浸润"
    elif profile.cns_involved:
        feature_en, feature_zh = "with CNS involvement", "伴中枢神经系统受累"
    elif course.mutation:
        feature_en, feature_zh = (
            f"with an ABL1 {course.mutation} mutation",
            f"伴ABL1 {course.mutation}突变",
        )
    elif course.relapse_day:
        feature_en, feature_zh = "at relapse", "复发"
    tags = [
        t
        for t in (
            ("CNS leukemia" if profile.cns_involved else ""),
            ("relapse" if course.relapse_day else ""),
            ("allogeneic HSCT" if course.hsct_day else ""),
            (course.mutation or ""),
        )
        if t
    ]
    return narratives.Story(
        entity_en=entity_en,
        entity_zh=entity_zh,
        short=short,
        age=b.patient.age,
        sex=b.patient.sex,
        therapy=therapy,
        feature_en=feature_en,
        feature_zh=feature_zh,
        keywords=tags,
        relapsed=course.relapse_day is not None,
        refractory=not course.in_remission and course.refractory,
        cns=profile.cns_involved,
        p210_lymphoid=profile.ph and profile.p210 and profile.lymphoid_course,
        traumatic_tap=profile.traumatic_tap,
        parenchymal=profile.parenchymal,
        chinese=profile.chinese,
    )


def _entity_names(profile: Profile) -> tuple[str, str, str]:
    if profile.entity == "T-ALL":
        return "T-cell acute lymphoblastic leukemia", "T细胞急性淋巴细胞白血病", "T-ALL"
    if profile.entity == "CML":
        if profile.cml_phase == "chronic":
            return "chronic myeloid leukemia in chronic phase", "慢性髓系白血病慢性期", "CML"
        if profile.bp_lineage == "lymphoid_B":
            return (
                "chronic myeloid leukemia in lymphoid blast phase",
                "慢性髓系白血病淋巴细胞急变期",
                "CML",
            )
        return "chronic myeloid leukemia in myeloid blast phase", "慢性髓系白血病髓系急变期", "CML"
    if profile.ph:
        return (
            "Philadelphia chromosome-positive B-cell acute lymphoblastic leukemia",
            "费城染色体阳性B细胞急性淋巴细胞白血病",
            "Ph+ B-ALL",
        )
    return "B-cell acute lymphoblastic leukemia", "B细胞急性淋巴细胞白血病", "B-ALL"
