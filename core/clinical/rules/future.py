"""No event after today (part of V53, reference §6.9): a date that something happened on (Day 0,
assessments, findings, administrations, outcome...) cannot be in the future; only a field that
holds a plan may be.

Plans (allowed after today): every date of an administration recorded as *planned*; the day of
a transplant whose *performed* is "planned"; the end of a treatment line whose *reason ended* is
"ongoing", and the ends of its administrations (an expected end). Everything else is an event.

A date counts as its first day (``2026-12`` is not in the future before December ends); a day
number counts when Day 0 has a calendar date. When Day 0 itself is in the future only Day 0 and
the entries typed as calendar dates are reported (every day number would follow it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from core.clinical.findings import Problem
from core.clinical.rules.ctx import RuleContext
from core.clinical.walk import iter_fields
from core.model.when import When

DAY0 = "case_report.day0"
BIRTH = "patient.birth_date"
_EVENT = "an event that happened cannot be after today"


def plan_fields(ctx: RuleContext) -> dict[str, str]:
    """Field paths (exact, or a record prefix ending in '.') that hold a plan, with why."""
    plans: dict[str, str] = {}
    for a in ctx.admins:
        if a.item.planned_vs_actual == "planned":
            plans[f"{a.path}."] = "planned administration"
    for i, line in enumerate(ctx.case.treatment_lines):
        if line.reason_end == "ongoing":
            plans[f"treatment_lines[{i}].end_day"] = "expected end of an ongoing line"
            for j in range(len(line.administrations)):
                plans[f"treatment_lines[{i}].administrations[{j}].end_day"] = \
                    "expected end in an ongoing line"
    hsct = ctx.case.hsct
    if hsct is not None and hsct.performed == "planned":
        plans["hsct.day"] = "planned transplant"
    return plans


def is_plan(path: str, plans: dict[str, str]) -> bool:
    return path in plans or any(p.endswith(".") and path.startswith(p) for p in plans)


def _hint(path: str) -> str:
    if ".administrations[" in path:
        return "if it is not given yet, set 'Planned or actual' to planned"
    if path.startswith("treatment_lines[") and path.endswith(".end_day"):
        return "if the line is still running, set 'Reason ended' to ongoing"
    if path == "hsct.day":
        return "if the transplant has not taken place, set 'Performed' to planned"
    return _EVENT


def _first_date(when: When, anchor: dt.date | None) -> dt.date | None:
    """The earliest calendar day a when can be (None: unknown without a Day 0 date)."""
    if when.date is not None:
        return when.date_range()[0]  # type: ignore[index]
    if anchor is None or when.day is None:
        return None
    return anchor + dt.timedelta(days=when.day)


def future_dates(ctx: RuleContext) -> Iterator[Problem]:
    today = ctx.today
    day0 = ctx.case.case_report.day0
    anchor = day0.date_range()[0] if day0 is not None and day0.date is not None else None  # type: ignore[index]
    day0_future = anchor is not None and anchor > today
    if day0_future:
        yield Problem(DAY0, f"Day 0 ({day0}) is after today ({today:%Y-%m-%d}): Day 0 is the "
                            "date of a diagnosis already made")
    by_day = None if day0_future else anchor  # day numbers follow a future Day 0: not reported
    plans = plan_fields(ctx)
    seen = {DAY0}
    for path, _record, _info, when in iter_fields(ctx.index.records, frozenset({"when"})):
        if path in seen:
            continue
        seen.add(path)
        first = _first_date(when, by_day)
        if first is None or first <= today or is_plan(path, plans):
            continue
        yield _problem(path, when, first, today, day0)
    if by_day is None:
        return
    for path, span in ctx.derived.days.items():  # administration days derived from cycle days
        if path in seen or span is None or is_plan(path, plans):
            continue
        first = by_day + dt.timedelta(days=span.first)
        if first > today:
            yield _problem(path, When(day=span.first), first, today, day0)
    for a in ctx.admins:
        path = f"{a.path}.day_list"
        days = [d for d in a.item.day_list or () if isinstance(d, int)]
        if days and not is_plan(path, plans):
            first = by_day + dt.timedelta(days=max(days))
            if first > today:
                yield Problem(path, f"d{max(days)} falls on {first:%Y-%m-%d} (Day 0 is {day0}), "
                                    f"after today ({today:%Y-%m-%d}); {_hint(path)}")


def _problem(path: str, when: When, first: dt.date, today: dt.date,
             day0: When | None) -> Problem:
    if path == BIRTH:  # an identifier: its value is not repeated in the message
        return Problem(path, f"The birth date is after today ({today:%Y-%m-%d})")
    if when.date is not None:
        what = f"{when.date} is after today ({today:%Y-%m-%d})"
    else:
        what = (f"{when.display()} falls on {first:%Y-%m-%d} (Day 0 is {day0}), after today "
                f"({today:%Y-%m-%d})")
    return Problem(path, f"{what}; {_hint(path)}")
