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


def reads_undetectable(result: str | None, value: float | None, lod: float | None,
                       reason: str | None = None) -> bool:
    """Undetectable: said so, or no result and no value but a limit of detection (the Result
    field's help) and no reason why the result or value is missing. No result, no value and no
    LoD is a result not reported: never read as negative (V31, the PDF's MRD table)."""
    if result == "not_detected":
        return True
    return result is None and value is None and lod is not None and reason is None


def _missing_reason(mrd: MrdAssessment) -> str | None:
    return mrd.nf.get("value_fraction") or mrd.nf.get("result")


def is_negative(mrd: MrdAssessment) -> bool:
    """Undetectable (``reads_undetectable``): the one reading of every consumer (V31, the
    engine's category, the PDF's MRD table, the timeline)."""
    return reads_undetectable(mrd.result, mrd.value_fraction, mrd.lod_fraction,
                              _missing_reason(mrd))


def result_missing(mrd: MrdAssessment) -> bool:
    """No result, no value, no limit of detection and no reason for them: the MRD row's
    result is the required item missing (reference §4.12: the value, or undetectable with its
    LoD)."""
    return (mrd.result is None and mrd.value_fraction is None and mrd.lod_fraction is None
            and _missing_reason(mrd) is None)


def mrd_category(result: str | None, value: float | None, lod: float | None,
                 loq: float | None = None, value_reason: str | None = None) -> MrdResult:
    """Category and response of one MRD result (fractions: 1e-4 = 0.01%); ``value_reason``:
    why the value is missing (``pending``, ``unknown``, ``not_reported``...)."""
    value, lod, loq = _finite(value), _finite(lod), _finite(loq)
    if result == "detected" and value is None:
        # the level is not known (pending, or missing for another reason or none): not "not
        # quantifiable" (that says below the quantifiable range, which only the result
        # detected_not_quantifiable or a value under the LoQ says), and no MRD response either
        # (intermediate or failure depends on the level, which may be >=1e-4)
        if value_reason == "pending":
            return MrdResult("positive_level_pending", None,
                             "detected, MRD level pending: the response waits for it")
        return MrdResult("positive_level_not_reported", None,
                         "detected, MRD level not reported: no response without it")
    if result is None and value is None and not reads_undetectable(result, value, lod,
                                                                    value_reason):
        return MrdResult(None, None, "MRD result not reported")
    if reads_undetectable(result, value, lod, value_reason):
        if lod is None:
            return MrdResult(None, None, "undetectable, but the limit of detection is missing")
        if _at_most(lod, MRD_THRESHOLD):
            return MrdResult("negative_sufficient", "complete_MRD_response")
        return MrdResult("negative_insufficient", "MRD_intermediate",
                         "undetectable with a limit of detection above 10⁻⁴")
    if value is None:  # detected_not_quantifiable: below the quantifiable range
        return MrdResult("positive_not_quantifiable", "MRD_intermediate")
    if _at_least(value, MRD_THRESHOLD):
        return MrdResult("positive_ge_1e-4", "MRD_failure")
    if result == "detected_not_quantifiable" or (loq is not None and value < loq):
        return MrdResult("positive_not_quantifiable", "MRD_intermediate")
    return MrdResult("positive_below_1e-4_quantifiable", "MRD_intermediate")


def derive_mrd(mrd: MrdAssessment) -> MrdResult:
    if is_negative(mrd):
        return mrd_category("not_detected", None, mrd.lod_fraction, mrd.loq_fraction)
    if mrd.result is None and mrd.value_fraction is None:
        return MrdResult(None, None, "MRD result not reported")
    return mrd_category(mrd.result, mrd.value_fraction, mrd.lod_fraction, mrd.loq_fraction,
                        mrd.nf.get("value_fraction"))
