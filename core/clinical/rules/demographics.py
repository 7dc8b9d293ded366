"""V01-V06: demographics and case metadata (reference §6.1)."""

from __future__ import annotations

from collections.abc import Iterator

from core.clinical.dosing import (
    AGE_TOP_CODE,
    PER_KG,
    PER_M2,
    age_from_birth,
    age_range_from_birth,
)
from core.clinical.findings import Problem
from core.clinical.rules.ctx import RuleContext, finite, out_of
from core.clinical.rules.registry import rule
from core.model.report import AGE_YEARS, day0_relative_message
from core.model.when import When


def _missing(record: object, name: str) -> bool:
    value = getattr(record, name)
    blank = value is None or (isinstance(value, str) and not value.strip())
    return blank and name not in getattr(record, "nf", {})


@rule("V01", title="Age at Day 0 is 0-120 years, top-coded from 90; Age in months agrees")
def age(ctx: RuleContext) -> Iterator[Problem]:
    p = ctx.case.patient
    path = "patient.age_at_day0"
    years = p.age_at_day0
    if years is not None and not AGE_YEARS[0] <= years <= AGE_YEARS[1]:
        yield Problem(path, f"Age at Day 0 must be {AGE_YEARS[0]}–{AGE_YEARS[1]} years "
                            f"(entered: {years})")
    elif years is not None and years >= AGE_TOP_CODE and (years > AGE_TOP_CODE
                                                          or not p.age_top_coded):
        yield Problem(path, "Ages of 90 and over are stored as 90 with 'top-coded' set "
                            "(shown as ≥90)")
    if p.age_top_coded and years is not None and years < AGE_TOP_CODE:
        yield Problem("patient.age_top_coded", f"Age is marked top-coded (≥90) but is {years}")
    if years is not None and 0 <= years < 2 and _missing(p, "age_at_day0_months"):
        yield Problem("patient.age_at_day0_months", "Under 2 years, give the age in months")
    yield from _months_and_years(years, p.age_at_day0_months)
    yield from _birth_date_age(ctx)


def _months_and_years(years: int | None, months: int | None) -> Iterator[Problem]:
    """Age in months is the whole age of a child under 2 (0-23 months: 18 months is 1 year,
    not 1 year and 18 months), as the model bounds it and the age is shown ("18 months"):
    it must fall in the year Age at Day 0 gives, and is given only under 2 years. Otherwise
    the age line, the search and V60 read two different ages."""
    if years is None or months is None or years < 0 or months < 0:
        return
    path = "patient.age_at_day0_months"
    if years >= 2:
        yield Problem(path, f"Age in months ({months}) is given only under 2 years, and Age at "
                            f"Day 0 is {years} years: clear Age in months, or correct Age at "
                            "Day 0")
    elif months // 12 != years:
        yield Problem(path, f"Age in months ({months}) does not match Age at Day 0 ({years} "
                            f"year{'s' if years != 1 else ''}): Age in months is the whole "
                            f"age, {12 * years}–{12 * years + 11} months at {years} "
                            f"year{'s' if years != 1 else ''}")


def _born_after_day0(birth: When, day0: When | None) -> bool:
    """True only when every day the birth date covers is after every day of Day 0."""
    if birth.day is not None:
        return birth.day > 0
    if day0 is None or day0.date is None:
        return False
    return birth.date_range()[0] > day0.date_range()[1]  # type: ignore[index]


def _birth_date_age(ctx: RuleContext) -> Iterator[Problem]:
    p = ctx.case.patient
    if p.birth_date is None:
        return
    day0 = ctx.case.case_report.day0
    if _born_after_day0(p.birth_date, day0):
        yield Problem("patient.birth_date", "The birth date is after Day 0: no age at "
                                            "Day 0 can be derived (check Birth date and Day 0 "
                                            "date)")
        return
    born = age_from_birth(p.birth_date, day0)
    allowed = age_range_from_birth(p.birth_date, day0)
    if born is None or born[1] < 0 or allowed is None:  # a partial date either side of Day 0
        return
    # a birth year or month allows every age from its last day to its first (born in 1975:
    # 48 or 49 on 2024-02-20); only an age outside them contradicts it
    youngest, oldest = allowed
    entered = p.age_at_day0
    if entered is not None and not p.age_top_coded and not youngest <= entered <= oldest:
        years = f"{youngest}" if youngest == oldest else f"{youngest}–{oldest}"
        yield Problem("patient.age_at_day0", f"Age at Day 0 ({entered}) does not match "
                                             f"the birth date ({years} years)")


@rule("V02", title="Sex is recorded (value or unknown)")
def sex(ctx: RuleContext) -> Iterator[Problem]:
    if _missing(ctx.case.patient, "sex"):
        yield Problem("patient.sex", "Sex is required (female, male, other or unknown)")


@rule("V03", title="Weight, height and BSA within range; entered BSA near Mosteller")
def body_size(ctx: RuleContext) -> Iterator[Problem]:
    p = ctx.case.patient
    if out_of(p.weight_kg, 0.5, 300):
        yield Problem("patient.weight_kg", f"Weight must be 0.5–300 kg (entered: {p.weight_kg:.10g})")
    if out_of(p.height_cm, 40, 250):
        yield Problem("patient.height_cm", f"Height must be 40–250 cm (entered: {p.height_cm:.10g})")
    bsa = ctx.derived.bsa
    if out_of(p.bsa_m2, 0.1, 3.5):
        yield Problem("patient.bsa_m2", f"BSA must be 0.1–3.5 m² (entered: {p.bsa_m2:.10g})")
    elif bsa and bsa.entered is None and out_of(bsa.derived, 0.1, 3.5):
        yield Problem("patient.bsa_m2", f"The BSA from weight and height ({bsa.derived:.2f} m²) "
                                        "is outside 0.1–3.5 m²: check weight and height")
    elif bsa and bsa.overridden and finite(bsa.derived):
        yield Problem("patient.bsa_m2",
                      f"Entered BSA {bsa.entered:g} m² differs by more than 5% from the "
                      f"Mosteller value {bsa.derived:.2f} m²", severity="warning")


@rule("V04", title="Weight (and height) recorded when doses depend on them")
def weight_needed(ctx: RuleContext) -> Iterator[Problem]:
    units = {a.item.dose_unit for a in ctx.admins}
    per_m2 = bool(units & PER_M2.keys())
    blina = any(a.drug == "blinatumomab" for a in ctx.admins)
    p = ctx.case.patient
    if (per_m2 or units & PER_KG.keys() or blina) and _missing(p, "weight_kg"):
        why = "blinatumomab is recorded (45-kg dosing cut-off)" if blina and not per_m2 \
            else "doses are recorded per m² or per kg"
        yield Problem("patient.weight_kg", f"Weight is required: {why}")
    if per_m2 and p.bsa_m2 is None and _missing(p, "height_cm"):
        yield Problem("patient.height_cm",
                      "Height (or a measured BSA) is required: doses are recorded per m²")


@rule("V05", severity="warning", title="2-5 keywords; the title says 'case report'")
def title_keywords(ctx: RuleContext) -> Iterator[Problem]:
    report = ctx.case.case_report
    n = len(report.keywords)
    if n and not 2 <= n <= 5:
        yield Problem("case_report.keywords", f"Give 2 to 5 keywords (CARE 2); there are {n}")
    if report.title and "case report" not in report.title.casefold():
        yield Problem("case_report.title", "The title should contain the words 'case report' "
                                           "(CARE 1)")


def _may_be_day0(when: When | None, day0: When | None) -> bool:
    """d0, or a date that may be Day 0's: a partial date on either side covers a span of days
    (Day 0 2024-02 and a diagnosis 2024-02-15, or 2024-02 both), only one outside it is not."""
    if when is None or when.day is not None:
        return when is not None and when.day == 0
    if day0 is None or day0.date is None:
        return False
    first, last = when.date_range()  # type: ignore[misc]
    day0_first, day0_last = day0.date_range()  # type: ignore[misc]
    return first <= day0_last and day0_first <= last


@rule("V06", title="Day 0 is defined and the initial diagnosis is on Day 0")
def day0(ctx: RuleContext) -> Iterator[Problem]:
    report = ctx.case.case_report
    if report.day0 is not None and report.day0.is_day:  # stored before typing it was refused
        yield Problem("case_report.day0", day0_relative_message(report.day0))
    if _missing(report, "day0_definition"):
        yield Problem("case_report.day0_definition",
                      "Define Day 0 (e.g. 'diagnosis of CML in lymphoid blast phase')")
    initial = [(i, d) for i, d in enumerate(ctx.case.diagnoses) if d.role == "initial"]
    if not initial:
        yield Problem("diagnoses", "An initial diagnosis (role 'initial') on Day 0 is required")
        return
    spans = [(i, d, ctx.span(d.day)) for i, d in initial]
    if any(_may_be_day0(d.day, report.day0) for _, d, _ in spans):
        return
    i, d, span = spans[0]
    if d.day is None:
        yield Problem(f"diagnoses[{i}].day", "The initial diagnosis needs its date (Day 0)")
    elif span is None:
        yield Problem("case_report.day0", "Set the Day 0 date: the initial diagnosis has a "
                                          "calendar date but Day 0 has none")
    else:
        yield Problem(f"diagnoses[{i}].day", "The initial diagnosis defines Day 0 and must be "
                                             f"on d0 (it is on {d.day})")
