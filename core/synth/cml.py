"""The course of CML: chronic phase on TKIs with molecular monitoring; myeloid blast phase."""

from __future__ import annotations

import math
import random

from core.synth import assess
from core.synth import regimens as rx
from core.synth.assess import Course
from core.synth.builder import CaseBuilder, admin
from core.synth.events import add_ae
from core.synth.genetics import bcr_abl1_quant, kd_mutation_test
from core.synth.profiles import Profile
from core.synth.salvage import active_tki
from core.synth.transplant import add_hsct

FIRST_TKI = (("imatinib", 45), ("dasatinib", 25), ("nilotinib", 20), ("bosutinib", 10))
SECOND_TKI = ("dasatinib", "nilotinib", "bosutinib", "ponatinib", "asciminib")
FAILURE_MUTATIONS = {
    "imatinib": (
        ("T315I", "p.Thr315Ile"),
        ("E255K", "p.Glu255Lys"),
        ("Y253H", "p.Tyr253His"),
        ("M351T", "p.Met351Thr"),
        ("G250E", "p.Gly250Glu"),
        ("F359V", "p.Phe359Val"),
    ),
    "dasatinib": (("T315I", "p.Thr315Ile"), ("F317L", "p.Phe317Leu"), ("V299L", "p.Val299Leu")),
    "nilotinib": (("T315I", "p.Thr315Ile"), ("Y253H", "p.Tyr253His"), ("E255K", "p.Glu255Lys")),
    "bosutinib": (("T315I", "p.Thr315Ile"), ("V299L", "p.Val299Leu"), ("E255K", "p.Glu255Lys")),
}
INTOLERANCE = {
    "dasatinib": "Pleural effusion",
    "nilotinib": "Lipase increased",
    "imatinib": "Rash maculo-papular",
    "bosutinib": "Diarrhea",
}


def chronic_phase_course(b: CaseBuilder, profile: Profile, course: Course, dx_wbc: float) -> None:
    rng = b.rng
    s1 = rng.randint(1, 14)
    horizon = s1 + rng.randint(300, 2200)
    first_choices = FIRST_TKI if b.patient.adult else FIRST_TKI[:3]
    drug1 = rng.choices([d for d, _ in first_choices], weights=[w for _, w in first_choices])[0]
    pattern = rng.choices(("optimal", "failure", "intolerance"), weights=(65, 25, 10))[0]
    switch = {
        "optimal": None,
        "failure": s1 + rng.randint(187, 200),
        "intolerance": s1 + rng.randint(60, 240),
    }[pattern]
    if switch is not None and switch + 120 > horizon:
        horizon = switch + rng.randint(120, 600)
    first = [
        rx.chronic_phase_tki(b.patient, drug1, s1, None if switch is None else switch - 1, None)
    ]
    if dx_wbc > 100:
        first.append(
            admin(
                "hydroxycarbamide",
                "antineoplastic",
                "PO",
                1000,
                "mg",
                "twice_daily",
                0 if s1 > 1 else s1,
                s1 + 6,
            )
        )
    tfr_day = _tfr_day(rng, pattern, s1, horizon)
    if tfr_day is not None:
        first[0]["end_day"] = tfr_day
    reason = (
        "ongoing"
        if switch is None and tfr_day is None
        else (
            "completed"
            if switch is None
            else ("toxicity" if pattern == "intolerance" else "progression_relapse")
        )
    )
    b.add_line("tki_monotherapy", "TKI monotherapy", first, reason)
    course.therapies.append(drug1)
    _hematologic_response(b, profile, s1 + rng.randint(28, 60))
    if pattern == "intolerance" and switch is not None:
        add_ae(
            b,
            INTOLERANCE[drug1],
            3 if course.severe_ae else 2,
            switch - rng.randint(4, 20),
            drug1,
            action="discontinued",
        )
    mutation = None
    if pattern == "failure" and switch is not None:
        mutation = _failure_testing(b, drug1, switch - rng.randint(2, 6))
    if switch is not None:
        drug2 = rng.choice(active_tki(SECOND_TKI, mutation, drug1)[:3])
        b.add_line(
            "tki_monotherapy",
            "TKI monotherapy",
            [rx.chronic_phase_tki(b.patient, drug2, switch, None, mutation)],
            "ongoing",
        )
        course.therapies.append(drug2)
        course.mutation = mutation
    _monitoring(b, profile, course, s1, horizon, switch if pattern == "failure" else None)


def _tfr_day(rng: random.Random, pattern: str, s1: int, horizon: int) -> int | None:
    """Treatment-free remission attempt after three or more years of deep response."""
    if pattern != "optimal" or horizon - s1 < 1400 or rng.random() > 0.25:
        return None
    return s1 + rng.randint(1100, horizon - s1 - 200)


def _hematologic_response(b: CaseBuilder, profile: Profile, day: int) -> None:
    rng = b.rng
    b.counts(
        day,
        anc=rng.uniform(2.0, 5.5),
        plt=rng.uniform(160, 420),
        hb=rng.uniform(105, 140),
        wbc=rng.uniform(5.5, 9.5),
        blasts=0.0,
    )
    assess.response(b, day, 1, "marrow_hematologic", "CHR", "ELN-2020", {"lab_days": [day]})


def _failure_testing(b: CaseBuilder, drug: str, day: int) -> str | None:
    rng = b.rng
    mutation = rng.choice(FAILURE_MUTATIONS[drug]) if rng.random() < 0.5 else None
    kd_mutation_test(b, day, mutation)
    return mutation[0] if mutation else None


def _log_level(rng: random.Random, months: float, start_log: float, rate: float) -> float:
    """log10 of % IS after ``months``, kept between 0.00006% and 95%."""
    return min(1.97, max(-4.2, start_log - rate * months + rng.gauss(0, 0.15)))


def _monitoring(
    b: CaseBuilder,
    profile: Profile,
    course: Course,
    s1: int,
    horizon: int,
    failure_switch: int | None,
) -> None:
    """BCR::ABL1 % IS every three months, then six-monthly, with ELN molecular responses."""
    rng = b.rng
    baseline = math.log10(rng.uniform(20, 95))
    rate, slow = rng.uniform(0.26, 0.36), rng.uniform(0.03, 0.1)
    days = [s1 + d for d in (90, 180, 270, 365, 545, 730)] + list(range(s1 + 910, horizon, 182))
    ccyr_day = s1 + (180 if rng.random() < 0.5 else 365)
    for day in [d for d in days if d <= horizon]:
        if failure_switch is not None and day <= failure_switch:
            log = _log_level(rng, (day - s1) / 30.4, baseline, slow)
        elif failure_switch is not None:
            start = baseline - slow * (failure_switch - s1) / 30.4
            log = _log_level(rng, (day - failure_switch) / 30.4, start, rate)
        else:
            log = _log_level(rng, (day - s1) / 30.4, baseline, rate)
        level = None if log < -3.4 and rng.random() < 0.7 else 10**log
        line_no = _line_at(b, day)
        test = bcr_abl1_quant(b, profile, day, level, specimen="pb")
        category = assess.molecular_category(test.get("result_value"), test["control_copies"])
        assess.response(
            b,
            day,
            line_no,
            "molecular_cml",
            category,
            "ELN-2020",
            {"molecular": [test["molecular_test_id"]]},
        )
        if day == ccyr_day:
            _cytogenetic_response(b, profile, day, line_no, test.get("result_value"))
        if rng.random() < 0.3:
            b.counts(
                day, anc=rng.uniform(1.8, 5.5), plt=rng.uniform(150, 400), hb=rng.uniform(110, 150)
            )
        course.last_is = test.get("result_value", 0.0)
    course.in_remission = course.last_is is not None and course.last_is <= 1.0


def _line_at(b: CaseBuilder, day: int) -> int:
    """The latest line started before ``day``."""
    started: list[int] = [line["line_no"] for line in b.records("treatment_lines")
                          if line["start_day"] < day]
    return started[-1]


def _cytogenetic_response(
    b: CaseBuilder, profile: Profile, day: int, line_no: int, level: float | None
) -> None:
    """Marrow karyotype: 0/20 Ph+ metaphases is CCyR (expected when BCR::ABL1 <= 1% IS)."""
    rng = b.rng
    positive = 0 if level is None or level <= 1.0 else rng.randint(1, 7)
    bm_id = assess.marrow(
        b, profile, day, rng.uniform(0.5, 3), cellularity_pct=round(rng.uniform(35, 60))
    )
    sx = "XY" if b.patient.sex == "male" else "XX"
    iscn = (
        f"46,{sx}[20]"
        if positive == 0
        else (f"46,{sx},t(9;22)(q34.1;q11.2)[{positive}]/46,{sx}[{20 - positive}]")
    )
    b.add(
        "cytogenetics",
        {
            "day": day,
            "specimen": "bm",
            "method": "g_banding",
            "iscn": iscn,
            "metaphases_analyzed": 20,
            "abnormal_metaphases": positive,
        },
    )
    assess.response(
        b,
        day,
        line_no,
        "cytogenetic_cml",
        "CCyR" if positive == 0 else "PCyR",
        "ELN-2020",
        {"bm": [bm_id]},
    )


def myeloid_blast_course(b: CaseBuilder, profile: Profile, course: Course) -> None:
    rng = b.rng
    s1 = rng.randint(1, 4)
    admins = rx.seven_plus_three(rng, s1) + [rx.tki(b.patient, "dasatinib", s1, s1 + 27, cycle=1)]
    b.add_line("induction", "7+3 + TKI", admins, "completed", cycles_planned=1, cycles_given=1)
    course.therapies.append("7+3 + TKI")
    a1 = s1 + rng.randint(28, 33)
    if rng.random() >= 0.7:
        assess.refractory(b, profile, course, a1, 1)
        if rng.random() < 0.8:
            course.death_day, course.death_cause = a1 + rng.randint(14, 120), "disease"
        return
    assess.remission(b, profile, course, a1, 1, csf_id=None)
    start = a1 + rng.randint(3, 10)
    if rng.random() < 0.7 and b.patient.age < 70:
        hsct_day = a1 + rng.randint(30, 60)
        add_hsct(b, profile, course, hsct_day, "CR1")
        start = hsct_day + rng.randint(60, 100)
    b.add_line(
        "maintenance", "TKI monotherapy", [rx.tki(b.patient, "dasatinib", start, None)], "ongoing"
    )
    for day in range(start + 90, start + rng.randint(200, 800), 120):
        course.last_is = assess.residual_bcr_abl1(b, profile, day)
        course.mrd_negative = course.last_is == 0.0
