"""Response assessments and the records they rest on (marrow, counts, MRD, BCR::ABL1).

Categories are chosen with the same thresholds the app derives them with (reference §7.2,
§7.3, §4.12), so a derived category never disagrees with the recorded one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from core.synth.builder import CaseBuilder
from core.synth.genetics import bcr_abl1_quant
from core.synth.profiles import Profile

MRD_LOD = {
    "MFC": 1e-4,
    "NGF_EuroFlow": 1e-5,
    "NGS_IG_TR": 1e-6,
    "RQ-PCR_IG_TR": 1e-5,
    "RT-qPCR_BCR::ABL1": 1e-5,
}


@dataclass
class Course:
    """What happened in the synthetic course, for the outcome and the narrative."""

    in_remission: bool = False
    incomplete_recovery: bool = False
    refractory: bool = False
    relapse_day: int | None = None
    hsct_day: int | None = None
    therapies: list[str] = field(default_factory=list)
    mrd_negative: bool | None = None
    death_day: int | None = None
    death_cause: str | None = None
    cns_last: str | None = None
    last_is: float | None = None
    mutation: str | None = None
    severe_ae: bool = False


def marrow_category(anc: float, plt: float) -> str:
    if anc >= 1.0 and plt >= 100:
        return "CR"
    if anc > 0.5 and plt > 50:
        return "CRh"
    return "CRi"


def mrd_response(value: float | None, lod: float) -> str:
    if value is None:
        return "complete_MRD_response" if lod <= 1e-4 else "MRD_intermediate"
    return "MRD_failure" if value >= 1e-4 else "MRD_intermediate"


def molecular_category(level: float | None, control_copies: int) -> str:
    """ELN molecular response from % IS; undetectable results count by ABL1 copies."""
    if level is None:
        if control_copies >= 100_000:
            return "MR5"
        if control_copies >= 32_000:
            return "MR4.5"
        return "MR4" if control_copies >= 10_000 else "no_MMR"
    for limit, category in ((0.001, "MR5"), (0.0032, "MR4.5"), (0.01, "MR4"), (0.1, "MMR_MR3")):
        if level <= limit:
            return category
    return "no_MMR"


def response(
    b: CaseBuilder,
    day: int,
    line_no: int | None,
    scope: str,
    category: str,
    criteria: str,
    basis: dict[str, Any] | None = None,
    **extra: Any,
) -> None:
    record: dict[str, Any] = {
        "day": day,
        "scope": scope,
        "category": category,
        "criteria_system": criteria,
        **extra,
    }
    if line_no is not None:
        record["line_no"] = line_no
    if basis:
        record["basis_refs"] = basis
    b.add("response_assessments", record)


def marrow(b: CaseBuilder, profile: Profile, day: int, blasts: float, **extra: Any) -> int:
    lineage = {"T-ALL": "lymphoid_T", "B-ALL": "lymphoid_B"}.get(
        profile.entity, "lymphoid_B" if profile.bp_lineage == "lymphoid_B" else "myeloid"
    )
    record = {
        "day": day,
        "specimen": "bm_aspirate",
        "blast_pct_morphology": round(blasts, 1),
        "blast_lineage": lineage,
        "cells_counted": 500,
        **extra,
    }
    bm_id: int = b.add("bm_assessments", record)["bm_assessment_id"]
    return bm_id


def mrd(b: CaseBuilder, profile: Profile, day: int, negative_p: float) -> str:
    """An MRD measurement; returns its response category."""
    rng = b.rng
    if profile.ph and rng.random() < 0.5:
        method = "RT-qPCR_BCR::ABL1"
    else:
        method = rng.choices(
            ("MFC", "NGF_EuroFlow", "NGS_IG_TR", "RQ-PCR_IG_TR"), weights=(5, 2, 2, 1)
        )[0]
    lod = MRD_LOD[method]
    value = (
        None
        if rng.random() < negative_p
        else float(f"{10 ** rng.uniform(max(-5.0, math.log10(lod) + 0.1), -1.5):.2g}")
    )
    record: dict[str, Any] = {"day": day, "specimen": "bm", "method": method, "lod_fraction": lod}
    if value is not None:
        record["value_fraction"] = value
    b.add("mrd_assessments", record)
    return mrd_response(value, lod)


def remission(
    b: CaseBuilder,
    profile: Profile,
    course: Course,
    day: int,
    line_no: int,
    *,
    csf_id: int | None,
    full_recovery: bool = True,
    mrd_negative_p: float = 0.5,
) -> str:
    """Marrow blasts <5% with counts on the same day; MRD (and BCR::ABL1) alongside."""
    rng = b.rng
    if full_recovery:
        anc, plt = rng.uniform(1.1, 4.5), rng.uniform(105, 380)
    elif rng.random() < 0.5:
        anc, plt = rng.uniform(0.6, 0.95), rng.uniform(55, 95)
    else:
        anc, plt = rng.uniform(0.2, 0.9), rng.uniform(15, 45)
    anc, plt = round(anc, 2), round(plt)
    bm_id = marrow(
        b,
        profile,
        day,
        rng.uniform(0.2, 4.2),
        trilineage_hematopoiesis="present",
        cellularity_pct=round(rng.uniform(25, 65)),
    )
    b.counts(day, anc=anc, plt=plt, hb=rng.uniform(85, 128), blasts=0.0)
    category = marrow_category(anc, plt) if profile.lymphoid_course else "CHR"
    criteria = "NCCN-ALL" if profile.lymphoid_course else "ELN-2020"
    basis: dict[str, Any] = {"bm": [bm_id], "lab_days": [day]}
    if csf_id is not None:
        basis["csf"] = [csf_id]
    response(b, day, line_no, "marrow_hematologic", category, criteria, basis)
    if profile.lymphoid_course:
        category_mrd = mrd(b, profile, day, mrd_negative_p)
        response(b, day, line_no, "mrd", category_mrd, "NCCN-ALL", {"mrd_days": [day]})
        course.mrd_negative = category_mrd == "complete_MRD_response"
    if profile.ph:
        course.last_is = residual_bcr_abl1(b, profile, day)
    course.in_remission = True
    course.incomplete_recovery = category in ("CRh", "CRi")
    return category


def residual_bcr_abl1(b: CaseBuilder, profile: Profile, day: int) -> float:
    """BCR::ABL1 after treatment: low or undetectable; returns the level (0 when undetectable)."""
    level = None if b.rng.random() < 0.25 else 10 ** b.rng.uniform(-3.3, 0.3)
    bcr_abl1_quant(b, profile, day, level)
    return 0.0 if level is None else level


def refractory(b: CaseBuilder, profile: Profile, course: Course, day: int, line_no: int) -> None:
    rng = b.rng
    bm_id = marrow(b, profile, day, rng.uniform(8, 65), cellularity_pct=round(rng.uniform(60, 95)))
    b.counts(
        day,
        anc=rng.uniform(0.1, 0.9),
        plt=rng.uniform(8, 60),
        hb=rng.uniform(66, 95),
        blasts=round(rng.uniform(0, 25), 1),
    )
    criteria = "NCCN-ALL" if profile.lymphoid_course else "ELN-2020"
    response(
        b,
        day,
        line_no,
        "marrow_hematologic",
        "refractory",
        criteria,
        {"bm": [bm_id], "lab_days": [day]},
    )
    course.in_remission, course.refractory = False, True
