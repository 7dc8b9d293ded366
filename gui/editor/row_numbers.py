"""The numbers the editor calls rows by. A table sorted by *when* numbers its rows 1, 2, 3 down
the table, as shown (it showed the stored order, 1, 3, 2, and "row 2" in Problems was the third
row down); Problems, Completeness, the titles below a table, the CNS status line and a paste's
message say the same number. The stored order is unchanged: a path still names the stored
row."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from core.model.editor_sections import section_path
from gui.editor.context import EditContext
from gui.editor.fields import first_when_field

SortKey = tuple[int, int, int]  # (undated rank, day, entry order)
IN_STORED_ORDER = ("attachments",)  # shown as cards, as stored (gui.editor.figures)


def row_sort_key(ctx: EditContext, when_field: str | None, row_path: str,
                 record: dict[str, Any], row: int) -> SortKey:
    """Where a row sorts: by its day (a day number as entered, else the day derived from its
    date), then the rows whose day cannot be known, then the undated ones; entry order last."""
    if not when_field:
        return (0, 0, row)
    value = record.get(when_field)
    day = first_day(ctx.feedback.derived_at(row_path).get(f"{when_field}:day"))
    if isinstance(value, int):
        return (0, value, row)
    if day is not None:
        return (0, day, row)
    return (1, 0, row) if value is not None else (2, 0, row)


def first_day(day: Any) -> int | None:
    if isinstance(day, int):
        return day
    if isinstance(day, str) and day.startswith("d"):
        try:
            return int(day[1:].split("–")[0])
        except ValueError:
            return None
    return None


class RowNumbers:
    """The shown number of a stored row, per list (the lists' order worked out once; make a
    new one after the case changes)."""

    def __init__(self, ctx: EditContext) -> None:
        self.ctx = ctx
        self._shown: dict[str, dict[int, int]] = {}  # list path -> {stored row: shown number}

    def number(self, model: type[BaseModel], list_path: str, row: int) -> int:
        shown = self._shown.get(list_path)
        if shown is None:
            rows = self.ctx.doc.rows(list_path)
            when = None if list_path in IN_STORED_ORDER else first_when_field(model)
            order = sorted(range(len(rows)), key=lambda r: row_sort_key(
                self.ctx, when, f"{list_path}[{r}]", rows[r] if isinstance(rows[r], dict)
                else {}, r))
            shown = self._shown[list_path] = {stored: i + 1 for i, stored in enumerate(order)}
        return shown.get(row, row + 1)

    def label(self, path: str) -> str:
        """The path in words from its section (core.model.editor_sections), its rows numbered
        as the tables show them."""
        return section_path(path, self.number)
