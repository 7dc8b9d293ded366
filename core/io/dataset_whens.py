"""A *when*'s day and date columns edited in a dataset, read back (issue 18).

A when is exported as its day relative to Day 0 and its calendar date (Day 0 a full date).
Which of the two was entered is kept in the row's kept column (``core.io.dataset_rows``): a day
number entered is kept as it is; for a date entered, the day number written beside it is kept
under ``DAYS`` (by its day column's name). So the import can tell which of the two the user
corrected: the date wins when it was changed, the day number when only it was changed (a date
entered stays a date: Day 0 plus the day), and when both were changed they must name the same
day, or the row is refused at its day column (before, the date won silently and a corrected
day number was lost). The case report's kept column holds Day 0's date as exported (``DAY0``):
a row is compared with the dates it was exported with, so that correcting Day 0 alone leaves
a record entered as a day number a day number (it came back as its old calendar date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from core.io.tables import Table, _date, tables
from core.model import When, WhenError, parse_when

DAYS = "~days"
DAY0 = "~day0"  # on the case report's row: Day 0's date as exported (a full date)


def exported_day0(case_day0: When | None) -> str | None:
    """For the case report's kept column: Day 0's date when it is a full one, the date each
    record entered as a day number is exported with (so that a Day 0 corrected in the
    spreadsheet is told from a corrected date: those records keep their day numbers)."""
    date = case_day0.date if case_day0 is not None else None
    return date if date is not None and len(date) == 10 else None


def when_columns(table: Table) -> dict[tuple[str, ...], dict[str, str]]:
    """The day and date columns' names (by "day", "date") of each when of ``table``."""
    return _when_columns(table.name)


@cache
def _when_columns(name: str) -> dict[tuple[str, ...], dict[str, str]]:
    table = next(t for t in tables() if t.name == name)
    pairs: dict[tuple[str, ...], dict[str, str]] = {}
    for col in table.columns[1:]:
        if col.kind in ("day", "date"):
            pairs.setdefault(col.path, {})[col.kind] = col.name
    return pairs


def exported_days(table: Table, mine: dict[str, Any],
                  cells: Mapping[str, str]) -> dict[str, int]:
    """For the kept column: the day number written beside each date entered (``mine``: the
    record's dump), by its day column's name."""
    out: dict[str, int] = {}
    for path, names in when_columns(table).items():
        day_text = cells.get(names.get("day", ""), "")
        if not day_text or not cells.get(names.get("date", ""), ""):
            continue
        value: Any = mine
        for name in path:
            value = value.get(name) if isinstance(value, dict) else None
        if isinstance(value, str) and day_text.lstrip("-").isdigit():
            out[names["day"]] = int(day_text)
    return out


def take_edited_whens(table: Table, cells: dict[str, str], kept: dict[str, Any],
                      day0: Any, both_changed: set[tuple[str, ...]],
                      day0_exported: Any = None) -> list[tuple[str, str]]:
    """Let a day or date corrected in the spreadsheet win over what the export wrote.

    ``kept`` (the row's kept column, read) is changed before ``merge``: for a day number
    entered, a changed (or emptied) date is taken as the row's date, a changed day number
    with the date as exported as its day number; for a date entered (``DAYS``), a changed
    day number with the date as exported moves the date to Day 0 plus that day. ``day0``
    is the case's Day 0 as imported (the case report's ``day0``), ``day0_exported`` its
    date as exported (``DAY0``; None from an export without it: taken to be ``day0``), which
    the row's cells are compared with: a record entered as a day number whose cells are as
    exported keeps its day number when only Day 0 was corrected. ``both_changed`` gets the
    path of each when whose day and date were both changed: they must agree
    (``disagreeing_whens``). The (column, message) of a day number that cannot be read."""
    start = _day0(day0)
    before = _day0(day0_exported) if isinstance(day0_exported, str) else start
    found = kept.get(DAYS)
    days: dict[str, Any] = found if isinstance(found, dict) else {}
    errors: list[tuple[str, str]] = []
    for path, names in when_columns(table).items():
        holder: Any = kept
        for name in path[:-1]:
            holder = holder.get(name) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and type(holder.get(path[-1])) is int:
            errors += _entered_as_day(path, names, cells, holder, before, both_changed)
        elif table is tables()[0] and path == ("day0",):
            if cells.get(names.get("day", ""), "") not in ("", "0"):  # its own day: 0
                errors.append((names["day"], "Day 0 is day 0: correct its date in "
                               f"{names.get('date', 'its date column')} instead"))
        elif type(days.get(names.get("day", ""))) is int:
            errors += _entered_as_date(path, names, cells, kept, days[names["day"]], start,
                                       before, both_changed)
    return errors


def _entered_as_day(path: tuple[str, ...], names: dict[str, str], cells: dict[str, str],
                    holder: dict[str, Any], before: When | None,
                    both_changed: set[tuple[str, ...]]) -> list[tuple[str, str]]:
    day = holder[path[-1]]
    try:  # the date it was exported with (from Day 0 as exported)
        exported = _date(When(day=day), before) or ""
    except (OverflowError, ValueError):
        exported = ""
    day_text = cells.get(names.get("day", ""), str(day))
    date_text = cells.get(names.get("date", ""), exported)
    if date_text != exported and day_text not in ("", str(day)):
        both_changed.add(path)
    if date_text != exported or day_text == "":
        del holder[path[-1]]  # the row's own date (or day) is taken
    elif day_text != str(day):
        try:
            holder[path[-1]] = int(day_text)
        except ValueError:
            return [(names["day"], f"'{day_text}' is not a day number")]
    return []


def _entered_as_date(path: tuple[str, ...], names: dict[str, str], cells: dict[str, str],
                     kept: dict[str, Any], day: int, start: When | None,
                     before: When | None,
                     both_changed: set[tuple[str, ...]]) -> list[tuple[str, str]]:
    day_text = cells.get(names["day"], "")
    date_text = cells.get(names.get("date", ""), "")
    if day_text in ("", str(day)) or not date_text:
        return []  # the day number as exported (or emptied): the date is taken
    try:
        new_day = int(day_text)
    except ValueError:
        return [(names["day"], f"'{day_text}' is not a day number")]
    try:  # the date as exported: its day from Day 0 as exported
        date_day = parse_when(date_text).exact_day(before)
    except WhenError:
        return []  # named at the date cell by the case's validation
    if date_day != day or start is None or start.date is None:
        both_changed.add(path)  # the date changed too: the two must agree
        return []
    try:
        moved = (dt.date.fromisoformat(start.date) + dt.timedelta(days=new_day)).isoformat()
    except (OverflowError, ValueError):
        return [(names["day"], f"day {new_day} is not a day of the calendar from Day 0 "
                 f"{start.date}")]
    holder = kept
    for name in path[:-1]:
        holder = holder.setdefault(name, {})
    holder[path[-1]] = moved  # merged over the row's date: still a date entered
    return []


def disagreeing_whens(table: Table, cells: dict[str, str], day0: Any,
                      both_changed: set[tuple[str, ...]]) -> list[tuple[str, str]]:
    """The (day column, message) of each when of ``both_changed`` whose day number and full
    calendar date name different days (Day 0 a full date): which one is meant cannot be
    told. Also a day number beside a date that is not a number (it was not read)."""
    start = _day0(day0)
    errors: list[tuple[str, str]] = []
    for path, names in when_columns(table).items():
        day_text = cells.get(names.get("day", ""), "")
        date_text = cells.get(names.get("date", ""), "")
        if not day_text or not date_text:
            continue
        try:
            day = int(day_text)
        except ValueError:
            errors.append((names["day"], f"'{day_text}' is not a day number"))
            continue
        try:
            days = parse_when(date_text).exact_day(start)
        except WhenError:
            continue  # named at the date cell by the case's validation
        if path in both_changed and days is not None and days != day and start is not None:
            errors.append((names["day"], f"day {day} and the date {date_text} in "
                           f"{names['date']} are not the same day (the date is day {days} "
                           f"from Day 0 {start.date}); correct the other one too, or empty "
                           "the one that is wrong"))
    return errors


def _day0(day0: Any) -> When | None:
    try:
        return parse_when(day0) if isinstance(day0, str) else None
    except WhenError:
        return None
