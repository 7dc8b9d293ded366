"""Day 0: the index diagnosis with its coding, presenting findings and diagnostic work-up."""

from __future__ import annotations

import random
from typing import Any

from core.model.vocab import vocabulary
from core.synth.assess import marrow
from core.synth.builder import CaseBuilder
from core.synth.genetics import add_cytogenetics, add_diagnostic_molecular, add_panel
from core.synth.profiles import Profile

_CM_DIGIT = {"active_not_in_remission": "0", "in_remission": "1", "in_relapse": "2"}


def coding(profile: Profile, disease_status: str) -> dict[str, str]:
    """ICD-10 (WHO), ICD-10-CM and ICD-O-3 per reference §5.2."""
    if profile.entity == "CML":
        who, morphology = "C92.1", "9875/3"
    elif profile.entity == "T-ALL":
        who, morphology = "C91.0", "9837/3"
    else:
        who = "C91.0"
        subtype = vocabulary("who_haem5_ball").get(profile.subtype)
        morphology = subtype["icdo3"] if subtype else "9811/3"
    return {
        "icd10_who": who,
        "icd10_cm": who + _CM_DIGIT[disease_status],
        "icdo3_morphology": morphology,
        "icdo3_topography": "C42.1",
    }


def add_diagnosis(
    b: CaseBuilder, profile: Profile, role: str, day: int, disease_status: str, **extra: Any
) -> None:
    record: dict[str, Any] = {
        "role": role,
        "day": day,
        "entity": profile.entity,
        "ph_status": "positive" if profile.ph else "negative",
    }
    if profile.who_type:
        record["who_haem5_type"] = profile.who_type
    if profile.icc_type:
        record["icc_type"] = profile.icc_type
    if profile.entity == "CML":
        record["cml_phase"] = profile.cml_phase
        if profile.cml_phase == "blast":
            record["cml_bp_lineage"] = profile.bp_lineage
            criteria = ["bm_or_pb_blasts_ge20"]
            if profile.bp_lineage == "lymphoid_B":
                criteria.append("increased_lymphoblasts")
            record["cml_bp_criteria_met"] = criteria
    record.update(coding(profile, disease_status), disease_status=disease_status)
    if role == "initial" and profile.parenchymal:
        record["cns_parenchymal_involvement"] = True
    record.update({k: v for k, v in extra.items() if v is not None})
    b.add("diagnoses", record)


def presenting_counts(rng: random.Random, profile: Profile) -> dict[str, float]:
    """Blood counts at diagnosis in canonical units."""
    if profile.entity == "CML" and profile.cml_phase == "chronic":
        wbc = rng.uniform(25, 190)
        return {
            "wbc": wbc,
            "anc": wbc * rng.uniform(0.45, 0.7),
            "plt": rng.uniform(220, 900),
            "hb": rng.uniform(92, 132),
            "blasts": round(rng.uniform(0, 4), 1),
        }
    wbc = rng.uniform(20, 190) if profile.entity == "T-ALL" else 10 ** rng.uniform(0.2, 2.1)
    return {
        "wbc": wbc,
        "anc": min(wbc * 0.4, rng.uniform(0.1, 2.5)),
        "plt": rng.uniform(10, 140),
        "hb": rng.uniform(62, 118),
        "blasts": round(rng.uniform(12, 90), 1),
    }


def add_workup(b: CaseBuilder, profile: Profile) -> float:
    """Counts, marrow, immunophenotype, cytogenetics and molecular tests at Day 0.

    Returns the white count (10*9/L), needed for traumatic-tap CSF ratios.
    """
    rng = b.rng
    counts = presenting_counts(rng, profile)
    b.counts(
        0,
        anc=counts["anc"],
        plt=counts["plt"],
        hb=counts["hb"],
        wbc=counts["wbc"],
        blasts=counts["blasts"],
    )
    b.lab(0, "LDH", round(rng.uniform(250, 2600)), "U/L")
    chronic = profile.entity == "CML" and profile.cml_phase == "chronic"
    blasts = rng.uniform(1, 8) if chronic else rng.uniform(30, 96)
    extra: dict[str, Any] = {"cellularity_pct": round(rng.uniform(85, 100))}
    if profile.entity == "CML":
        extra["basophils_pct"] = round(rng.uniform(2, 12), 1)
        extra["fibrosis_grade"] = rng.choice(("MF-0", "MF-1"))
    if not chronic:
        extra["blast_pct_flow"] = round(blasts * rng.uniform(0.85, 1.0), 1)
    marrow(b, profile, 0, blasts, **extra)
    add_panel(b, profile, 0, blasts)
    add_cytogenetics(b, profile, 0)
    add_diagnostic_molecular(b, profile, 0)
    return round(counts["wbc"], 1)


SYMPTOMS = {"B-ALL": ("fever", "fatigue", "bone pain", "bleeding"),
            "T-ALL": ("dyspnea", "fever", "fatigue", "night sweats"),
            "CML": ("fatigue", "abdominal fullness", "weight loss", "night sweats")}
EXAMS = {"B-ALL": ("pallor", "petechiae", "lymphadenopathy", "hepatomegaly"),
         "T-ALL": ("mediastinal mass", "lymphadenopathy", "pallor"),
         "CML": ("pallor", "hepatomegaly")}


def add_findings(b: CaseBuilder, profile: Profile) -> None:
    """Presenting symptoms and examination findings (at least one of each)."""
    rng = b.rng
    symptoms = rng.sample(SYMPTOMS[profile.entity], rng.randint(1, 2))
    if profile.cns == "CNS3":
        symptoms += rng.sample(("headache", "vomiting", "blurred vision", "diplopia"), 2)
    for finding in symptoms:
        b.add("clinical_findings", {"kind": "symptom", "finding": finding, "day": 0})
    for finding in rng.sample(EXAMS[profile.entity], rng.randint(1, 2)):
        b.add("clinical_findings", {"kind": "exam", "finding": finding, "day": 0})
    if profile.entity == "CML" or rng.random() < 0.3:
        b.add("clinical_findings", {"kind": "exam", "finding": "splenomegaly", "day": 0,
                                    "value": round(rng.uniform(2, 16)),
                                    "unit": "cm below costal margin"})


HISTORY = (  # (kind, description, ICD-10, minimum age, probability)
    ("comorbidity", "Essential hypertension, treated", "I10", 45, 0.25),
    ("comorbidity", "Type 2 diabetes mellitus on oral treatment", "E11.9", 45, 0.12),
    ("comorbidity", "Hypothyroidism on levothyroxine", "E03.9", 30, 0.05),
    ("comorbidity", "Asthma since childhood", "J45.9", 5, 0.05),
    ("allergy", "Penicillin allergy (rash)", None, 0, 0.08),
    ("family_history", "No hematologic malignancy in first-degree relatives", None, 0, 0.3),
)


def add_history(b: CaseBuilder, profile: Profile) -> None:
    rng, age = b.rng, b.patient.age
    for kind, text, code, min_age, chance in HISTORY:
        if age >= min_age and rng.random() < chance:
            record: dict[str, Any] = {"kind": kind, "description": text}
            if code:
                record.update(icd10=code, day=-365 * rng.randint(1, max(1, min(20, age - min_age))))
            b.add("history_items", record)
    if profile.country == "CN" and rng.random() < 0.08:
        b.add(
            "history_items",
            {"kind": "comorbidity", "description": "Chronic hepatitis B carrier", "icd10": "B18.1"},
        )
    if not b.records("history_items"):
        text = ("Non-smoker; lives with family; no relevant past illness" if b.patient.adult
                else "Attends school; lives with parents; no relevant past illness")
        b.add("history_items", {"kind": "psychosocial", "description": text})
    if profile.entity == "B-ALL" and not b.patient.adult and rng.random() < 0.02:
        b.add(
            "history_items",
            {
                "kind": "germline_genetic",
                "description": "Down syndrome (trisomy 21)",
                "icd10": "Q90.9",
            },
        )
