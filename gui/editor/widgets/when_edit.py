"""A *when* field: ``2023-04-18``, ``2023-04``, ``2023``, the user's date format, or a day
number (``d168``, ``d-30``); Day 0's own field takes a date only (day numbers count from it).
The binding (form.py / delegates) parses and reports bad text."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from core.model.when import local_example
from gui.editor.widgets.line_field import FieldLine

EXAMPLE_DATE = dt.date(2023, 4, 18)


def when_hint(date_format: str | None, *, days: bool = True) -> str:
    """The forms a when field takes; ``days`` False: Day 0's date, which refuses a day number
    (it offered "d168, d-30" and then refused them)."""
    local = f", {EXAMPLE_DATE.strftime(date_format)}" if date_format else ""
    if not days:
        return f"a calendar date: 2023-04-18, 2023-04, 2023{local}"
    return f"2023-04-18, 2023-04, 2023{local} or a day number: d168, d-30"


class WhenEdit(FieldLine):
    def __init__(self, date_format: str | None = None, parent: QWidget | None = None, *,
                 days: bool = True) -> None:
        super().__init__("when", parent)
        self.date_format = date_format
        self.days = days
        self.setPlaceholderText("date or d168" if days else "YYYY-MM-DD")
        self.base_tip = when_hint(date_format, days=days)
        self.setToolTip(self.base_tip)

    def set_date_format(self, date_format: str | None) -> None:
        """Preferences changed the date format: the hint (in the tooltip, also under a
        message shown there) gives the new format's example."""
        old_format = self.date_format
        old = when_hint(old_format, days=self.days)
        new = when_hint(date_format, days=self.days)
        self.date_format = date_format
        self.base_tip = self.base_tip.replace(old, new)
        tip = self.toolTip().replace(old, new)
        # a refusal's message above it offered the old format's example and pattern too
        was, now = local_example(old_format), local_example(date_format)
        if was and was != now:
            lines = tip.splitlines()
            for old_text, new_text in zip(was, now or ("", ""), strict=True):
                lines[0] = lines[0].replace(f", {old_text}", f", {new_text}" if new_text else "")
                lines[0] = lines[0].replace(f" or {old_text} ", f" or {new_text} " if new_text
                                            else " ")
            tip = "\n".join(lines)
        self.setToolTip(tip)


def refresh_date_hints(root: QWidget, date_format: str | None) -> None:
    """Every date field built under ``root`` (forms, an open table cell) shows the hint of
    ``date_format`` (what is typed is read with it already)."""
    for field in root.findChildren(WhenEdit):
        field.set_date_format(date_format)
