"""Unit conversions to canonical units (reference §8), and MRD / BCR::ABL1 notations.

The conversion table is ``resources/vocab/units.json``: per analyte, the canonical unit and every
accepted input unit with ``canonical = (value + offset) * factor``. Units may be typed in a
friendly form (``x10^9/L``, ``mcg``, ``°F``); they are normalised to UCUM codes first.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any

from core.numbers import AmbiguousNumber, read_number
from resources import resource_path


class UnitError(ValueError):
    """A unit, analyte or notation that cannot be converted; the message names it."""


@dataclass(frozen=True)
class Conversion:
    factor: float
    offset: float = 0.0

    def apply(self, value: float) -> float:
        return (value + self.offset) * self.factor


@dataclass(frozen=True)
class Analyte:
    name: str
    canonical: str
    units: MappingProxyType[str, Conversion]
    differential: bool = False


@cache
def _table() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(resource_path("vocab", "units.json").read_text(
        encoding="utf-8"))
    return table


def _squeeze(text: str) -> str:
    text = text.strip().replace("µ", "u").replace("μ", "u").replace("×", "x")
    return re.sub(r"\s+", "", text)


@cache
def _unit_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(exact, case-insensitive) maps to UCUM codes; UCUM is case-sensitive (G/L is giga per
    litre, g/L grams per litre), so a case-insensitive key that is ambiguous is left out."""
    exact: dict[str, str] = {}
    folded: dict[str, set[str]] = {}
    for entry in _table()["entries"]:
        for name in (entry["code"], entry["label"], *entry.get("synonyms", ())):
            exact.setdefault(_squeeze(name), entry["code"])
            folded.setdefault(_squeeze(name).casefold(), set()).add(entry["code"])
    return exact, {k: next(iter(v)) for k, v in folded.items() if len(v) == 1}


@cache
def _analytes() -> dict[str, Analyte]:
    out: dict[str, Analyte] = {}
    for name, raw in _table()["analytes"].items():
        units = {code: _conversion(spec) for code, spec in raw["units"].items()}
        analyte = Analyte(name, raw["canonical"], MappingProxyType(units),
                          bool(raw.get("differential")))
        for key in (name, *raw.get("aliases", ())):
            out.setdefault(key.casefold(), analyte)
    return out


def _conversion(spec: Any) -> Conversion:
    if isinstance(spec, dict):
        return Conversion(float(spec["factor"]), float(spec.get("offset", 0.0)))
    return Conversion(float(spec))


def normalize_unit(unit: str | None) -> str | None:
    """The UCUM code for a unit as typed (``x10^9/L`` -> ``10*9/L``), or None if unknown."""
    if not unit:
        return None
    exact, folded = _unit_lookup()
    key = _squeeze(unit)
    return exact.get(key) or folded.get(key.casefold())


_DOSE = re.compile(r"^(?P<amount>[^/]+)(?P<per>/(?:m2|kg))?(?P<time>/.+)?$", re.IGNORECASE)
_IU = ("iu", "[iu]", "ui")  # international units, as typed


def dose_unit(unit: str | None) -> str | None:
    """A dose unit as typed (``µg/day``, ``mcg/m²/d``, ``mg/m2``, ``IU``) as its code (``ug/d``,
    ``ug/m2/d``, ``mg/m2``, ``[iU]``), or None. The amount and the per-day part take the
    spellings of the table above (mcg, µg; /d, /day); a per-m² or per-kg part may stand between
    them. Whether the code is one a field accepts is the caller's to check."""
    if not unit:
        return None
    parts = _DOSE.match(_squeeze(unit).replace("²", "2"))
    if parts is None:
        return None
    amount = "[iU]" if parts["amount"].casefold() in _IU else normalize_unit(parts["amount"])
    if amount not in ("g", "mg", "ug", "[iU]"):
        return None
    time = parts["time"]
    if time is not None and normalize_unit(f"ug{time}") != "ug/d":  # /day, /d as µg/day's
        return None
    return amount + (parts["per"] or "").lower() + ("/d" if time else "")


def unit_label(code: str) -> str:
    """The on-screen label of a UCUM code (``10*9/L`` -> ``×10⁹/L``); the code if unknown."""
    for entry in _table()["entries"]:
        if entry["code"] == code:
            label: str = entry["label"]
            return label
    return code


def analyte_info(name: str | None) -> Analyte | None:
    """The analyte by name or alias (case-insensitive), or None."""
    if not name:
        return None
    return _analytes().get(name.strip().casefold())


def _analyte_or_error(analyte: str) -> Analyte:
    info = analyte_info(analyte)
    if info is None:
        raise UnitError(f"unknown analyte '{analyte}'")
    return info


def allowed_units(analyte: str) -> tuple[str, ...]:
    """The UCUM codes accepted for an analyte, canonical first."""
    info = _analyte_or_error(analyte)
    return (info.canonical, *[u for u in info.units if u != info.canonical])


def to_canonical(analyte: str, value: float, unit: str | None) -> tuple[float, str]:
    """(value in the canonical unit, canonical unit). Raises UnitError naming the unit."""
    info = _analyte_or_error(analyte)
    code = normalize_unit(unit)
    conversion = info.units.get(code) if code else None
    if conversion is None:
        accepted = ", ".join(unit_label(u) for u in allowed_units(analyte))
        if not (unit or "").strip():  # was "unit 'None' is not accepted"
            raise UnitError(f"no unit given for {info.name} (accepted: {accepted})")
        raise UnitError(f"unit '{unit}' is not accepted for {info.name} (accepted: {accepted})")
    return conversion.apply(float(value)), info.canonical


# --- MRD ------------------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_NUMBER = r"(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)"
_MRD_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], float], bool]] = [
    (re.compile(rf"^({_NUMBER})%$"), lambda m: _num(m[1], 100) / 100, True),
    (re.compile(rf"^(?:({_NUMBER})(?:x|\*))?10\^?(-[0-9]+)$"),
     lambda m: (_num(m[1]) if m[1] else 1.0) * 10.0 ** int(m[2]), False),
    (re.compile(r"^1(?:in|/|:)([0-9][0-9,.']*)$"), lambda m: 1 / _whole(m[1]), False),
    (re.compile(rf"^({_NUMBER}(?:e-?[0-9]+)?)$"), lambda m: _num(m[1], 1), False),
]


def _num(text: str, top: float | None = None) -> float:
    """A number by the form's rule (core.numbers): 0,001 is 0.001; 1,500 is refused, unless
    ``top`` (100 for a percent, 1 for a fraction) leaves one reading: 1.000% is 1%."""
    return read_number(text, None if top is None else lambda value: 0 <= value <= top)


def _whole(text: str) -> float:
    """'10,000' / "10'000" / '10.000' as a whole number (the N of '1 in N')."""
    return float(re.sub(r"[,.']", "", text))


def parse_mrd(text: str | float) -> float:
    """An MRD level as a fraction (0-1) from ``0.01%``, ``1e-4``, ``10^-4``, ``10⁻⁴``,
    ``1 x 10^-4``, ``1 in 10000`` or a plain fraction. Raises UnitError otherwise."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return _checked_fraction(float(text), str(text))
    folded = str(text).strip().translate(_SUPERSCRIPT).replace("×", "x").replace("−", "-")
    folded = re.sub(r"\s+", "", folded).casefold()
    for pattern, convert, is_percent in _MRD_FORMS:
        m = pattern.match(folded)
        if m:
            try:
                value = convert(m)
            except AmbiguousNumber as exc:
                raise UnitError(f"MRD {exc}") from None
            except (ValueError, ZeroDivisionError):
                break
            if is_percent and value > 1:
                raise UnitError(f"MRD '{text}' is above 100%")
            return _checked_fraction(value, str(text))
    raise UnitError(f"'{text}' is not an MRD level (examples: 0.01%, 1e-4, 10^-4, 1 in 10000)")


def _checked_fraction(value: float, text: str) -> float:
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise UnitError(f"MRD '{text}' is not a fraction between 0 and 1")
    return value


def plain_number(x: float) -> str:
    """A value as entered, every digit kept: 101.5, 0.0001, 1235.25 (no exponent, no trailing
    zeros). Only float noise past 10 significant figures goes (0.32000000000000006 -> 0.32, from
    a fraction times 100): a clinical value must not print rounded (101.5 °F is not 102 °F)."""
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    text = format(Decimal(f"{x:.10g}"), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


MRD_DIGITS = 4


def format_mrd(fraction: float) -> str:
    """``0.00012`` -> ``0.012% (1.2 × 10⁻⁴)``; ``0.00325`` -> ``0.325% (3.25 × 10⁻³)`` (the
    value as entered, not rounded). At most ``MRD_DIGITS`` significant figures: an MRD typed
    as "1 in 30000" is stored as its fraction, whose every digit ("0.003333333333%") no
    laboratory reports; a typed decimal has fewer."""
    if fraction <= 0:
        return "0%"
    fraction = float(f"{fraction:.{MRD_DIGITS}g}")
    exponent = math.floor(math.log10(fraction))
    mantissa = fraction / 10**exponent
    sup = str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mrd_percent(fraction)} ({plain_number(mantissa)} × 10{sup})"


def mrd_percent(fraction: float) -> str:
    """The percent part of ``format_mrd``: ``0.00012`` -> ``0.012%``, "1 in 30000" ->
    ``0.003333%`` (at most ``MRD_DIGITS`` significant figures), for the places that print the
    percent alone (the timeline's labels), so they say what the MRD text says."""
    if fraction <= 0:
        return "0%"
    return f"{plain_number(float(f'{fraction:.{MRD_DIGITS}g}') * 100)}%"


def format_count(value: float) -> str:
    """Counts: 2 significant figures below 10, else 1 decimal (§8)."""
    return f"{value:.2g}" if abs(value) < 10 else f"{value:.1f}"


# --- BCR::ABL1 and oxygen --------------------------------------------------------------------

def percent_is_from_log_reduction(log_reduction: float) -> float:
    """% IS from a log reduction below the standardised baseline: ``100 * 10^-LR``."""
    return 100 * 10 ** (-log_reduction)


def log_reduction_from_percent_is(pct_is: float) -> float:
    if pct_is <= 0:
        raise UnitError("a log reduction needs a level above 0% IS")
    return math.log10(100 / pct_is)


def oxygen_flow_category(l_per_min: float) -> str:
    """ASTCT hypoxia category of a nasal-cannula flow: <=6 L/min low flow, >6 high flow."""
    if l_per_min <= 0:
        return "none"
    if l_per_min <= 6:
        return "low_flow_le_6L_or_blow_by"
    return "high_flow_gt_6L_facemask_nonrebreather_venturi"
