"""The course of ALL-type disease: B-ALL, T-ALL and CML in lymphoid blast phase.

Induction with CNS-directed intrathecal therapy, remission (or refractory disease and salvage),
consolidation, then maintenance or transplant, and in some cases a relapse treated with
blinatumomab, inotuzumab, CAR-T or nelarabine.
"""

from __future__ import annotations

import random
from typing import Any

from core.synth import assess, cns
from core.synth import regimens as rx
from core.synth.assess import Course
from core.synth.builder import CaseBuilder, Patient
from core.synth.diagnosis import add_diagnosis
from core.synth.genetics import add_panel, bcr_abl1_quant, kd_mutation_test
from core.synth.profiles import Profile
from core.synth.salvage import current_tki, salvage
from core.synth.transplant import add_hsct

RELAPSE_MUTATIONS = (
    ("T315I", "p.Thr315Ile", 40),
    ("E255K", "p.Glu255Lys", 8),
    ("Y253H", "p.Tyr253His", 5),
    (None, None, 47),
)


def lymphoid_course(b: CaseBuilder, profile: Profile, course: Course, dx_wbc: float) -> None:
    rng, p = b.rng, b.patient
    s1 = rng.randint(1, 5)
    a1 = s1 + rng.randint(28, 33)
    it_days = cns.it_days(profile.cns, s1, a1)
    episode = cns.diagnosis_episode(b, profile, it_days, pb_wbc=dx_wbc)
    regimen, admins = _induction(rng, profile, p, s1)
    role = "cns_treatment" if profile.cns_involved else "cns_prophylaxis"
    b.add_line(
        "induction",
        regimen,
        admins + rx.intrathecal(rng, p, it_days, role),
        "completed",
        cycles_planned=1,
        cycles_given=1,
    )
    course.therapies.append(regimen)
    _cns_response(b, profile, episode, a1)
    course.cns_last = "CNS1"
    p_cr = 0.95 if not p.adult else (0.85 if p.age < 60 else 0.72)
    if rng.random() < p_cr:
        assess.remission(
            b,
            profile,
            course,
            a1,
            1,
            csf_id=episode.last_clear,
            full_recovery=rng.random() > 0.1,
            mrd_negative_p=0.6 if not p.adult else 0.4,
        )
        _post_remission(b, profile, course, a1, regimen)
    else:
        assess.refractory(b, profile, course, a1, 1)
        salvage(b, profile, course, a1, cd19="positive", cns_disease=False, mutation=None)


def _cns_response(b: CaseBuilder, profile: Profile, episode: cns.CnsEpisode, day: int) -> None:
    if profile.cns_involved:
        basis: dict[str, Any] = {"csf": [episode.positive_csf[0], episode.last_clear]}
        if episode.imaging:
            basis["imaging"] = episode.imaging
        assess.response(b, day, 1, "cns", "CNS_remission", "app-CNS-v1", basis)
    elif b.rng.random() < 0.3:
        assess.response(
            b, day, 1, "cns", "CNS_not_involved", "app-CNS-v1", {"csf": [episode.last_clear]}
        )


def _first_tki(rng: random.Random, p: Patient) -> str:
    return "ponatinib" if p.adult and rng.random() < 0.15 else "dasatinib"


def _induction(rng: random.Random, profile: Profile, p: Patient, s: int) -> tuple[str, rx.Admins]:
    if profile.ph:
        drug = _first_tki(rng, p)
        choice = rng.choices(
            ("TKI + steroid", "VDCP + TKI", "hyper-CVAD + TKI"),
            weights=(40, 35, 25 if p.adult and p.age < 65 else 0),
        )[0]
        block = {
            "TKI + steroid": lambda: [rx.steroid_course(s, 24)],
            "VDCP + TKI": lambda: rx.vdcp(rng, p, s, asparaginase=False),
            "hyper-CVAD + TKI": lambda: rx.hyper_cvad_a(p, s, 1),
        }[choice]()
        return choice, block + [rx.tki(p, drug, s, s + 27, cycle=1)]
    if not p.adult:
        if rng.random() < 0.7:
            return "BFM-type induction", rx.bfm_induction(p, s)
        return "VDCLP", rx.vdcp(rng, p, s, asparaginase=True)
    weights = (35, 45, 20) if p.age < 60 else (30, 0, 70)
    choice = rng.choices(("hyper-CVAD", "VDCLP", "VDCP"), weights=weights)[0]
    if choice == "hyper-CVAD":
        return choice, rx.hyper_cvad_a(p, s, 1)
    return choice, rx.vdcp(rng, p, s, asparaginase=choice == "VDCLP")


def _consolidation(
    b: CaseBuilder, profile: Profile, course: Course, c: int, induction: str
) -> tuple[str, rx.Admins, int]:
    """Regimen, administrations and last day of the consolidation block."""
    rng, p = b.rng, b.patient
    if profile.ph:
        drug = current_tki(b) or "dasatinib"
        if rng.random() < 0.6 and profile.b_lineage:
            end = rx.blinatumomab_end(c, 2)
            return (
                "blinatumomab + TKI",
                rx.blinatumomab_cycles(p, c, 2) + [rx.tki(p, drug, c, end)],
                end,
            )
        admins = rx.hyper_cvad_b(p, c, 2) + rx.hyper_cvad_a(p, c + 21, 3)
        return "hyper-CVAD + TKI", admins + [rx.tki(p, drug, c, c + 41)], c + 41
    if profile.b_lineage and course.mrd_negative is False and rng.random() < 0.6:
        return (
            "blinatumomab monotherapy",
            rx.blinatumomab_cycles(p, c, 2),
            rx.blinatumomab_end(c, 2),
        )
    if induction == "hyper-CVAD":
        return "hyper-CVAD", rx.hyper_cvad_b(p, c, 2) + rx.hyper_cvad_a(p, c + 21, 3), c + 41
    return "HD-MTX consolidation", rx.hd_mtx_block(p, c), c + 55


def _post_remission(
    b: CaseBuilder, profile: Profile, course: Course, a1: int, induction: str
) -> None:
    rng, p = b.rng, b.patient
    c = a1 + rng.randint(4, 10)
    regimen, admins, end = _consolidation(b, profile, course, c, induction)
    it = [d for d in (c + 1, c + 15, c + 29) if d < end]
    admins += rx.intrathecal(rng, p, it, "cns_prophylaxis")
    b.add_line("consolidation", regimen, admins, "completed")
    course.therapies.append(regimen)
    a2 = end + rng.randint(2, 8)
    _follow_up_marrow(b, profile, course, a2, b.next_line_no() - 1)
    _maintenance_or_transplant(b, profile, course, a2)


def _follow_up_marrow(
    b: CaseBuilder, profile: Profile, course: Course, day: int, line_no: int
) -> None:
    rng = b.rng
    assess.marrow(b, profile, day, rng.uniform(0.2, 3.5), trilineage_hematopoiesis="present")
    b.counts(day, anc=rng.uniform(1.2, 5), plt=rng.uniform(110, 400), hb=rng.uniform(95, 140))
    category = assess.mrd(b, profile, day, 0.7)
    assess.response(b, day, line_no, "mrd", category, "NCCN-ALL", {"mrd_days": [day]})
    course.mrd_negative = category == "complete_MRD_response"
    if profile.ph:
        course.last_is = assess.residual_bcr_abl1(b, profile, day)


def _hsct_probability(profile: Profile, course: Course, p: Patient) -> float:
    if not p.adult or p.age >= 70:
        return 0.05
    if profile.entity == "CML" or profile.ph:
        return 0.55
    risky = any(k in (profile.subtype or "") for k in ("KMT2A", "hypodiploidy", "BCR::ABL1-like"))
    return 0.5 if risky or course.mrd_negative is False else 0.15


def _maintenance_or_transplant(b: CaseBuilder, profile: Profile, course: Course, a2: int) -> None:
    rng, p = b.rng, b.patient
    relapses = rng.random() < (0.34 if not p.adult else 0.55)
    anchor = a2 + rng.randint(5, 20)
    start: int | None = anchor
    if rng.random() < _hsct_probability(profile, course, p):
        hsct_day = a2 + rng.randint(20, 45)
        add_hsct(b, profile, course, hsct_day, "CR1")
        start = hsct_day + rng.randint(60, 100) if profile.ph else None
        anchor = start or hsct_day
    relapse_day = anchor + rng.randint(60, 900) if relapses else None
    on_treatment = None
    if start is not None:
        on_treatment = _maintenance(b, profile, course, start, relapse_day)
    if relapse_day is not None:
        cd19, csf_id, mutation = relapse(b, profile, course, relapse_day, on_treatment)
        salvage(
            b,
            profile,
            course,
            relapse_day,
            cd19=cd19,
            cns_disease=csf_id is not None,
            mutation=mutation,
            relapse_csf=csf_id,
        )


def _maintenance(
    b: CaseBuilder, profile: Profile, course: Course, start: int, relapse_day: int | None
) -> str | None:
    """Maintenance line; returns the drug being taken at relapse, if any."""
    rng, p = b.rng, b.patient
    planned_end = None if profile.ph else start + rng.randint(540, 900)
    stops = relapse_day is not None and (planned_end is None or relapse_day <= planned_end)
    if stops:
        end = relapse_day
    elif relapse_day is not None:
        end = planned_end
    else:
        end = planned_end if rng.random() < 0.5 else None
    if profile.ph:
        drug = current_tki(b) or "dasatinib"
        admins = [rx.tki(p, drug, start, end)]
        regimen, main = "TKI monotherapy", drug
    else:
        admins = rx.maintenance(rng, p, start, end)
        regimen, main = rng.choice(("6-MP/MTX maintenance", "POMP maintenance")), "mercaptopurine"
    reason = "progression_relapse" if stops else ("ongoing" if end is None else "completed")
    b.add_line("maintenance", regimen, admins, reason)
    return main if stops else None


def relapse(
    b: CaseBuilder, profile: Profile, course: Course, day: int, on_treatment: str | None
) -> tuple[str, int | None, str | None]:
    """Relapse records; returns CD19 result, id of a CNS3 CSF (if CNS relapse), KD mutation."""
    rng = b.rng
    cns_site = rng.random() < 0.25
    sites = ["bone_marrow"] + (["peripheral_blood"] if rng.random() < 0.6 else [])
    sites += ["cns"] if cns_site else []
    early = day < 1095
    add_diagnosis(
        b,
        profile,
        "relapse",
        day,
        "in_relapse",
        relapse_sites=sites,
        relapse_timing="early" if early else "late",
        relapse_timing_definition="early: less than 36 months from diagnosis; "
        "late: 36 months or more",
        on_treatment_at_relapse=on_treatment,
    )
    blasts = rng.uniform(25, 90)
    bm_id = assess.marrow(b, profile, day, blasts, cellularity_pct=round(rng.uniform(70, 98)))
    b.counts(
        day,
        anc=rng.uniform(0.3, 2.0),
        plt=rng.uniform(15, 95),
        hb=rng.uniform(70, 108),
        blasts=round(rng.uniform(4, 60), 1),
    )
    prior_cd19 = any(e.inn in ("blinatumomab", "tisagenlecleucel") for e in b.exposures)
    cd19 = "negative" if prior_cd19 and rng.random() < 0.3 else "positive"
    add_panel(b, profile, day, blasts, cd19=cd19)
    mutation = _relapse_genetics(b, profile, day, on_treatment)
    csf_id = cns.relapse_episode(b, day + 1) if cns_site else None
    basis: dict[str, Any] = {"bm": [bm_id], "lab_days": [day]}
    if csf_id is not None:
        basis["csf"] = [csf_id]
    assess.response(
        b,
        day,
        None,
        "relapse_event",
        "relapse",
        "NCCN-ALL",
        basis,
        relapse_subtype="combined_BM_CNS" if cns_site else "isolated_BM",
    )
    course.relapse_day, course.in_remission = day, False
    course.mrd_negative = None
    return cd19, csf_id, mutation


def _relapse_genetics(
    b: CaseBuilder, profile: Profile, day: int, on_treatment: str | None
) -> str | None:
    if not profile.ph:
        return None
    bcr_abl1_quant(b, profile, day, b.rng.uniform(2, 80))
    if on_treatment is None:
        return None
    short, hgvs, _ = b.rng.choices(RELAPSE_MUTATIONS, weights=[w for *_, w in RELAPSE_MUTATIONS])[0]
    kd_mutation_test(b, day, (short, hgvs) if short and hgvs else None)
    return short
