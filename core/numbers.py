"""A number as a clinician types it: one rule for the form, pasted cells and core's parsers.

A comma is a decimal comma far more often than a thousands separator in a clinical value, and
reading one as the other is a silent 1000x error (an MRD of 0,001 stored as 1). So:

- ``0,001`` / ``0.125`` / ``,5``: a leading zero (or none) before the one separator is decimal;
- ``1,5`` / ``55,5`` / ``1234,5``: a single comma is a decimal comma, as a single point is a
  decimal point;
- ``1 500``, ``1,500.5``, ``1.500,5``, ``1,234,567``: unambiguous groupings are read as such
  (spaces and the other separator before the decimal one are thousands separators);
- ``1,500`` / ``2.000``: one separator followed by exactly three digits could be either; it is
  refused (``AmbiguousNumber``) asking for it without a thousands separator, except where only
  one reading fits: in a whole-number field ``1,500`` is 1500 (1.5 is not whole), while
  ``2.000`` (2 or 2000, both whole) is still refused.
"""

from __future__ import annotations

import re

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


def read_number(text: str, whole: bool = False) -> float:
    """The value of a typed number (see the module's rules); ``whole``: the field holds whole
    numbers only, which settles ``1,500`` as 1500. Raises NumberError / AmbiguousNumber."""
    t = text.translate(_SPACES).replace("−", "-")
    power = _POWER.fullmatch(t)
    if power:
        return 10.0 ** int(power.group(1))
    t = _plain(text, t, whole)
    try:
        return float(t)
    except ValueError:
        raise NumberError(f"'{text}' is not a number") from None


def _plain(text: str, t: str, whole: bool) -> str:
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
    ambiguous = _AMBIGUOUS.fullmatch(t)
    if ambiguous:
        thousands, decimal = t.replace(",", "").replace(".", ""), t.replace(",", ".")
        if whole and not float(decimal).is_integer():
            return thousands
        raise AmbiguousNumber(text.strip(), str(int(thousands)), decimal)
    return t.replace(",", ".") if _ONE_SEPARATOR.fullmatch(t) else t

