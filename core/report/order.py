"""The order of the rows of the PDF's dated tables: by *when* (CASE-MODEL: a partial date sorts
by its first day; ties keep entry order), whatever order the entries were typed in
(``record_order``); a line's drugs by date with each drug's steps together
(``administration_order``). The kit manuscript's tables use the same orders. Only the
printed rows move: the case keeps its entry order, and a row's derived values are still looked
up by the record's position in its list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from core.clinical.days import Days, admin_span
from core.clinical.tables import drug_key
from core.model import When
from core.model.treatment import DrugAdministration, TreatmentLine
from core.report.walk import fields_holding

SortKey = tuple[int, int]
UNDATED: SortKey = (2, 0)


def when_key(when: When | None, day0: When | None) -> SortKey:
    """Day-known entries first by their first day relative to Day 0; then calendar dates that
    cannot be put on a day (Day 0 is no date) by their first calendar day; then undated."""
    if when is None:
        return UNDATED
    first = when.first_day(day0)
    if first is not None:
        return (0, first)
    dates = when.date_range()
    return (1, dates[0].toordinal()) if dates else UNDATED


@cache
def when_field(model: type[BaseModel]) -> str | None:
    """The field that dates a record: its first *when* field (``day``, ``onset_day``,
    ``start_day``, ``infusion_day``), or None for a record that has none."""
    names = fields_holding(model, When)
    return names[0] if names else None


def record_key(record: BaseModel, day0: When | None) -> SortKey:
    name = when_field(type(record))
    return when_key(getattr(record, name), day0) if name else UNDATED


def in_when_order(items: Sequence[Any], key: Callable[[Any], SortKey]) -> list[int]:
    """The positions of ``items`` in printing order: by ``key``, ties in entry order."""
    return sorted(range(len(items)), key=lambda i: key(items[i]))


def record_order(items: Sequence[BaseModel], day0: When | None) -> list[int]:
    """The positions of a list of records in the order their table prints them, by each
    record's own when field (``record_key``): the PDF's record tables and the kit manuscript's,
    so that the two list a case typed out of order alike, with the same footnote numbers."""
    return in_when_order(items, lambda item: record_key(item, day0))


def administration_order(line: TreatmentLine, day0: When | None) -> list[int]:
    """The positions of a line's administrations in printing order, the PDF's drug table's
    and the kit manuscript's: by date, a drug's steps together. Each drug starts at its first
    day (its start, else what its cycle days or day list give), same-day drugs in the order
    entered; its later steps (the same drug, role, route and cycle at another dose, as
    blinatumomab 9 then 28 µg/day) follow it directly, by their own first days. The line then
    reads as a regimen is written, "blinatumomab 9 µg/day d1-7, then 28 µg/day d8-28", and
    in time order otherwise: sorted by date alone, the triple IT and the premedication stood
    between the two blinatumomab steps, while the manuscript kept them together."""
    days = Days(day0)
    items = line.administrations
    keys = [_first_day(line, a, days, day0) for a in items]
    steps: dict[object, list[int]] = {}
    for i, a in enumerate(items):
        steps.setdefault(_drug_steps(a, i), []).append(i)
    groups = [sorted(members, key=lambda i: (keys[i], i)) for members in steps.values()]
    groups.sort(key=lambda members: (keys[members[0]], members[0]))
    return [i for members in groups for i in members]


def _first_day(line: TreatmentLine, a: DrugAdministration, days: Days,
               day0: When | None) -> SortKey:
    span = admin_span(line, a, days)
    return (0, span.first) if span is not None else when_key(a.start_day, day0)


def _drug_steps(a: DrugAdministration, position: int) -> object:
    """What the steps of one drug share: the drug (its name, else its ATC code), its role,
    route and cycle; a drug named neither way is a group of its own."""
    drug = drug_key(a.drug_inn) or (a.atc or "").strip().upper()
    return (drug, a.role, a.route, a.cycle_no) if drug else position
