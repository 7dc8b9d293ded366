"""Adverse events: CTCAE v5.0 terms attributed to drugs actually given, and CRS / ICANS graded
by ASTCT 2019 with details that derive to the recorded grade (reference §7.4, §7.5)."""

from __future__ import annotations

import random
from typing import Any

from core.synth.builder import SRC, CaseBuilder, Exposure

CRS = "Cytokine release syndrome"
ICANS = "Immune effector cell-associated neurotoxicity syndrome"
CAR_T = ("tisagenlecleucel", "brexucabtagene autoleucel")
ASTCT_TERMS = (CRS, ICANS)
CHEMO = (
    ("Febrile neutropenia", 3, 4),
    ("Platelet count decreased", 3, 4),
    ("Anemia", 2, 3),
    ("Sepsis", 3, 4),
    ("Mucositis oral", 1, 3),
    ("Nausea", 1, 2),
)
DRUG_AES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "blinatumomab": (("Tremor", 1, 2), ("Headache", 1, 2), ("Neutrophil count decreased", 3, 4)),
    "pegaspargase": (
        ("Alanine aminotransferase increased", 2, 3),
        ("Pancreatitis", 2, 3),
        ("Thromboembolic event", 2, 3),
        ("Fibrinogen decreased", 1, 3),
        ("Allergic reaction", 1, 2),
    ),
    "vincristine": (("Peripheral sensory neuropathy", 1, 2), ("Constipation", 1, 2)),
    "daunorubicin": CHEMO,
    "doxorubicin": CHEMO,
    "idarubicin": CHEMO,
    "cyclophosphamide": CHEMO,
    "prednisone": (("Hyperglycemia", 2, 3),),
    "dasatinib": (("Pleural effusion", 1, 3), ("Platelet count decreased", 2, 3)),
    "imatinib": (
        ("Nausea", 1, 2),
        ("Rash maculo-papular", 1, 2),
        ("Neutrophil count decreased", 2, 3),
    ),
    "nilotinib": (
        ("Electrocardiogram QT corrected interval prolonged", 1, 2),
        ("Lipase increased", 1, 3),
    ),
    "bosutinib": (("Diarrhea", 1, 3), ("Alanine aminotransferase increased", 1, 3)),
    "ponatinib": (("Hypertension", 2, 3), ("Thromboembolic event", 2, 3)),
    "asciminib": (("Fatigue", 1, 2),),
    "inotuzumab ozogamicin": (
        ("Blood bilirubin increased", 1, 3),
        ("Aspartate aminotransferase increased", 1, 2),
        ("Platelet count decreased", 3, 4),
    ),
    "nelarabine": (("Peripheral sensory neuropathy", 1, 3), ("Somnolence", 1, 2)),
    "fludarabine": (("Neutrophil count decreased", 3, 4),),
    "mercaptopurine": (
        ("Alanine aminotransferase increased", 1, 3),
        ("Neutrophil count decreased", 2, 3),
    ),
}
IT_AES = (("Headache", 1, 2), ("Arachnoiditis", 1, 2))
_HYPOTENSION = (
    "none",
    "no_vasopressor",
    "one_vasopressor_with_or_without_vasopressin",
    "multiple_vasopressors_excluding_vasopressin",
)
_HYPOXIA = (
    "none",
    "low_flow_le_6L_or_blow_by",
    "high_flow_gt_6L_facemask_nonrebreather_venturi",
    "positive_pressure",
)


def add_ae(
    b: CaseBuilder,
    term: str,
    grade: int,
    onset: int,
    drug: str | None,
    *,
    action: str = "none",
    level: str = "probable",
    treatment: str | None = None,
    **detail: Any,
) -> dict[str, Any]:
    rng = b.rng
    recovered = grade >= 3 or rng.random() < 0.85
    record: dict[str, Any] = {
        "term": term,
        "grading_system": "ASTCT-2019" if term in ASTCT_TERMS else "CTCAE-5.0",
        "grade": grade,
        "onset_day": onset,
        "serious": grade >= 3,
        "attribution": [{"drug_inn": drug, "level": level}] if drug else [],
        "action_taken": action,
        "outcome": "recovered" if recovered else "recovering",
        **detail,
    }
    if recovered:
        record["resolution_day"] = onset + rng.randint(1, 6 if term in ASTCT_TERMS else 21)
    if treatment:
        record["treatment"] = treatment
    return b.add("adverse_events", record, onset, record.get("resolution_day"))


def add_adverse_events(b: CaseBuilder, severe: bool) -> None:
    """Adverse events for one case; ``severe`` asks for at least one of grade 3 or more."""
    rng = b.rng
    severe_left = severe and not any(ae["grade"] >= 3 for ae in b.records("adverse_events"))
    for exposure in _immune_exposures(b):
        severe_left = _immune_events(b, exposure, severe_left)
    candidates = _candidates(b)
    if severe_left:
        strong = [c for c in candidates if c[3] >= 3]
        if strong:
            exposure, term, low, high = rng.choice(strong)
            _drug_event(b, exposure, term, rng.randint(max(3, low), high))
    mild = [c for c in candidates if c[2] <= 2]
    for exposure, term, low, high in rng.sample(mild, min(len(mild), rng.choice((0, 1, 1, 2, 3)))):
        if term not in {ae["term"] for ae in b.records("adverse_events")}:
            _drug_event(b, exposure, term, rng.randint(low, min(2, high)))


def _immune_exposures(b: CaseBuilder) -> list[Exposure]:
    """The first blinatumomab infusion of each line, and CAR-T infusions."""
    found = []
    for e in b.exposures:
        if e.inn in CAR_T or (
            e.inn == "blinatumomab"
            and e.admin.get("cycle_day_start") == 1
            and e.admin.get("cycle_no") == 1
        ):
            found.append(e)
    return found


def _immune_events(b: CaseBuilder, exposure: Exposure, severe_left: bool) -> bool:
    rng = b.rng
    car_t = exposure.inn in CAR_T
    if rng.random() < (0.8 if car_t else 0.5):
        grade = 3 if severe_left and rng.random() < 0.5 else rng.choice((1, 1, 2))
        severe_left = severe_left and grade < 3
        _crs(b, exposure, grade, car_t)
    if rng.random() < (0.35 if car_t else 0.15):
        grade = 3 if severe_left and rng.random() < 0.5 else rng.choice((1, 2))
        severe_left = severe_left and grade < 3
        _icans(b, exposure, grade, car_t)
    return severe_left


def _crs(b: CaseBuilder, exposure: Exposure, grade: int, car_t: bool) -> None:
    rng = b.rng
    onset = exposure.first_day + (rng.randint(1, 6) if car_t else rng.randint(0, 2))
    tmax = round(rng.uniform(38.2, 40.2), 1)
    hypotension, hypoxia = _crs_components(rng, grade)
    detail = {
        "tmax_c": tmax,
        "fever_masked_by_treatment": False,
        "hypotension": hypotension,
        "hypoxia": hypoxia,
        "tocilizumab_doses": 0 if grade == 1 else rng.randint(grade - 2, 2),
        "steroids": grade >= 3 or (grade == 2 and rng.random() < 0.3),
    }
    action = _interrupt(b, exposure, onset, grade, "CRS")
    treatment = (
        "antipyretics",
        "tocilizumab and intravenous fluids",
        "tocilizumab, dexamethasone and vasopressor support",
    )[grade - 1]
    add_ae(
        b, CRS, grade, onset, exposure.inn, action=action, treatment=treatment, crs_detail=detail
    )
    if rng.random() < 0.5:
        b.temperature(onset, tmax)


def _crs_components(rng: random.Random, grade: int) -> tuple[str, str]:
    """Hypotension and hypoxia levels whose worse one equals ``grade`` (ASTCT 2019)."""
    worst = grade - 1
    other = rng.randint(0, worst)
    if rng.random() < 0.5:
        return _HYPOTENSION[worst], _HYPOXIA[other]
    return _HYPOTENSION[other], _HYPOXIA[worst]


def _icans(b: CaseBuilder, exposure: Exposure, grade: int, car_t: bool) -> None:
    rng = b.rng
    onset = exposure.first_day + (rng.randint(3, 8) if car_t else rng.randint(1, 6))
    ice = {1: rng.randint(7, 9), 2: rng.randint(3, 6), 3: rng.randint(1, 2)}[grade]
    consciousness = rng.choice(
        (
            ("normal", "awakens_spontaneously"),
            ("normal", "awakens_spontaneously", "awakens_to_voice"),
            ("awakens_spontaneously", "awakens_to_voice", "awakens_to_tactile_only"),
        )[grade - 1]
    )
    seizure = (
        "rapidly_resolving_or_eeg_resolving_with_intervention"
        if grade == 3 and rng.random() < 0.3
        else "none"
    )
    detail = {
        "ice_score": ice,
        "consciousness": consciousness,
        "seizure": seizure,
        "motor": "none",
        "icp_edema": "none",
    }
    action = _interrupt(b, exposure, onset, grade, "neurotoxicity")
    treatment = ("supportive care", "dexamethasone", "dexamethasone and levetiracetam")[grade - 1]
    add_ae(
        b,
        ICANS,
        grade,
        onset,
        exposure.inn,
        action=action,
        treatment=treatment,
        icans_detail=detail,
    )


def _interrupt(b: CaseBuilder, exposure: Exposure, day: int, grade: int, reason: str) -> str:
    """Interrupt a blinatumomab infusion for grade 3 (and some grade 2) events."""
    if exposure.inn != "blinatumomab" or grade < 2 or (grade == 2 and b.rng.random() < 0.5):
        return "none"
    if not exposure.first_day <= day <= (exposure.admin.get("end_day") or day):
        return "none"
    exposure.admin["modifications"] = [
        {
            "day": day,
            "kind": "interruption",
            "duration_hours": b.rng.choice((24, 48, 72)),
            "reason": reason,
            "src": SRC,
        }
    ]
    return "interrupted"


def _candidates(b: CaseBuilder) -> list[tuple[Exposure, str, int, int]]:
    found = []
    for e in b.exposures:
        if e.admin.get("route") in ("IT", "IVENT"):
            found += [(e, term, low, high) for term, low, high in IT_AES]
        elif e.admin.get("role") == "antineoplastic":
            found += [(e, term, low, high) for term, low, high in DRUG_AES.get(e.inn, ())]
    return found


def _drug_event(b: CaseBuilder, exposure: Exposure, term: str, grade: int) -> None:
    rng = b.rng
    days = exposure.admin.get("day_list")
    if days:
        onset = rng.choice(days) + rng.randint(0, 1)
    else:
        span = (exposure.last_day or exposure.first_day + 90) - exposure.first_day
        onset = exposure.first_day + rng.randint(0, max(0, min(span, 28)))
    action = "none" if grade < 3 else rng.choice(("none", "delayed", "dose_reduced"))
    add_ae(
        b,
        term,
        grade,
        onset,
        exposure.inn,
        level=rng.choice(("possible", "probable")),
        action=action,
    )
