"""The number the editor's tables call a row by, for messages outside the editor (the command
line's validate, a dataset export's identifier hits): a table sorted by *when* numbers its
rows 1, 2, 3 down the table as shown, not in stored order, so "row 3" in a message is the row a
clinician sees third in that table. The rule is the editor's (``gui.editor.row_numbers``):
rows by their day (a day number as entered, else the day its date falls on from Day 0), then
the dated rows whose day cannot be known, then the undated ones, entry order last; the figures
are cards in stored order. The stored order is unchanged: a path still names the stored row."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from core.clinical.days import Days, admin_span
from core.errors import Blocker
from core.model import When, is_bookkeeping
from core.model.case import Case
from core.model.editor_sections import section_path
from core.model.fieldpath import parse_path
from core.model.labels import RowNumber
from core.model.treatment import DrugAdministration

IN_STORED_ORDER = ("attachments",)  # shown as cards, as stored (gui.editor.figures)
SortKey = tuple[int, int, int]  # (undated rank, day, entry order)


@cache
def when_field(model: type[BaseModel]) -> str | None:
    """The field that dates a record (day, start_day, onset_day...): its first *when* field
    the form shows, as the editor's tables sort by (``gui.editor.fields.first_when_field``)."""
    for name, info in model.model_fields.items():
        if is_bookkeeping(model, name):
            continue
        annotation = info.annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else annotation
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        if annotation is When:
            return name
    return None


def shown_row_numbers(case: Case) -> RowNumber:
    """The number each table of ``case`` shows a row by (for ``section_path``)."""
    day0 = case.case_report.day0
    days = Days(day0)
    shown: dict[str, dict[int, int]] = {}

    def number(model: type[BaseModel], list_path: str, row: int) -> int:
        if list_path not in shown:
            items = _items(case, list_path)
            when = None if list_path in IN_STORED_ORDER else when_field(model)
            keys = [_row_key(case, list_path, item, i, when, days) for i, item in enumerate(items)]
            order = sorted(range(len(items)), key=keys.__getitem__)
            shown[list_path] = {stored: n + 1 for n, stored in enumerate(order)}
        return shown[list_path].get(row, row + 1)

    return number


def shown_path(case: Case, path: str, numbers: RowNumber | None = None) -> str:
    """``path`` in words from its section, its rows numbered as the editor shows them."""
    return section_path(path, numbers or shown_row_numbers(case))


def shown_blockers(case: Case, blockers: Sequence[Blocker]) -> list[Blocker]:
    """``blockers`` with each field's label numbering its rows as the editor shows them (a
    label that is not the field's words, a CARE item's, is kept)."""
    rows = shown_row_numbers(case)
    return [dataclasses.replace(b, label=section_path(b.path, rows))
            if b.path and b.label == section_path(b.path) else b for b in blockers]


def _row_key(case: Case, list_path: str, record: Any, row: int, when: str | None,
             days: Days) -> SortKey:
    """The editor's: a day number as entered; else the day the engine gives the when (its
    date from Day 0; an administration without a start, from its cycle days or day list);
    then the whens whose day cannot be known; then the undated rows."""
    if not when:
        return (0, 0, row)
    value = getattr(record, when, None)
    if isinstance(value, When) and value.day is not None:
        return (0, value.day, row)
    span = days.span(value) if isinstance(value, When) else None
    if span is None and value is None and isinstance(record, DrugAdministration):
        line = _items(case, list_path.rpartition(".")[0])
        span = admin_span(line[0], record, days) if line else None
    if span is not None:
        return (0, span.first, row)
    return (1, 0, row) if value is not None else (2, 0, row)


def _items(case: Case, list_path: str) -> list[Any]:
    """The rows of the list at ``list_path``; for a row's path, [that row]."""
    value: Any = case
    for part in parse_path(list_path):
        try:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        except (AttributeError, IndexError, TypeError):
            return []
    return list(value) if isinstance(value, list) else [value] if value is not None else []
