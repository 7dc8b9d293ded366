"""The *when* of a dated entry: a calendar date (full or partial) or a day number.

JSON form: an integer is a day number relative to the case's Day 0; a string is a calendar
date, full (``2023-04-18``) or partial (``2023-04``, ``2023``). On input ``d168`` / ``d-30``
are accepted as day numbers. Nothing invents dates: a case from a publication keeps day numbers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

DAY_LIMIT = 36_500
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DAY_RE = re.compile(r"^[dD]\s*([+-]?\d+)$")
# a day, a month and a four-digit year, in the order of the user's date format, with any of
# . / - between them (31.02.2023 is an attempt at a date in day.month.year form)
_LOCAL_RE = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})$")
# the year first with slashes or dots (2023/09/20, 2023.9.20): read one way only, whatever
# the date format chosen (lab systems and East Asian records write dates so)
_YEAR_FIRST_RE = re.compile(r"^(\d{4})\s*([./])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
EXAMPLE_DATE = dt.date(2023, 4, 18)  # in the user's date format among a refusal's examples
_PATTERN_CODES = (("%d", "DD"), ("%m", "MM"), ("%Y", "YYYY"))


class WhenError(ValueError):
    """A text that is neither a date nor a day number."""


@dataclass(frozen=True, order=False)
class When:
    """A day number (``day``) or an ISO date, full or partial (``date``). Exactly one is set."""

    day: int | None = None
    date: str | None = None

    @property
    def is_day(self) -> bool:
        return self.day is not None

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """First and last calendar day covered by a (partial) date; None for a day number."""
        if self.date is None:
            return None
        m = _DATE_RE.match(self.date)
        assert m
        year = int(m.group(1))
        if m.group(3):
            d = dt.date(year, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            month = int(m.group(2))
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    def day_range(self, day0: When | None) -> tuple[int, int] | None:
        """Day numbers (first, last) relative to Day 0, or None when they cannot be known."""
        if self.day is not None:
            return self.day, self.day
        if day0 is None or day0.date is None:
            return None
        mine, anchor = self.date_range(), day0.date_range()
        assert mine and anchor
        return (mine[0] - anchor[0]).days, (mine[1] - anchor[0]).days

    def first_day(self, day0: When | None) -> int | None:
        rng = self.day_range(day0)
        return None if rng is None else rng[0]

    def exact_day(self, day0: When | None) -> int | None:
        """The day number relative to Day 0 only when it is known to the day: a day number, or
        a full date with Day 0 a full date. A partly known date (``2023-05``) has none, so an
        export never claims a precision that was not recorded."""
        if self.day is not None:
            return self.day
        if self.date is None or len(self.date) != 10 or day0 is None or day0.date is None \
                or len(day0.date) != 10:
            return None
        return (dt.date.fromisoformat(self.date) - dt.date.fromisoformat(day0.date)).days

    def to_json(self) -> int | str:
        return self.day if self.day is not None else self.date  # type: ignore[return-value]

    def display(self) -> str:
        return f"d{self.day}" if self.day is not None else str(self.date)

    def __str__(self) -> str:
        return self.display()


def parse_when(value: Any, *, date_format: str | None = None, days: bool = True) -> When:
    """Parse the accepted forms; raise WhenError with a plain-language message otherwise.
    ``days`` False: a field that takes a date only (Day 0's: day numbers count from it), whose
    refusal offers no day number."""
    if isinstance(value, When):
        return value
    if isinstance(value, bool):
        raise WhenError("expected a date or a day number, not true/false")
    if isinstance(value, int):
        return _checked_day(value)
    if isinstance(value, float) and value.is_integer():
        return _checked_day(int(value))
    if isinstance(value, dt.date):
        return When(date=value.isoformat())
    if not isinstance(value, str):
        raise WhenError("expected a date (2023-04-18, 2023-04, 2023) or a day number (d168)")
    text = value.strip()
    m = _DAY_RE.match(text)
    if m:
        return _checked_day(int(m.group(1)))
    m = _DATE_RE.match(text)
    if m:
        return _checked_date(text, m)
    m = _YEAR_FIRST_RE.match(text)
    if m:
        return _checked_parts(text, int(m.group(1)), int(m.group(3)), int(m.group(4)))
    if date_format:
        try:
            parsed = dt.datetime.strptime(text, date_format).date()
        except ValueError:
            pass
        else:
            _checked_year(parsed.year)
            return When(date=parsed.isoformat())
        local = _local_date(text, date_format)
        if local is not None:
            return local
    # the user's own date format among the forms offered, as the field's tooltip gives it
    own = local_example(date_format)
    if not days:
        if own is None:
            raise WhenError(f"'{value}' is not a date: YYYY-MM-DD, YYYY-MM or YYYY (2023-04-18)")
        raise WhenError(f"'{value}' is not a date: YYYY-MM-DD, YYYY-MM, YYYY or {own[1]} "
                        f"(2023-04-18, {own[0]})")
    examples = "2023-04-18, 2023-04, 2023" + (f", {own[0]}" if own else "")
    raise WhenError(f"'{value}' is not a date ({examples}) or a day number (d168, d-30)")



def local_example(date_format: str | None) -> tuple[str, str] | None:
    """The example date (18 April 2023) in the user's date format and the format as a pattern
    (``18/04/2023``, ``DD/MM/YYYY``); None without one, or for the ISO form itself."""
    if not date_format:
        return None
    example = EXAMPLE_DATE.strftime(date_format)
    if example == EXAMPLE_DATE.isoformat():
        return None
    pattern = date_format
    for code, letters in _PATTERN_CODES:
        pattern = pattern.replace(code, letters)
    return example, pattern


def _checked_day(day: int) -> When:
    if not -DAY_LIMIT <= day <= DAY_LIMIT:
        raise WhenError(f"day {day} is outside -{DAY_LIMIT}..{DAY_LIMIT}")
    return _day_when(day)


@functools.lru_cache(maxsize=4096)
def _day_when(day: int) -> When:
    """Whens are immutable: share one object per day number."""
    return When(day=day)


def _checked_date(text: str, m: re.Match[str]) -> When:
    month, day = (int(part) if part else None for part in m.group(2, 3))
    return _checked_parts(text, int(m.group(1)), month, day)


def _local_date(text: str, date_format: str) -> When | None:
    """A numeric day, month and year in the date format's order, whatever the separators;
    None when the text or the format is not of that kind."""
    m = _LOCAL_RE.match(text)
    places = [date_format.find(code) for code in ("%d", "%m", "%Y")]
    if m is None or -1 in places or places[2] < max(places[:2]):  # the year last, as here
        return None
    first, second = int(m.group(1)), int(m.group(2))
    day, month = (first, second) if places[0] < places[1] else (second, first)
    return _checked_parts(text, int(m.group(3)), month, day)


def _checked_parts(text: str, year: int, month: int | None, day: int | None) -> When:
    """The ISO date of year, month and day (month and day may be unknown), or a WhenError
    saying in calendar words what is wrong: no month 13, no 30 February."""
    _checked_year(year)
    if month is None:
        return When(date=f"{year:04d}")
    if not 1 <= month <= 12:
        raise WhenError(f"'{text}': there is no month {month}")
    if day is None:
        return When(date=f"{year:04d}-{month:02d}")
    last = calendar.monthrange(year, month)[1]
    if day < 1:
        raise WhenError(f"'{text}': there is no day {day}")
    if day > last:
        leap = f" ({year} is not a leap year)" if month == 2 and day == 29 else ""
        raise WhenError(f"'{text}': {MONTH_NAMES[month - 1]} {year} has no day {day}{leap}")
    return When(date=f"{year:04d}-{month:02d}-{day:02d}")


def _checked_year(year: int) -> None:
    if not 1900 <= year <= 2100:
        raise WhenError(f"year {year} is outside 1900..2100")


def _validate(value: Any) -> When:
    if type(value) is int and -DAY_LIMIT <= value <= DAY_LIMIT:
        return _day_when(value)  # most stored whens: parse_when's answer, without its checks
    try:
        return _text_when(value) if type(value) is str else parse_when(value)
    except WhenError as exc:
        raise ValueError(str(exc)) from exc


@functools.lru_cache(maxsize=4096)
def _text_when(text: str) -> When:
    """``parse_when`` of a text, cached (Whens are immutable; the same dates recur: a bulk
    index rebuild validates ~50 whens per case)."""
    return parse_when(text)


WhenField = Annotated[
    When,
    PlainValidator(_validate),
    PlainSerializer(lambda w: w.to_json(), return_type=int | str),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "integer", "minimum": -DAY_LIMIT, "maximum": DAY_LIMIT,
                 "description": "day number relative to Day 0"},
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                 "description": "calendar date, full or partial"},
            ]
        }
    ),
]
