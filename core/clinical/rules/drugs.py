"""V38, V41-V44: the drug dictionary, dasatinib dosing, intrathecal safety and routes
(reference §5.8, §5.9, §6.6)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.clinical.dosing import absolute_dose
from core.clinical.findings import Problem, Proposal
from core.clinical.rules.ctx import Admin, RuleContext
from core.clinical.rules.registry import rule
from core.clinical.tables import (
    INTRATHECAL_ROUTES,
    IT_MAX_DOSE_MG,
    IT_WHITELIST,
    NEVER_INTRATHECAL,
    NEVER_INTRATHECAL_ATC_PREFIXES,
    ORAL_TKIS,
)
from core.model.vocab import Entry, drug_by_atc, drug_by_inn, drugs_named, vocabulary

ATC_RE = re.compile(r"^[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}$")
DOSES_PER_DAY = {"once": 1, "once_daily": 1, "twice_daily": 2, "three_times_daily": 3}
DASATINIB_RANGE_MG = (20.0, 180.0)
DASATINIB_ADVANCED_MG = 140.0
ADULT_YEARS = 18


def _atc_problem(name: str, atc: str | None) -> tuple[str, str, str | None] | None:
    """(message, severity, the one name its "did you mean" proposes or None) when a drug name
    and its ATC code disagree with the dictionary."""
    atc = (atc or "").strip() or None
    entry = drug_by_inn(name)
    if entry is not None:
        if atc is None or atc == entry["atc"]:
            return None
        if atc in entry.get("former_atc", ()):
            return (f"{atc} is the former ATC code of {entry.code}; use {entry['atc']}",
                    "error", None)
        return f"The ATC code of {entry.code} is {entry['atc']} (found {atc})", "error", None
    closest = vocabulary("drug").closest(name)
    close, meant = did_you_mean(closest), one_meant(closest)
    shared = drugs_named(name)
    if len(shared) > 1 and (atc is None or not ATC_RE.match(atc)):  # "CAR-T": which one?
        return (f"'{name}' names more than one drug in the dictionary: did you mean "
                f"{did_you_mean(list(shared))}? Type the one given"), "error", None
    if atc is None or not ATC_RE.match(atc):
        if close:  # a typo of a known drug: the name to type comes first
            return (f"'{name}' is not in the drug dictionary: did you mean {close}? If not, "
                    "give its ATC code (e.g. L01XX00)"), "error", meant
        return (f"'{name}' is not in the drug dictionary: give its ATC code (e.g. L01XX00)",
                "error", None)
    known = drug_by_atc(atc)
    if known is not None:
        return f"ATC {atc} is {known.code}, not '{name}'", "error", None
    hint = f" (did you mean {close}?)" if close else ""
    return (f"'{name}' ({atc}) is not in the drug dictionary{hint}: flagged for review",
            "warning", meant)


def did_you_mean(entries: list[Entry]) -> str:
    """'daunorubicin', or 'Neutrophil count decreased or Febrile neutropenia': the names a
    "did you mean" offers, best first ("" for none)."""
    return " or ".join(f"'{e.code}'" for e in entries)


def one_meant(entries: list[Entry]) -> str | None:
    """The name a "did you mean" proposes when it offers one only (the editor's quick fix
    stores it); None for none or a choice of several."""
    return entries[0].code if len(entries) == 1 else None


@rule("V38", title="Drug and ATC code agree with the dictionary")
def drug_atc(ctx: RuleContext) -> Iterator[Problem]:
    items = [(a.path, "drug_inn", a.item.drug_inn, a.item.atc) for a in ctx.admins]
    items += [(f"cellular_therapies[{i}]", "product", ct.product, ct.atc)
              for i, ct in enumerate(ctx.case.cellular_therapies)]
    for record, field, name, atc in items:
        if not (name or "").strip():
            continue
        problem = _atc_problem(name.strip(), atc)  # type: ignore[union-attr]
        if problem:
            message, severity, meant = problem
            # listed at the ATC code; the name proposed is the drug's (its field's)
            proposal = Proposal(f"{record}.{field}", meant) if meant else None
            yield Problem(f"{record}.atc", message, severity=severity,  # type: ignore[arg-type]
                          proposal=proposal)


def _daily_mg(ctx: RuleContext, a: Admin) -> float | None:
    bsa = ctx.derived.bsa.value if ctx.derived.bsa else None
    dose = absolute_dose(a.item, bsa, ctx.case.patient.weight_kg)
    if dose is None:
        return None
    if dose.unit == "mg/d":
        return dose.value
    per_day = DOSES_PER_DAY.get(a.item.frequency or "once_daily")
    return dose.value * per_day if dose.unit == "mg" and per_day else None


def _adult_flat_dose(ctx: RuleContext, a: Admin) -> bool:
    """A flat adult dose, not reduced: the 140 mg/day label dose applies (children are dosed
    per m² or kg)."""
    age = ctx.derived.age
    adult = age is None or age.years >= ADULT_YEARS
    return adult and a.item.dose_unit in ("mg", "mg/d") and not a.item.modifications


def _advanced_on(ctx: RuleContext, day: int) -> bool:
    """Blast phase or Ph+ ALL diagnosed on or before ``day``."""
    for p in ctx.index.diagnoses:
        d = p.item
        if p.day <= day and ((d.entity == "CML" and d.cml_phase == "blast") or (
                d.entity in ("B-ALL", "T-ALL", "MPAL") and d.ph_status == "positive")):
            return True
    return False


@rule("V41", severity="warning", title="Dasatinib daily dose plausible")
def dasatinib_dose(ctx: RuleContext) -> Iterator[Problem]:
    low, high = DASATINIB_RANGE_MG
    for a in ctx.admins_of("dasatinib"):
        daily = _daily_mg(ctx, a)
        if daily is None:
            continue
        if not low <= daily <= high:
            yield Problem(f"{a.path}.dose", f"Dasatinib {daily:g} mg/day is outside "
                                            f"{low:g}–{high:g} mg/day")
        elif daily < DASATINIB_ADVANCED_MG and _adult_flat_dose(ctx, a) and a.span is not None \
                and _advanced_on(ctx, a.span.first):
            yield Problem(f"{a.path}.dose", f"Dasatinib {daily:g} mg/day in blast phase or Ph+ ALL:"
                                            " the label dose is 140 mg/day")


def _never_intrathecal(a: Admin) -> bool:
    atc = (a.item.atc or "").strip()
    return a.drug in NEVER_INTRATHECAL or any(atc.startswith(p)
                                              for p in NEVER_INTRATHECAL_ATC_PREFIXES)


@rule("V42", overridable=True, title="Only whitelisted drugs intrathecally; never vinca alkaloids")
def intrathecal_whitelist(ctx: RuleContext) -> Iterator[Problem]:
    for a in ctx.admins:
        route = a.item.route
        if route not in INTRATHECAL_ROUTES or not a.drug or a.drug in IT_WHITELIST:
            continue
        how = "intrathecally" if route == "IT" else "intraventricularly"
        name = a.item.drug_inn.strip()  # type: ignore[union-attr]
        if _never_intrathecal(a):
            yield Problem(f"{a.path}.route", f"{name} must never be given {how} (fatal)",
                          overridable=False)
        else:
            yield Problem(f"{a.path}.route", f"{name} is not on the intrathecal whitelist "
                          "(methotrexate, cytarabine, hydrocortisone, dexamethasone): confirm "
                          "with a reason if your protocol gives it")


@rule("V43", severity="warning", title="Intrathecal doses within adult maxima")
def intrathecal_dose(ctx: RuleContext) -> Iterator[Problem]:
    for a in ctx.admins:
        limit = IT_MAX_DOSE_MG.get(a.drug)
        dose = a.item.dose
        if a.item.route in INTRATHECAL_ROUTES and limit and a.item.dose_unit == "mg" \
                and dose is not None and dose > limit:
            yield Problem(f"{a.path}.dose", f"Intrathecal {a.drug} {dose:g} mg is above the "
                                            f"adult maximum of {limit:g} mg")


@rule("V44", severity="warning", title="Oral TKIs are oral; blinatumomab is a continuous infusion")
def routes(ctx: RuleContext) -> Iterator[Problem]:
    for a in ctx.admins:
        route = a.item.route
        if a.drug in ORAL_TKIS and route in ("IV", "CIV"):
            yield Problem(f"{a.path}.route", f"{a.drug} is an oral drug, recorded as {route}")
        if a.drug == "blinatumomab" and route not in (None, "CIV"):
            yield Problem(f"{a.path}.route", f"Blinatumomab is given as a continuous infusion "
                                             f"(CIV), recorded as {route}")
