"""A number as a clinician types it: one rule for the form, pasted cells and core's parsers.

A comma is a decimal comma far more often than a thousands separator in a clinical value, and
reading one as the other is a silent 1000x error (an MRD of 0,001 stored as 1). So:

- ``0,001`` / ``0.125`` / ``,5``: a leading zero (or none) before the one separator is decimal;
- ``1,5`` / ``55,5`` / ``1234,5``: a single comma is a decimal comma, as a single point is a
  decimal point;
- ``1 500``, ``1,500.5``, ``1.500,5``, ``1,234,567``: unambiguous groupings are read as such
  (spaces and the other separator before the decimal one are thousands separators);
- ``1,500`` / ``1.750``: one separator followed by exactly three digits could be either, a
  1000-fold difference, so the field's own range settles it: a reading outside it is dropped
  (BSA ``1.750`` is 1.75, as 1750 m² is no BSA; Weight ``12.500`` is 12.5 kg), and one that
  remains is taken. Only when both fit (CSF RBC ``1,500``: 1500 or 1.5 cells/µL) or nothing
  bounds the value is it refused (``AmbiguousNumber``), asking for it without a thousands
  separator. Being whole settles nothing: ``1.500`` in a count field is 1500 or a mistyped 1.5.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SPACES = str.maketrans("", "", " \u00a0\u2009\u202f")
_POWER = re.compile(r"10\^([+-]?\d+)")
_ONE_SEPARATOR = re.compile(r"([+-]?)(\d*)([.,])(\d*)((?:[eE][+-]?\d+)?)")
_AMBIGUOUS = re.compile(r"[+-]?([1-9]\d{0,2})[.,](\d{3})")
_GROUPED = {sep: re.compile(rf"[+-]?\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+") for sep in ",."}


class NumberError(ValueError):
    """Text that is not a number; ``str(err)`` says what is wrong with it."""


class AmbiguousNumber(NumberError):
    """A number that reads as two values (``1,500``: 1500 or 1.5); the message offers both."""

    def __init__(self, text: str, thousands: str, decimal: str) -> None:
        short = decimal.rstrip("0").rstrip(".")
        typed = short if short != decimal else decimal + "0"  # 1.234 only as 1.2340
        super().__init__(f"'{text}' could be {thousands} or {short}: type it without a "
                         f"thousands separator ({thousands}), or as {typed}")


def read_number(text: str, fits: Callable[[float], bool] | None = None) -> float:
    """The value of a typed number (see the module's rules). ``fits``: whether a value can be
    the field's (its range), which settles ``1.750`` when only one reading fits; when none
    does, the decimal one is returned for the caller's own check to refuse with the range.
    Raises NumberError / AmbiguousNumber."""
    t = text.translate(_SPACES).replace("−", "-")
    power = _POWER.fullmatch(t)
    if power:
        return 10.0 ** int(power.group(1))
    if _AMBIGUOUS.fullmatch(t):
        return _settled(text, t, fits)
    t = _plain(t)
    try:
        return float(t)
    except ValueError:
        raise NumberError(f"'{text}' is not a number") from None


def _settled(text: str, t: str, fits: Callable[[float], bool] | None) -> float:
    """``1,500`` / ``1.750``: the one reading the field's range allows, else refused."""
    thousands, decimal = t.replace(",", "").replace(".", ""), t.replace(",", ".")
    readings = [float(thousands), float(decimal)]
    if fits is not None:
        kept = [value for value in readings if fits(value)]
        if len(kept) < 2:
            return kept[0] if kept else readings[1]
    raise AmbiguousNumber(text.strip(), str(int(thousands)), decimal)


def _plain(t: str) -> str:
    """``t`` with a decimal point as its only separator (or as it was, if it is no number)."""
    commas, points = t.count(","), t.count(".")
    if commas and points:  # the last one is the decimal separator, the other groups thousands
        decimal = "," if t.rfind(",") > t.rfind(".") else "."
        group = "." if decimal == "," else ","
        head, _, tail = t.rpartition(decimal)
        if not _GROUPED[group].fullmatch(head) or not tail.isdigit():
            return t
        return head.replace(group, "") + "." + tail
    if commas > 1 or points > 1:  # 1,234,567 or 1.234.567
        sep = "," if commas else "."
        return t.replace(sep, "") if _GROUPED[sep].fullmatch(t) else t
    return t.replace(",", ".") if _ONE_SEPARATOR.fullmatch(t) else t
