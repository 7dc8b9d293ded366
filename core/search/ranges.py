"""The one range syntax of the query language: ``a..b``, ``a..``, ``..b``, ``>x``, ``>=x``,
``<x``, ``<=x``, ``=x`` or a bare ``x``, over numbers or dates (``2022``, ``2022-03``,
``2022-03-01``; a partial date covers all its days)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from core.model import WhenError, parse_when
from core.numbers import AmbiguousNumber, NumberError, read_number

Bounds = tuple[float, float]  # first and last value a typed value covers


class RangeError(ValueError):
    """A range that cannot be read; the message says why."""


class MissingBound(RangeError):
    """An operator with nothing after it (``>=``, ``<``, ``=``): says what is missing."""

    def __init__(self, operator: str, wanted: str):
        super().__init__(f"{wanted} is missing after '{operator}'")
        self.operator = operator


class EmptyRange(RangeError):
    """A range no value a field can hold is in (``ae:crs<1``, ``age:<0``): says which values
    there are."""


@dataclass(frozen=True)
class NumRange:
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # True: strictly greater than low
    high_open: bool = False  # True: strictly less than high

    def contains(self, value: float) -> bool:
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return self.high is None or (value < self.high if self.high_open else value <= self.high)


_OPERATORS = (">=", "<=", ">", "<")


def within(rng: NumRange, lowest: float, highest: float, values: str) -> NumRange:
    """``rng`` when a value from ``lowest`` to ``highest`` can be in it, else EmptyRange with
    ``values`` ('grades are whole numbers from 1 to 5'): a filter that cannot match is a
    mistake to show, not a search run to find nothing."""
    below = rng.high is not None and (rng.high < lowest or rng.high_open and rng.high <= lowest)
    above = rng.low is not None and (rng.low > highest or rng.low_open and rng.low >= highest)
    if below or above:
        raise EmptyRange(values)
    return rng


def parse_range(text: str, read: Callable[[str], Bounds], wanted: str = "a value") -> NumRange:
    """``wanted`` names what an operator typed with nothing after it is missing ('a grade
    (1-5)', 'a number'): ``ae:crs>=`` is not "'' is not a number"."""
    text = text.strip()
    if text == "=":
        raise MissingBound("=", wanted)
    text = text.removeprefix("=").strip()
    if not text:
        raise RangeError("a value or a range is needed (e.g. 18..40, >=2, 2022)")
    if ".." in text:
        return _between(text, read)
    for op in _OPERATORS:
        if text.startswith(op):
            if not text[len(op):].strip():
                raise MissingBound(op, wanted)
            first, last = read(text[len(op):].strip())
            return {
                ">=": NumRange(low=first), ">": NumRange(low=last, low_open=True),
                "<=": NumRange(high=last), "<": NumRange(high=first, high_open=True),
            }[op]
    first, last = read(text)
    return NumRange(first, last)


def _between(text: str, read: Callable[[str], Bounds]) -> NumRange:
    left, right = (part.strip() for part in text.split("..", 1))
    if not left and not right:
        raise RangeError("a range needs a value on at least one side of '..'")
    low = read(left)[0] if left else None
    high = read(right)[1] if right else None
    if low is not None and high is not None and low > high:
        raise RangeError(f"the range {text} is empty: {left} is after {right}")
    return NumRange(low, high)


def number_bounds(text: str) -> Bounds:
    """A typed number by the form's rule (core.numbers: ``1,5`` is 1.5); a filter has no range
    of its own to settle ``1,500`` (1500 or 1.5), so that is refused, as in the form."""
    try:
        value = read_number(text)
    except AmbiguousNumber as exc:
        raise RangeError(str(exc)) from None
    except NumberError:
        raise RangeError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise RangeError(f"'{text}' is not a number")
    return value, value


def read_date(text: str) -> Bounds:
    """First and last day of a (partial) date, as YYYYMMDD numbers."""
    try:
        when = parse_when(text)
    except WhenError:
        when = None
    if when is None or when.date is None or len(text) not in (4, 7, 10):
        raise RangeError(f"'{text}' is not a date (2022, 2022-03 or 2022-03-01)")
    first, last = when.date_range()  # type: ignore[misc]
    return float(date_number(first)), float(date_number(last))


def date_number(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def number_date(number: float) -> dt.date:
    n = int(number)
    return dt.date(n // 10000, n // 100 % 100, n % 100)


def iso_bounds(rng: NumRange) -> tuple[str | None, str | None]:
    """A date range as [from, to) ISO day strings, for comparing ISO timestamps."""
    low = high = None
    if rng.low is not None:
        day = number_date(rng.low)
        low = (day + dt.timedelta(days=1) if rng.low_open else day).isoformat()
    if rng.high is not None:
        day = number_date(rng.high)
        high = (day if rng.high_open else day + dt.timedelta(days=1)).isoformat()
    return low, high
