"""Laboratory values in canonical units (§8), their flags, and the analyte ranges (§5.12)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from core.model.diagnostics import LabResult
from core.model.vocab import vocabulary
from core.units import UnitError, analyte_info, to_canonical

_CSF_ANALYTES = {"wbc": "CSF WBC", "rbc": "CSF RBC"}
# A temperature from 38 °C is fever: a clinical finding (recorded as such, e.g. CRS), flagged
# H on the value, not an implausible value to warn about (V50).
CLINICAL_FLAG_ONLY = frozenset({"Temperature"})


@dataclass(frozen=True)
class Ranges:
    hard_low: float | None = None
    hard_high: float | None = None
    warn_low: float | None = None
    warn_high: float | None = None


@dataclass(frozen=True)
class LabValue:
    """A lab value in its analyte's canonical unit; ``error`` says why it could not be had."""

    analyte: str | None
    value: float | None
    unit: str | None
    flag: str | None = None
    error: str | None = None


def analyte_name(lab: LabResult) -> str | None:
    """The canonical analyte name (CSF counts named as such when the specimen is CSF)."""
    info = analyte_info(lab.analyte)
    if info is None:
        return None
    if lab.specimen == "csf":
        return _CSF_ANALYTES.get(info.name.casefold(), info.name)
    return info.name


@cache
def ranges(analyte: str) -> Ranges:
    """Hard and warn ranges of an analyte from the analyte vocabulary (empty if unlisted)."""
    entry = vocabulary("analyte").get(analyte)
    if entry is None:
        return Ranges()
    return Ranges(entry.get("hard_low"), entry.get("hard_high"), entry.get("warn_low"),
                  entry.get("warn_high"))


def derive_lab(lab: LabResult) -> LabValue:
    name = analyte_name(lab)
    value = lab.value_entered
    if name is None:
        return LabValue(None, None, None, error=f"unknown analyte '{lab.analyte}'")
    if value is None or not math.isfinite(value):
        return LabValue(name, None, None)
    try:
        canonical, unit = to_canonical(name, value, lab.unit_entered)
    except UnitError as exc:
        return LabValue(name, None, None, error=str(exc))
    return LabValue(name, canonical, unit, _flag(lab, name, canonical))


def _flag(lab: LabResult, analyte: str, value: float) -> str | None:
    """L/H against the reference range entered with the result, else the warn range."""
    low, high = lab.ref_low, lab.ref_high
    if low is None and high is None:
        r = ranges(analyte)
        low, high = r.warn_low, r.warn_high
    if low is not None and value < low:
        return "L"
    if high is None:
        return None
    above = value >= high if analyte in CLINICAL_FLAG_ONLY else value > high
    return "H" if above else None
