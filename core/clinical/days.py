"""Day numbers relative to Day 0 for every *when* of a case.

A when is a day number or a (partial) calendar date; a date gets day numbers only when the
case's Day 0 date is known. A partial date covers a span of days: ``Span(first, last)``.
Rules compare spans so that they fire only on a certain contradiction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pydantic import BaseModel

from core.clinical.walk import iter_fields
from core.model import Case
from core.model.treatment import DrugAdministration, TreatmentLine
from core.model.when import When

MAX_LISTED_DAYS = 3660  # longer spans are given by their ends only


class Span(NamedTuple):
    first: int
    last: int


class Days:
    """Converts whens to day spans for one case (Day 0 date fixed), with a small cache."""

    def __init__(self, day0: When | None) -> None:
        self.day0 = day0 if day0 is not None and day0.date is not None else None
        self._cache: dict[int, tuple[When, Span | None]] = {}

    def span(self, when: When | None) -> Span | None:
        if when is None:
            return None
        hit = self._cache.get(id(when))
        if hit is not None and hit[0] is when:
            return hit[1]
        rng = when.day_range(self.day0)
        span = Span(*rng) if rng else None
        self._cache[id(when)] = (when, span)
        return span

    def first(self, when: When | None) -> int | None:
        span = self.span(when)
        return None if span is None else span.first

    def last(self, when: When | None) -> int | None:
        span = self.span(when)
        return None if span is None else span.last


def definitely_before(a: Span | None, b: Span | None) -> bool:
    """True only when every day of ``a`` is before every day of ``b``."""
    return a is not None and b is not None and a.last < b.first


def cycle_start(line: TreatmentLine, admin: DrugAdministration, days: Days) -> int | None:
    """Case day of cycle day 1 for an administration's cycle: an administration of the same
    line and cycle given from cycle day 1, or the line's start for cycle 1."""
    for other in line.administrations:
        if (other.cycle_no == admin.cycle_no and other.cycle_day_start == 1
                and days.first(other.start_day) is not None):
            return days.first(other.start_day)
    if admin.cycle_no in (None, 1):
        return days.first(line.start_day)
    return None


def admin_span(line: TreatmentLine, admin: DrugAdministration, days: Days) -> Span | None:
    """Days covered by an administration: its start/end, its day list, or its cycle days."""
    listed = [d for d in admin.day_list or () if isinstance(d, int)]
    start = days.first(admin.start_day)
    end = days.last(admin.end_day)
    if start is None and admin.cycle_day_start is not None:
        base = cycle_start(line, admin, days)
        if base is not None:
            start = base + admin.cycle_day_start - 1
            if end is None and admin.cycle_day_end is not None:
                end = base + admin.cycle_day_end - 1
    if start is None and listed:
        start = min(listed)
    if start is None:
        return None
    end = max([x for x in (end, *listed) if x is not None] or [start])
    return Span(start, max(start, end))


def line_ended(line: TreatmentLine) -> bool:
    """Whether a line is over: it has a reason ended other than 'ongoing' (an end day alone
    also ends it, but a line with a reason and no end day is not open)."""
    return line.reason_end not in (None, "ongoing")


def last_given_day(line: TreatmentLine, days: Days) -> int | None:
    """The last day of the line's last administration (None when no administration has a
    day): where a line that ended without an end date is drawn to end (rule V62 asks for the
    date)."""
    spans = [admin_span(line, a, days) for a in line.administrations]
    lasts = [s.last for s in spans if s is not None]
    return max(lasts) if lasts else None


def listed_days(day_list: Iterable[int] | None) -> list[int]:
    """The days of an administration's day list, in order, each day once ([] when it lists
    none). An administration that lists days was given on those days only (IT methotrexate
    'once' on d201, d204 and d208, its start d201 and end d208, is three doses, not a course
    from d201 to d208); one without is given from its start to its end day (a continuous
    infusion). The PDF's treatment tables and the FHIR export read a row by this one rule."""
    return sorted({d for d in day_list or () if isinstance(d, int)})


def admin_days(line: TreatmentLine, admin: DrugAdministration, days: Days) -> list[int]:
    """Discrete days given (the day list), else every day of the span."""
    listed = listed_days(admin.day_list)
    if listed:
        return listed
    span = admin_span(line, admin, days)
    if span is None:
        return []
    if span.last - span.first > MAX_LISTED_DAYS:
        return [span.first, span.last]
    return list(range(span.first, span.last + 1))


def all_day_numbers(case: Case, days: Days,
                    items: list[tuple[str, BaseModel]]) -> dict[str, Span | None]:
    """Day span (or None when unknowable) of every when in the case, keyed by field path;
    administrations that give only cycle days get their derived start and end."""
    out: dict[str, Span | None] = {}
    for path, _record, _field, value in iter_fields(items, frozenset({"when"})):
        out[path] = days.span(value)
    for i, line in enumerate(case.treatment_lines):
        for j, admin in enumerate(line.administrations):
            prefix = f"treatment_lines[{i}].administrations[{j}]"
            if admin.start_day is None:
                span = admin_span(line, admin, days)
                if span is not None:
                    out[f"{prefix}.start_day"] = Span(span.first, span.first)
                    out.setdefault(f"{prefix}.end_day", Span(span.last, span.last))
    return out
