"""A number typed with its field's unit: "68 kg" in Weight (kg) is 68, "172cm" in Height is 172,
"1.8 m2" in BSA (m²) is 1.8. Another unit is refused naming the field's ("'1.72 m': Height is
in cm; type the number in cm"), never converted."""

from __future__ import annotations

import re

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉μµ×", "01234567890123456789uux")
_ALIASES = {
    "years": ("y", "yr", "yrs", "year", "years", "a"),
    "months": ("mo", "mos", "month", "months"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "/µL": ("/ul", "/mcl", "cells/ul", "/mm3", "cells/mm3"),
    "×10⁹/L": ("x10^9/l", "x10e9/l", "g/l"),
    "×10¹²/L": ("x10^12/l", "x10e12/l", "t/l"),
    "°C": ("c", "degc", "°c"),
    "cmH₂O": ("cmh2o",),
    "µg": ("ug", "mcg"),
}
# a number, then something that is not part of one (a unit typed after it)
_NUMBER_THEN_WORDS = re.compile(r"\s*[-+−]?[\d.,\u2009 ]*\d\s*([^\d\s.,%^].*)")


def _key(unit: str) -> str:
    return unit.translate(_SUPERSCRIPTS).replace(" ", "").replace("^", "").lower()


def _keys(unit: str) -> set[str]:
    return {_key(unit), *(_key(a) for a in _ALIASES.get(unit, ()))}


class WrongUnit(ValueError):
    """Text that is a number followed by a unit the field is not in."""


def without_unit(unit: str | None, label: str, text: str) -> str:
    """``text`` without a trailing ``unit`` (or one of its usual spellings); ``text`` as it is
    when no unit follows the number; WrongUnit when another unit does."""
    if not unit or unit in ("%", "fraction"):
        return text
    keys = _keys(unit)
    for cut in range(1, len(text)):
        if text[cut - 1].isdigit() or text[cut - 1] == " ":
            number, tail = text[:cut].strip(), text[cut:].strip()
            if number and tail and _key(tail) in keys:
                return number
    found = _NUMBER_THEN_WORDS.fullmatch(text)
    if found and _looks_like_a_unit(text, found.group(1)):
        raise WrongUnit(f"'{text}': {label} is in {unit}; type the number in {unit}")
    return text  # a typo such as '4O' (a letter O for a zero) is then 'not a number'


_UNITS = {_key(u) for u in ("m", "cm", "mm", "kg", "g", "mg", "l", "ml", "dl", "mmol/l",
                            "µmol/l", "mg/dl", "g/dl", "u/l", "s", "min", "d", "wk", "lb",
                            "in", "ft", "°f")}
_UNITS |= {k for unit in _ALIASES for k in _keys(unit)}


def _looks_like_a_unit(text: str, tail: str) -> bool:
    """A unit after a number: one Casebook knows, or any word set apart by a space ('12 st');
    not a letter stuck to the digits that is no unit ('4O', a typo for 40)."""
    return _key(tail) in _UNITS or text[: len(text) - len(tail)].endswith(" ")
