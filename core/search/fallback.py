"""Tiny stand-ins for ``core.clinical`` derivations, used only when it is absent or fails:
CNS status from CSF counts (reference §7.1, clinical signs counted for the episode) and the
MRD category (§4.12). ``core.search.derived`` is the only caller."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.model import Case, When

if TYPE_CHECKING:
    from core.search.derived import Derivations

EPISODE_WINDOW_DAYS = 7
CNS_RANK = {"not_evaluable": 0, "CNS1": 1, "CNS2": 2, "indeterminate_traumatic": 3, "CNS3": 4}
RESPONSE_RANK = ("CR", "CRh", "CRi", "MLFS", "PR", "SD_NR", "refractory", "PD")
MRD_THRESHOLD = 1e-4


def derivations(case: Case) -> Derivations:
    from core.search.derived import Derivations

    csf = [cns_status(c.blasts_present_cytospin, c.wbc_per_uL, c.rbc_per_uL,
                      c.pb_wbc_same_day, c.pb_rbc_same_day) for c in case.csf_assessments]
    csf = [(c.cns_status_override or status, [] if c.cns_status_override else subs)
           for c, (status, subs) in zip(case.csf_assessments, csf, strict=True)]
    statuses = [s for s, _ in csf]
    day0 = case.case_report.day0
    episodes = [(episode(case, statuses, _day(d.day, day0)), []) for d in case.diagnoses
                if _day(d.day, day0) is not None]
    return Derivations(csf, episodes, at_diagnosis(case, statuses),
                       [mrd_category(m) for m in case.mrd_assessments],
                       [None] * len(case.adverse_events))


def cns_status(blasts: str | None, wbc: float | None, rbc: float | None,
               pb_wbc: float | None, pb_rbc: float | None) -> tuple[str | None, list[str]]:
    """CNS status from CSF counts, without clinical signs."""
    if blasts == "not_evaluable":
        return "not_evaluable", []
    if blasts != "yes":
        return ("CNS1", []) if blasts == "no" else (None, [])
    if wbc is None or rbc is None:
        return None, []
    if rbc < 10:
        return ("CNS2", ["CNS2a"]) if wbc < 5 else ("CNS3", ["CNS3a"])
    if wbc < 5:
        return "CNS2", ["CNS2b"]
    if pb_wbc is None or not pb_rbc:
        return "indeterminate_traumatic", []
    positive = wbc * pb_rbc * 1000.0 > 2 * pb_wbc * rbc
    return ("CNS3", ["CNS3b"]) if positive else ("CNS2", ["CNS2c"])


def at_diagnosis(case: Case, statuses: list[str | None]) -> str | None:
    dx = case.main_diagnosis()
    return episode(case, statuses, _day(dx.day if dx else None, case.case_report.day0) or 0)


def episode(case: Case, statuses: list[str | None], anchor: int | None) -> str | None:
    """Worst CNS status within ±7 days of a day; clinical signs count as CNS3."""
    day0 = case.case_report.day0
    anchor = anchor or 0
    near = [s for csf, s in zip(case.csf_assessments, statuses, strict=True)
            if _near(csf.day, day0, anchor)]
    if _signs_near(case, day0, anchor):
        near.append("CNS3")
    known = [s for s in near if s in CNS_RANK]
    return max(known, key=CNS_RANK.__getitem__) if known else None


def _day(when: When | None, day0: When | None) -> int | None:
    return None if when is None else when.first_day(day0)


def _near(when: When | None, day0: When | None, anchor: int) -> bool:
    day = _day(when, day0)
    return day is not None and abs(day - anchor) <= EPISODE_WINDOW_DAYS


def _signs_near(case: Case, day0: When | None, anchor: int) -> bool:
    exams = any(e.attributed_to_leukemia == "yes" and _near(e.day, day0, anchor) and (
        e.cranial_nerve_palsy or e.hypothalamic_syndrome
        or e.ocular_involvement not in (None, "none")) for e in case.neuro_exams)
    images = any(_near(i.day, day0, anchor) and (
        i.overall_finding == "leukemic_involvement"
        or any(lesion.attributed_to_leukemia == "yes" for lesion in i.lesions))
        for i in case.neuroimaging)
    return exams or images


def mrd_category(mrd: object) -> tuple[str | None, str | None]:
    """MRD category and MRD response of one assessment."""
    result = getattr(mrd, "result", None)
    value, lod = getattr(mrd, "value_fraction", None), getattr(mrd, "lod_fraction", None)
    negative = result == "not_detected" or (
        result is None and value is None and "value_fraction" not in getattr(mrd, "nf", {}))
    if negative:
        if lod is None:
            return None, None
        if lod <= MRD_THRESHOLD:
            return "negative_sufficient", "complete_MRD_response"
        return "negative_insufficient", "MRD_intermediate"
    if value is not None and value >= MRD_THRESHOLD:
        return "positive_ge_1e-4", "MRD_failure"
    return "positive_below_1e-4_quantifiable", "MRD_intermediate"
