"""MRD category and MRD response (reference §4.12, §7.3)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.model.diagnostics import MrdAssessment

MRD_THRESHOLD = 1e-4  # 0.01%
_REL = 1e-9  # tolerance for values converted from % or 10^-x


@dataclass(frozen=True)
class MrdResult:
    category: str | None
    response: str | None
    note: str | None = None


def _at_least(value: float, threshold: float) -> bool:
    return value >= threshold * (1 - _REL)


def _at_most(value: float, threshold: float) -> bool:
    return value <= threshold * (1 + _REL)


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def is_negative(mrd: MrdAssessment) -> bool:
    """Undetectable: said so, or no value and no missing-value reason for it."""
    if mrd.result == "not_detected":
        return True
    return (mrd.result is None and mrd.value_fraction is None
            and "value_fraction" not in mrd.nf)


def mrd_category(result: str | None, value: float | None, lod: float | None,
                 loq: float | None = None, value_reason: str | None = None) -> MrdResult:
    """Category and response of one MRD result (fractions: 1e-4 = 0.01%); ``value_reason``:
    why the value is missing (``pending``)."""
    value, lod, loq = _finite(value), _finite(lod), _finite(loq)
    if result == "detected" and value is None and value_reason == "pending":
        # the level is not known yet: not "not quantifiable" (below the range), and no MRD
        # response either (intermediate or failure waits for the level)
        return MrdResult("positive_level_pending", None,
                         "detected, MRD level pending: the response waits for it")
    if result == "not_detected" or (result is None and value is None):
        if lod is None:
            return MrdResult(None, None, "undetectable, but the limit of detection is missing")
        if _at_most(lod, MRD_THRESHOLD):
            return MrdResult("negative_sufficient", "complete_MRD_response")
        return MrdResult("negative_insufficient", "MRD_intermediate",
                         "undetectable with a limit of detection above 10⁻⁴")
    if value is None:
        return MrdResult("positive_not_quantifiable", "MRD_intermediate")
    if _at_least(value, MRD_THRESHOLD):
        return MrdResult("positive_ge_1e-4", "MRD_failure")
    if result == "detected_not_quantifiable" or (loq is not None and value < loq):
        return MrdResult("positive_not_quantifiable", "MRD_intermediate")
    return MrdResult("positive_below_1e-4_quantifiable", "MRD_intermediate")


def derive_mrd(mrd: MrdAssessment) -> MrdResult:
    if not is_negative(mrd) and mrd.value_fraction is None and mrd.result is None:
        return MrdResult(None, None, "MRD value not recorded")
    result = "not_detected" if is_negative(mrd) else mrd.result
    return mrd_category(result, mrd.value_fraction, mrd.lod_fraction, mrd.loq_fraction,
                        mrd.nf.get("value_fraction"))
