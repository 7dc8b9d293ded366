"""Drug schedules of the regimens the generator uses, as lists of administrations.

Every function takes the first day ``s`` of its block and returns administrations whose days
all lie inside the block; doses follow the reference's typical doses (§5.8).
"""

from __future__ import annotations

import random
from typing import Any

from core.synth.builder import Patient, admin, ongoing

Admins = list[dict[str, Any]]
AA = "antineoplastic"
TKI_DOSES = {"dasatinib": (140, "once_daily"), "ponatinib": (45, "once_daily"),
             "imatinib": (400, "once_daily"), "nilotinib": (300, "twice_daily"),
             "bosutinib": (400, "once_daily"), "asciminib": (40, "twice_daily")}
CHILD_TKI_PER_M2 = {"dasatinib": 60, "imatinib": 340, "nilotinib": 230}


def course(inn: str, dose: float, unit: str, s: int, first: int, last: int, *, route: str = "IV",
           freq: str = "once_daily", cycle: int = 1, role: str = AA) -> dict[str, Any]:
    """A drug given on cycle days ``first``..``last`` of a cycle that starts on day ``s``."""
    return admin(inn, role, route, dose, unit, freq, s + first - 1, s + last - 1, cycle=cycle,
                 cycle_days=(first, last))


def on_days(inn: str, dose: float, unit: str, days: list[int], *, route: str = "IV",
            role: str = AA, cycle: int | None = 1, freq: str | None = None) -> dict[str, Any]:
    """A drug given on the listed days (single doses)."""
    if freq is None:
        steps = {b - a for a, b in zip(days, days[1:], strict=False)}
        freq = "once" if len(days) == 1 else "weekly" if steps == {7} else "every_n_days"
    return admin(inn, role, route, dose, unit, freq, days[0], days[-1], days=days, cycle=cycle)


def vincristine(p: Patient, days: list[int], cycle: int | None = 1) -> dict[str, Any]:
    """1.4 mg/m2 (1.5 in children) capped at 2 mg: recorded as 2 mg when the cap applies."""
    per_m2 = 1.4 if p.adult else 1.5
    if p.bsa * per_m2 > 2.0:
        return on_days("vincristine", 1.0 if p.age >= 70 else 2.0, "mg", days, cycle=cycle)
    return on_days("vincristine", per_m2, "mg/m2", days, cycle=cycle)


def intrathecal(rng: random.Random, p: Patient, days: list[int], role: str) -> Admins:
    """Triple intrathecal therapy (or methotrexate alone) on the given days."""
    mtx = rng.choice((10, 12, 15)) if p.adult else 8 if p.age < 2 else 10 if p.age < 3 else 12
    records = [on_days("methotrexate", mtx, "mg", days, route="IT", role=role, cycle=None,
                       freq="once")]
    if rng.random() < 0.25 and role == "cns_prophylaxis":
        return records
    arac = rng.choice((30, 40, 50)) if p.adult else 30
    steroid = ("dexamethasone", 5 if p.adult else 2) if rng.random() < 0.6 else (
        "hydrocortisone", 50 if p.adult else 15)
    for inn, dose in (("cytarabine", arac), steroid):
        records.append(on_days(inn, dose, "mg", days, route="IT", role=role, cycle=None,
                               freq="once"))
    return records


def tki(p: Patient, inn: str, start: int, end: int | None, *,
        cycle: int | None = None) -> dict[str, Any]:
    """A TKI at the dose for advanced disease / Ph+ ALL; per m2 for children (BSA <1.5)."""
    dose, freq = TKI_DOSES[inn]
    unit = "mg"
    if not p.adult and p.bsa < 1.5 and inn in CHILD_TKI_PER_M2:
        dose, unit = CHILD_TKI_PER_M2[inn], "mg/m2"
    record = admin(inn, AA, "PO", dose, unit, freq, start, start if end is None else end,
                   cycle=cycle)
    return ongoing(record) if end is None else record


def chronic_phase_tki(p: Patient, inn: str, start: int, end: int | None,
                      mutation: str | None) -> dict[str, Any]:
    """TKI at chronic-phase doses (dasatinib 100 mg/d; asciminib 200 mg bid for T315I)."""
    record = tki(p, inn, start, end)
    if record["dose_unit"] == "mg":
        chronic = {"dasatinib": 100, "ponatinib": 45 if mutation == "T315I" else 30,
                   "asciminib": 200 if mutation == "T315I" else 40}
        record["dose"] = chronic.get(inn, record["dose"])
    return record


def steroid_course(s: int, days: int, dose: float = 60) -> dict[str, Any]:
    return course("prednisone", dose, "mg/m2", s, 1, days, route="PO")


def vdcp(rng: random.Random, p: Patient, s: int, *, asparaginase: bool) -> Admins:
    """VDCP / VDCLP induction over 28 days."""
    dnr = 30 if p.age >= 60 else rng.choice((40, 45))
    records = [vincristine(p, [s, s + 7, s + 14, s + 21]),
               course("daunorubicin", dnr, "mg/m2", s, 1, 3),
               course("cyclophosphamide", 750, "mg/m2", s, 1, 1, freq="once"),
               steroid_course(s, 28)]
    if asparaginase:
        records.append(course("pegaspargase", 2500, "[iU]/m2", s, 4, 4, route="IM", freq="once"))
    return records


def bfm_induction(p: Patient, s: int) -> Admins:
    weekly = [s + 7, s + 14, s + 21, s + 28]
    return [steroid_course(s, 28), vincristine(p, weekly),
            on_days("daunorubicin", 30, "mg/m2", weekly),
            course("pegaspargase", 2500, "[iU]/m2", s, 12, 12, route="IM", freq="once")]


def hyper_cvad_a(p: Patient, s: int, cycle: int) -> Admins:
    """Hyper-CVAD course A (21 days)."""
    dex = 20 if p.age >= 60 else 40
    return [course("cyclophosphamide", 300, "mg/m2", s, 1, 3, freq="twice_daily", cycle=cycle),
            vincristine(p, [s + 3, s + 10], cycle),
            course("doxorubicin", 50, "mg/m2", s, 4, 4, freq="once", cycle=cycle),
            course("dexamethasone", dex, "mg", s, 1, 4, route="PO", cycle=cycle),
            course("dexamethasone", dex, "mg", s, 11, 14, route="PO", cycle=cycle)]


def hyper_cvad_b(p: Patient, s: int, cycle: int) -> Admins:
    """Hyper-CVAD course B: high-dose methotrexate and cytarabine (21 days)."""
    arac = 1 if p.age >= 60 else 3
    return [course("methotrexate", 1, "g/m2", s, 1, 1, freq="once", cycle=cycle),
            course("cytarabine", arac, "g/m2", s, 2, 3, freq="twice_daily", cycle=cycle)]


def seven_plus_three(rng: random.Random, s: int) -> Admins:
    inn, dose = rng.choice((("daunorubicin", 60), ("idarubicin", 12)))
    return [course("cytarabine", 100, "mg/m2/d", s, 1, 7, route="CIV", freq="continuous_infusion"),
            course(inn, dose, "mg/m2", s, 1, 3)]


def hd_mtx_block(p: Patient, s: int) -> Admins:
    """Four high-dose methotrexate courses two weeks apart, with daily mercaptopurine (56 days)."""
    dose = 5 if not p.adult else (1 if p.age >= 60 else 3)
    return [on_days("methotrexate", dose, "g/m2", [s, s + 14, s + 28, s + 42], cycle=None),
            admin("mercaptopurine", AA, "PO", 25, "mg/m2", "once_daily", s, s + 55)]


def blinatumomab_cycles(p: Patient, s: int, cycles: int) -> Admins:
    """Label schedule: cycle 1 steps up on day 8; 28-day infusions with 14-day breaks.

    Dexamethasone premedication on each cycle start and on the step-up day.
    """
    small = p.weight_kg < 45
    low, high, unit = (5, 15, "ug/m2/d") if small else (9, 28, "ug/d")
    civ: dict[str, Any] = {"route": "CIV", "freq": "continuous_infusion"}
    records = [course("blinatumomab", low, unit, s, 1, 7, **civ),
               course("blinatumomab", high, unit, s, 8, 28, **civ)]
    premed_days = [s, s + 7]
    for cycle in range(2, cycles + 1):
        start = s + (cycle - 1) * 42
        records.append(course("blinatumomab", high, unit, start, 1, 28, cycle=cycle, **civ))
        premed_days.append(start)
    dose, dose_unit = (5, "mg/m2") if small else (20, "mg")
    records.append(on_days("dexamethasone", dose, dose_unit, premed_days, role="premedication",
                           cycle=None, freq="once"))
    return records


def blinatumomab_end(s: int, cycles: int) -> int:
    return s + (cycles - 1) * 42 + 27


def inotuzumab(s: int, cycles: int) -> Admins:
    records = [course("inotuzumab ozogamicin", 0.8, "mg/m2", s, 1, 1, freq="once"),
               on_days("inotuzumab ozogamicin", 0.5, "mg/m2", [s + 7, s + 14])]
    if cycles > 1:
        records.append(on_days("inotuzumab ozogamicin", 0.5, "mg/m2", [s + 21, s + 28, s + 35],
                               cycle=2))
    return records


def nelarabine(p: Patient, s: int) -> Admins:
    if p.adult:
        return [on_days("nelarabine", 1500, "mg/m2", [s, s + 2, s + 4])]
    return [course("nelarabine", 650, "mg/m2", s, 1, 5)]


def lymphodepletion(s: int) -> Admins:
    """Fludarabine days 1-4 and cyclophosphamide days 1-2 before a CAR-T infusion on day 7."""
    return [course("fludarabine", 30, "mg/m2", s, 1, 4),
            course("cyclophosphamide", 500, "mg/m2", s, 1, 2)]


def maintenance(rng: random.Random, p: Patient, s: int, end: int | None) -> Admins:
    """6-MP daily and methotrexate weekly by mouth, with vincristine pulses every 4 weeks."""
    stop = s if end is None else end
    mp = admin("mercaptopurine", AA, "PO", rng.choice((50, 60, 75)), "mg/m2", "once_daily", s, stop)
    mtx = admin("methotrexate", AA, "PO", 20, "mg/m2", "weekly", s, stop)
    records = [mp, mtx] if end is not None else [ongoing(mp), ongoing(mtx)]
    pulse_days = [d for d in range(s, s + 6 * 28, 28) if end is None or d <= end]
    if rng.random() < 0.5 and pulse_days:
        records.append(vincristine(p, pulse_days, None))
    return records
