"""Lesion burden on neuroimaging (reference §4.15's note): the sum of the products of the two
largest perpendicular diameters (SPD) of the leukemic lesions, and its change from baseline.

There is no consensus response standard for leukemic parenchymal lesions; the app follows
PCNSL/IPCG practice loosely: a decrease of the SPD by at least 50% is consistent with a
partial response, an increase by at least 25% with progression, an SPD of 0 after a
measurable baseline with complete resolution. The category is shown beside the entered
radiologic response; it never replaces it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.model.diagnostics import ImagingLesion, Neuroimaging

PR_DECREASE_PCT = 50.0
PROGRESSION_INCREASE_PCT = 25.0
_NOT_LESIONS = frozenset({"hemorrhage", "hydrocephalus"})


@dataclass(frozen=True)
class ImagingBurden:
    """The SPD of one imaging study (mm²) and its change from the baseline study; None with a
    ``note`` when it cannot be computed."""

    spd_mm2: float | None
    baseline_path: str | None = None
    baseline_spd_mm2: float | None = None
    change_pct: float | None = None
    category: str | None = None  # what the SPD change is consistent with (§4.15)
    note: str | None = None


def _size(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) and x >= 0 else None


def _counted(lesion: ImagingLesion) -> bool:
    return lesion.attributed_to_leukemia != "no" and lesion.pattern not in _NOT_LESIONS


def spd(img: Neuroimaging) -> tuple[float | None, str | None]:
    """(SPD in mm², note): the sum over the leukemic lesions of longest diameter × its
    perpendicular; 0 for a normal study with no lesion; None when a lesion is not measured."""
    lesions = [x for x in img.lesions if _counted(x)]
    if not lesions:
        if img.overall_finding in ("normal", "non_leukemic_abnormality"):
            return 0.0, None
        return None, "no lesion recorded"
    total = 0.0
    for lesion in lesions:
        longest, perpendicular = _size(lesion.max_diameter_mm), _size(lesion.perpendicular_mm)
        if longest is None or perpendicular is None:
            return None, "a lesion without both diameters"
        total += longest * perpendicular
    return total, None


def _baseline(index: int, studies: Sequence[Neuroimaging],
              days: Sequence[int | None]) -> int | None:
    """The baseline of study ``index``: the study its comparison chain ends at (or the first
    one marked baseline on the way), else the latest earlier study marked baseline."""
    by_id = {s.neuroimaging_id: i for i, s in enumerate(studies) if s.neuroimaging_id is not None}
    current, seen = index, {index}
    while True:
        ref = studies[current].comparison_to
        following = by_id.get(ref) if ref is not None else None
        if following is None or following in seen:
            break
        current = following
        seen.add(current)
        if studies[current].radiologic_response == "baseline":
            return current
    if current != index:
        return current
    day = days[index]
    if day is None:
        return None
    earlier = [(days[i], i) for i, s in enumerate(studies) if i != index
               and s.radiologic_response == "baseline" and days[i] is not None
               and days[i] <= day]  # type: ignore[operator]
    return max(earlier)[1] if earlier else None


def _category(now: float, base: float, change: float | None) -> str | None:
    if now == 0 and base > 0:
        return "complete_resolution"
    if change is None:
        return None
    if change <= -PR_DECREASE_PCT:
        return "partial_response"
    if change >= PROGRESSION_INCREASE_PCT:
        return "progression"
    return "stable"


def imaging_burden(studies: Sequence[Neuroimaging],
                   days: Sequence[int | None]) -> dict[str, ImagingBurden]:
    """The SPD of each study and its change from its baseline, by field path
    (``neuroimaging[i]``); ``days`` are the studies' day numbers, in the same order."""
    sums = [spd(s) for s in studies]
    out = {}
    for i, study in enumerate(studies):
        value, note = sums[i]
        base = None if study.radiologic_response == "baseline" else _baseline(i, studies, days)
        result = ImagingBurden(value, note=note)
        if base is not None:
            base_value, base_note = sums[base]
            change = None
            if value is not None and base_value:
                change = (value - base_value) / base_value * 100.0
            category = (_category(value, base_value, change)
                        if value is not None and base_value is not None else None)
            result = ImagingBurden(value, f"neuroimaging[{base}]", base_value, change, category,
                                   note or (f"baseline: {base_note}" if base_note else None))
        out[f"neuroimaging[{i}]"] = result
    return out
