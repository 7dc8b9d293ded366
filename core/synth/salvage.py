"""Second-line treatment after refractory disease or a relapse."""

from __future__ import annotations

import random
from typing import Any

from core.model.vocab import drug_by_inn
from core.synth import assess, cns
from core.synth import regimens as rx
from core.synth.assess import Course
from core.synth.builder import CaseBuilder, Exposure
from core.synth.profiles import Profile
from core.synth.transplant import add_hsct

# ABL1 kinase-domain mutation -> TKIs with reduced activity (reference §5.6)
TKI_RESISTANCE: dict[str, tuple[str, ...]] = {
    "T315I": ("imatinib", "dasatinib", "nilotinib", "bosutinib"),
    "V299L": ("dasatinib", "bosutinib"),
    "F317L": ("dasatinib",),
    "Y253H": ("imatinib", "nilotinib", "dasatinib"),
    "E255K": ("imatinib", "nilotinib", "dasatinib"),
    "F359V": ("imatinib", "nilotinib", "dasatinib"),
    "G250E": ("imatinib",),
    "M351T": ("imatinib",),
}
SUCCESS = {"blinatumomab": 0.65, "inotuzumab": 0.75, "CAR-T": 0.8, "nelarabine": 0.45}
REGIMEN = {
    "blinatumomab": "blinatumomab monotherapy",
    "inotuzumab": "inotuzumab",
    "CAR-T": "CAR-T",
    "nelarabine": "nelarabine-based salvage",
}


def current_tki(b: CaseBuilder) -> str | None:
    """The most recently started tyrosine kinase inhibitor, if any."""
    tkis = [e.inn for e in b.exposures if e.inn in rx.TKI_DOSES]
    return tkis[-1] if tkis else None


def active_tki(options: tuple[str, ...], mutation: str | None, avoid: str | None) -> list[str]:
    """TKIs from ``options`` that keep activity against ``mutation`` and are not ``avoid``."""
    resistant = TKI_RESISTANCE.get(mutation or "", ())
    return [t for t in options if t not in resistant and t != avoid]


def salvage(
    b: CaseBuilder,
    profile: Profile,
    course: Course,
    after_day: int,
    *,
    cd19: str,
    cns_disease: bool,
    mutation: str | None,
    relapse_csf: int | None = None,
) -> None:
    rng = b.rng
    if b.next_line_no() > 4:
        return
    s = after_day + rng.randint(4, 10)
    therapy = _choose(rng, profile, cd19, cns_disease)
    admins, block_end = _admins(b, therapy, s)
    if profile.ph and therapy != "CAR-T":
        drug = (active_tki(("dasatinib", "ponatinib"), mutation, current_tki(b)) or ["ponatinib"])[
            0
        ]
        admins.append(rx.tki(b.patient, drug, s, block_end))
        course.mutation = mutation
    last_csf = None
    if therapy != "CAR-T":
        it = [
            d
            for d in cns.it_days("CNS3" if cns_disease else "CNS1", s + 1, block_end)
            if d <= block_end
        ]
        admins += rx.intrathecal(
            rng, b.patient, it, "cns_treatment" if cns_disease else "cns_prophylaxis"
        )
        last_csf = cns.csf(b, it[-1], "CNS1")
    regimen = REGIMEN[therapy]
    if profile.ph and therapy == "blinatumomab":
        regimen = "blinatumomab + TKI"
    infusion = s + 6 if therapy == "CAR-T" else None
    line = b.add_line(
        "salvage_reinduction",
        regimen,
        admins,
        "completed",
        end_at=infusion,
        cycles_planned=2,
        cycles_given=1,
    )
    course.therapies.append(therapy)
    if infusion is not None:
        _car_t(b, line["line_no"], infusion)
        day = infusion + 28
        last_csf = cns.csf(b, day, "CNS1", it_given=False)
    else:
        day = block_end + rng.randint(1, 3)
    _assess(b, profile, course, day, line["line_no"], therapy, last_csf, relapse_csf)


def _choose(rng: random.Random, profile: Profile, cd19: str, cns_disease: bool) -> str:
    if not profile.b_lineage:
        return "nelarabine"
    if cd19 == "negative":
        return "inotuzumab"
    car_t = 20 if profile.entity == "B-ALL" and not cns_disease else 0
    return rng.choices(("blinatumomab", "inotuzumab", "CAR-T"), weights=(55, 25, car_t))[0]


def _admins(b: CaseBuilder, therapy: str, s: int) -> tuple[rx.Admins, int]:
    """Administrations of the salvage block and its last day."""
    p = b.patient
    if therapy == "blinatumomab":
        return rx.blinatumomab_cycles(p, s, 1), rx.blinatumomab_end(s, 1)
    if therapy == "inotuzumab":
        return rx.inotuzumab(s, 2), s + 35
    if therapy == "CAR-T":
        return rx.lymphodepletion(s), s + 3
    return rx.nelarabine(p, s), s + 27


def _car_t(b: CaseBuilder, line_no: int, infusion: int) -> None:
    """CD19 CAR-T infusion after lymphodepletion."""
    product = "tisagenlecleucel" if b.patient.age <= 25 else "brexucabtagene autoleucel"
    dose = round(b.rng.uniform(0.5, 3.0), 1) * 1e6 if product == "tisagenlecleucel" else 1e6
    b.add(
        "cellular_therapies",
        {
            "product": product,
            "atc": drug_by_inn(product)["atc"],  # type: ignore[index]
            "target": "CD19",
            "dose_cells_per_kg": dose,
            "infusion_day": infusion,
            "lymphodepletion": "fludarabine + cyclophosphamide",
        },
        infusion,
    )
    b.exposures.append(Exposure(product, line_no, infusion, infusion, {}))


def _assess(
    b: CaseBuilder,
    profile: Profile,
    course: Course,
    day: int,
    line_no: int,
    therapy: str,
    last_csf: int | None,
    relapse_csf: int | None,
) -> None:
    rng = b.rng
    if rng.random() >= SUCCESS[therapy]:
        assess.refractory(b, profile, course, day, line_no)
        if rng.random() < 0.7:
            course.death_day, course.death_cause = day + rng.randint(14, 150), "disease"
        return
    assess.remission(
        b,
        profile,
        course,
        day,
        line_no,
        csf_id=last_csf,
        full_recovery=rng.random() > 0.25,
        mrd_negative_p=0.6,
    )
    if relapse_csf is not None and last_csf is not None:
        basis: dict[str, Any] = {"csf": [relapse_csf, last_csf]}
        assess.response(b, day, line_no, "cns", "CNS_remission", "app-CNS-v1", basis)
    course.cns_last = "CNS1"
    if course.hsct_day is None and b.patient.age < 70 and rng.random() < 0.5:
        status = "CR2" if course.relapse_day is not None else "CR1"
        add_hsct(b, profile, course, day + rng.randint(25, 50), status)
