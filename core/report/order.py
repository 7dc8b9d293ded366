"""The order of the rows of the PDF's dated tables: by *when* (CASE-MODEL: a partial date sorts
by its first day; ties keep entry order), whatever order the entries were typed in. Only the
printed rows move: the case keeps its entry order, and a row's derived values are still looked
up by the record's position in its list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from core.model import When
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
