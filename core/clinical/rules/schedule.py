"""V36, V37, V39, V40, V62, V65: treatment lines, administrations, doses, the blinatumomab
schedule and the days of dose changes (reference §5.8, §6.6)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import NamedTuple

from core.clinical.days import (
    Span,
    admin_days,
    cycle_start,
    definitely_before,
    line_ended,
    listed_days,
)
from core.clinical.dosing import daily_ug
from core.clinical.findings import Problem
from core.clinical.rules.ctx import Admin, RuleContext, finite, out_of
from core.clinical.rules.registry import rule
from core.clinical.tables import (
    BLINATUMOMAB_MAX_UG_PER_DAY,
    BLINATUMOMAB_WEEK1_CAP_UG_PER_DAY,
    INTRATHECAL_ROUTES,
)
from core.model.bounds import TYPED_BOUNDS
from core.model.treatment import DoseModification
from core.model.when import When

PER_DAY_UNITS = frozenset({"ug/d", "ug/m2/d", "mg/d", "mg/m2/d"})
MAX_CYCLE_DAYS = 28
MIN_BREAK_DAYS = 14
CYCLE_NO = TYPED_BOUNDS["DrugAdministration", "cycle_no"]
CYCLE_DAY = TYPED_BOUNDS["DrugAdministration", "cycle_day_start"]
BLINA_45_KG = 45.0
BLINA_TOLERANCE = 0.2  # a per-m² blinatumomab dose further than 20% from expected warns (V39)
# Below 45 kg (reference §5.8): phase, µg/m²/day, the µg/day cap, and when it applies.
BLINA_PER_M2 = (("week1", 5.0, BLINATUMOMAB_WEEK1_CAP_UG_PER_DAY, "cycle 1 days 1–7"),
                ("full", 15.0, BLINATUMOMAB_MAX_UG_PER_DAY, "from cycle 1 day 8"))


@rule("V36", title="Lines and administrations are consistent in time and numbering")
def line_structure(ctx: RuleContext) -> Iterator[Problem]:
    numbers = [line.line_no for line in ctx.case.treatment_lines if line.line_no is not None]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        yield Problem("treatment_lines", "Line numbers must run 1, 2, 3… without gaps or "
                                         f"repeats (found {', '.join(map(str, numbers))})")
    for i, line in enumerate(ctx.case.treatment_lines):
        start, end = ctx.span(line.start_day), ctx.span(line.end_day)
        if definitely_before(end, start):
            yield Problem(f"treatment_lines[{i}].end_day", f"Line {line.line_no} ends "
                          f"({line.end_day}) before it starts ({line.start_day})")
    for a in ctx.admins:
        yield from _admin_in_line(ctx, a)
        yield from _cycle_fields(ctx, a)


def _admin_in_line(ctx: RuleContext, a: Admin) -> Iterator[Problem]:
    line, item = a.line, a.item
    if item.line_no is not None and line.line_no is not None and item.line_no != line.line_no:
        yield Problem(f"{a.path}.line_no", f"This administration is in line {line.line_no} "
                                           f"but says line {item.line_no}")
    first, last = ctx.span(line.start_day), ctx.span(line.end_day)
    own_start, own_end = ctx.span(item.start_day), ctx.span(item.end_day)
    if definitely_before(own_end, own_start):
        yield Problem(f"{a.path}.end_day", "The administration ends before it starts")
    checks = [("start_day", own_start), ("end_day", own_end)]
    checks += [("day_list", Span(d, d)) for d in item.day_list or ()]
    for field, span in checks:
        if definitely_before(span, first) or definitely_before(last, span):
            yield Problem(f"{a.path}.{field}", f"{a.item.drug_inn or 'The drug'} is given outside "
                          f"line {line.line_no} ({line.start_day} to {line.end_day or 'ongoing'})")
            return


def _cycle_fields(ctx: RuleContext, a: Admin) -> Iterator[Problem]:
    item = a.item
    if item.cycle_no is not None and item.cycle_no < 1:
        yield Problem(f"{a.path}.cycle_no", f"Cycles are numbered from 1 (found {item.cycle_no})")
    elif out_of(item.cycle_no, None, CYCLE_NO.high):  # an imported 1e20
        yield Problem(f"{a.path}.cycle_no", f"Cycles are numbered up to {CYCLE_NO.high:g} "
                                            f"(found {item.cycle_no})")
    first, last = item.cycle_day_start, item.cycle_day_end
    if first is not None and first < 1:
        yield Problem(f"{a.path}.cycle_day_start", "Cycle days are numbered from 1")
    elif out_of(first, None, CYCLE_DAY.high):
        yield Problem(f"{a.path}.cycle_day_start", f"Cycle days are numbered up to "
                                                   f"{CYCLE_DAY.high:g} (found {first})")
    if first is not None and last is not None and last < first:
        yield Problem(f"{a.path}.cycle_day_end", "The last cycle day is before the first")
    start = ctx.span(item.start_day)
    base = cycle_start(a.line, item, ctx.index.days)
    if first is None or start is None or base is None or start.first != start.last:
        return
    expected = base + first - 1
    if start.first != expected:
        yield Problem(f"{a.path}.start_day", f"Start d{start.first} does not match cycle day "
                      f"{first} (cycle day 1 = d{base}, so d{expected})")


@rule("V37", title="Dose above 0; the dose unit fits the route")
def dose_unit(ctx: RuleContext) -> Iterator[Problem]:
    for a in ctx.admins:
        dose, unit, route = a.item.dose, a.item.dose_unit, a.item.route
        if dose is not None and not (math.isfinite(dose) and dose > 0):
            yield Problem(f"{a.path}.dose", f"A dose must be above 0 (entered: {dose:.10g})")
        if route == "CIV" and unit is not None and unit not in PER_DAY_UNITS:
            yield Problem(f"{a.path}.dose_unit", f"A continuous infusion needs a per-day unit "
                                                 f"(µg/day, mg/day…), not {unit}")
        if route in INTRATHECAL_ROUTES and unit is not None and unit != "mg":
            yield Problem(f"{a.path}.dose_unit", f"Intrathecal and intraventricular doses are "
                                                 f"given in mg (absolute), not {unit}")


def _blina_cycles(ctx: RuleContext) -> list[list[Admin]]:
    groups: dict[tuple[int, int | None], list[Admin]] = {}
    lines = {id(line): i for i, line in enumerate(ctx.case.treatment_lines)}
    for a in ctx.admins_of("blinatumomab"):
        if a.span is not None:
            groups.setdefault((lines[id(a.line)], a.item.cycle_no), []).append(a)
    cycles = [sorted(g, key=lambda a: a.span.first) for g in groups.values()]  # type: ignore[union-attr]
    return sorted(cycles, key=lambda g: g[0].span.first)  # type: ignore[union-attr]


@rule("V39", severity="warning", title="Blinatumomab dose and schedule are plausible")
def blinatumomab_plausible(ctx: RuleContext) -> Iterator[Problem]:
    p = ctx.case.patient
    bsa = ctx.derived.bsa.value if ctx.derived.bsa else None
    for a in ctx.admins_of("blinatumomab"):
        daily = daily_ug(a.item, bsa, p.weight_kg)
        if daily is None:
            continue
        by_bsa = _under_45kg_problem(a, daily, bsa, p.weight_kg)
        if daily > BLINATUMOMAB_MAX_UG_PER_DAY * (1 + 1e-9):
            yield Problem(f"{a.path}.dose", f"Blinatumomab {daily:g} µg/day exceeds 28 µg/day")
        elif by_bsa is not None:
            yield Problem(f"{a.path}.dose", by_bsa)
        elif _week_one_under_45kg(a, p.weight_kg) and daily > BLINATUMOMAB_WEEK1_CAP_UG_PER_DAY:
            yield Problem(f"{a.path}.dose", f"Below 45 kg, cycle 1 days 1–7 are capped at 9 µg/day "
                                            f"(recorded {daily:g} µg/day)")
    cycles = _blina_cycles(ctx)
    for cycle in cycles:
        first, last = cycle[0].span.first, max(a.span.last for a in cycle)  # type: ignore[union-attr]
        if last - first + 1 > MAX_CYCLE_DAYS:
            yield Problem(f"{cycle[-1].path}.end_day", f"Blinatumomab infused for "
                          f"{last - first + 1} days in one cycle (at most 28)")
    for before, after in zip(cycles, cycles[1:], strict=False):
        gap = after[0].span.first - max(a.span.last for a in before) - 1  # type: ignore[union-attr]
        if gap < MIN_BREAK_DAYS:
            yield Problem(f"{after[0].path}.start_day", f"Only {max(gap, 0)} treatment-free days "
                          "between blinatumomab cycles (at least 14)")


def _under_45kg_problem(a: Admin, daily: float, bsa: float | None,
                        weight: float | None) -> str | None:
    """Below 45 kg the dose is 5 µg/m²/day (cycle 1 days 1-7), then 15 µg/m²/day, capped at 9
    and 28 µg/day: the message when the recorded daily dose is off by more than 20%, else
    None. Without a BSA only the caps can be checked (done by the caller)."""
    if weight is None or bsa is None or not (finite(weight) and 0 < weight < BLINA_45_KG) \
            or not (finite(bsa) and bsa > 0):
        return None
    phase = _blina_phase(a)
    expected = [(per_m2, per_m2 * bsa, cap, when)
                for name, per_m2, cap, when in BLINA_PER_M2 if phase in (None, name)]
    if any(abs(daily - min(raw, cap)) <= BLINA_TOLERANCE * min(raw, cap)
           for _, raw, cap, _ in expected):
        return None
    said = " or ".join(_expected_text(*e) for e in expected)
    return (f"Blinatumomab {round(daily, 1):g} µg/day for a patient under 45 kg: expected about {said}; "
            f"BSA {bsa:.2f} m², weight {weight:g} kg")


def _expected_text(per_m2: float, raw: float, cap: float, when: str) -> str:
    if raw > cap:
        return f"{cap:g} µg/day ({per_m2:g} µg/m²/day × BSA = {raw:.1f}, capped at {cap:g}; {when})"
    return f"{raw:.1f} µg/day ({per_m2:g} µg/m²/day × BSA; {when})"


def _blina_phase(a: Admin) -> str | None:
    """'week1' for cycle 1 days 1-7, 'full' afterwards and in later cycles, None when the
    record does not say which cycle day it starts on."""
    cycle, day = a.item.cycle_no, a.item.cycle_day_start
    if cycle is not None and cycle >= 2:
        return "full"
    if day is None:
        return None
    return "week1" if day <= 7 else "full"


def _week_one_under_45kg(a: Admin, weight: float | None) -> bool:
    if weight is None or not weight < BLINA_45_KG or a.item.cycle_no not in (None, 1):
        return False
    return a.item.cycle_day_start is not None and a.item.cycle_day_start <= 7


@rule("V40", severity="warning", title="Dexamethasone premedication before blinatumomab")
def blinatumomab_premedication(ctx: RuleContext) -> Iterator[Problem]:
    dex_days = {d for a in ctx.admins_of("dexamethasone")
                if a.item.route not in INTRATHECAL_ROUTES
                for d in admin_days(a.line, a.item, ctx.index.days)}
    bsa = ctx.derived.bsa.value if ctx.derived.bsa else None
    for cycle in _blina_cycles(ctx):
        previous = None
        for k, a in enumerate(cycle):
            daily = daily_ug(a.item, bsa, ctx.case.patient.weight_kg)
            step_up = previous is not None and daily is not None and daily > previous
            day = a.span.first  # type: ignore[union-attr]
            if (k == 0 or step_up) and not dex_days & {day - 1, day}:
                what = "cycle start" if k == 0 else "dose step-up"
                yield Problem(f"{a.path}.start_day", f"Premedication not documented: no "
                              f"dexamethasone on d{day - 1}–d{day} before the blinatumomab {what}")
            previous = daily if daily is not None else previous


@rule("V62", severity="warning", title="A line with a reason ended has an end date")
def ended_line_end_date(ctx: RuleContext) -> Iterator[Problem]:
    # without it the PDF drew the finished line to the last follow-up as if still running;
    # it now ends at its last administration, marked 'end date not given'
    for i, line in enumerate(ctx.case.treatment_lines):
        if line_ended(line) and line.end_day is None:
            yield Problem(f"treatment_lines[{i}].end_day",
                          "Reason ended is set but no end date: enter the end date")


@rule("V65", severity="warning", title="A dose change falls within its drug's administration")
def dose_change_in_administration(ctx: RuleContext) -> Iterator[Problem]:
    # a dose change dated before its drug was started or after it ended is almost always a
    # typing error in one of the two dates (an escalation on d182 of a row that ended on
    # d181); a discontinuation or a delay may come after the end; only days known to the
    # day are compared, so a partial date never warns
    for a in ctx.admins:
        first, last = _given_from(ctx, a), _given_to(ctx, a)
        for k, change in enumerate(a.item.modifications):
            day = _exact(ctx, change.day)
            if change.day is None or day is None:
                continue
            problem = _outside(change, _day_words(change.day, day), day, a, first, last)
            if problem:
                yield Problem(f"{a.path}.modifications[{k}].day", problem)


def _outside(change: DoseModification, on: str, day: int, a: Admin, first: _Given | None,
             last: _Given | None) -> str | None:
    """The message when the change's ``day`` (``on`` in words) is outside the days given."""
    what = (change.kind or "dose change").capitalize()
    drug = a.item.drug_inn or "the drug"
    # a delay may be dated on the day the dose was due, before the start it postponed
    if first is not None and day < first.day and change.kind != "delay":
        return (f"{what} on {on} is before this {drug} administration starts ({first.words}): "
                f"check the dose change's When or the administration's {first.field}")
    # stopping or postponing is decided after the last dose given (at the next dose due, or
    # on a toxicity days later), so a discontinuation or a delay has no latest day; a dose
    # can only change while the drug is given
    if last is not None and day > last.day and change.kind not in ("discontinuation", "delay"):
        return (f"{what} on {on} is after this {drug} administration ends ({last.words}): "
                f"check the dose change's When or the administration's {last.field}")
    return None


class _Given(NamedTuple):
    """The first or last day an administration was given, in words, and the field saying so."""

    day: int
    words: str
    field: str


def _exact(ctx: RuleContext, when: When | None) -> int | None:
    """The day number of a when known to the day (a day number, or a full date with Day 0's
    full date), else None."""
    return None if when is None else when.exact_day(ctx.index.days.day0)


def _day_words(when: When, day: int) -> str:
    return f"d{day}" if when.is_day else f"{when.date} (d{day})"


def _given_from(ctx: RuleContext, a: Admin) -> _Given | None:
    """The first day given: the Start known to the day (a day given before it counts), else
    the first of the days given; None when it is not known to the day."""
    when, listed = a.item.start_day, listed_days(a.item.day_list)
    day = _exact(ctx, when)
    if when is not None and day is None:
        return None
    if listed and (day is None or listed[0] < day):
        return _Given(listed[0], f"d{listed[0]}", "Days given")
    return None if when is None or day is None else _Given(day, _day_words(when, day), "Start")


def _given_to(ctx: RuleContext, a: Admin) -> _Given | None:
    """The last day given: the End known to the day (a day given after it counts), else the
    last of the days given; None when it is not known to the day."""
    when, listed = a.item.end_day, listed_days(a.item.day_list)
    day = _exact(ctx, when)
    if when is not None and day is None:
        return None
    if listed and (day is None or listed[-1] > day):
        return _Given(listed[-1], f"d{listed[-1]}", "Days given")
    return None if when is None or day is None else _Given(day, _day_words(when, day), "End")
