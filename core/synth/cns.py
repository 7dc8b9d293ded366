"""CNS records: CSF assessments, neurological exams and neuroimaging, consistent with COG/NCCN.

CSF counts are chosen so that the derived status (reference §7.1) is the intended one: blasts
with RBC <10/µL give CNS2a/CNS3a; traumatic taps carry same-day blood counts for the
Steinherz-Bleyer ratio (CNS2b/CNS2c/CNS3b).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from core.synth.builder import CaseBuilder
from core.synth.profiles import Profile

LOBES = (
    "frontal lobe",
    "parietal lobe",
    "temporal lobe",
    "occipital lobe",
    "periventricular white matter",
    "basal ganglia",
    "cerebellum",
    "thalamus",
)


@dataclass
class CnsEpisode:
    """Ids of the records that document a CNS episode and its clearance."""

    positive_csf: list[int] = field(default_factory=list)
    clear_csf: list[int] = field(default_factory=list)
    imaging: list[int] = field(default_factory=list)

    @property
    def last_clear(self) -> int | None:
        return self.clear_csf[-1] if self.clear_csf else None


def csf(
    b: CaseBuilder,
    day: int,
    status: str,
    *,
    pb_wbc: float = 5.0,
    traumatic: bool = False,
    it_given: bool = True,
) -> int:
    """One CSF assessment deriving to ``status`` (CNS1, CNS2 or CNS3); returns its id."""
    rng = b.rng
    record: dict[str, Any] = {
        "day": day,
        "sample_route": "lumbar_puncture",
        "it_given_same_procedure": it_given,
    }
    if status == "CNS1":
        bloody = rng.random() < 0.1
        record.update(
            wbc_per_uL=rng.randint(0, 4),
            rbc_per_uL=rng.randint(12, 900) if bloody else rng.randint(0, 6),
            blasts_present_cytospin="no",
        )
    elif traumatic:
        record.update(_traumatic_counts(b, status, pb_wbc))
    else:
        wbc = rng.randint(0, 4) if status == "CNS2" else rng.randint(6, 320)
        record.update(
            wbc_per_uL=wbc,
            rbc_per_uL=rng.randint(0, 8),
            blasts_present_cytospin="yes",
            blast_pct_cytospin=round(
                rng.uniform(10, 40) if status == "CNS2" else rng.uniform(30, 92)
            ),
        )
    if status != "CNS1":
        record["flow_abnormal_pct"] = round(rng.uniform(5, 90), 1)
        record["protein_g_L"] = round(rng.uniform(0.35, 1.2), 2)
        record["glucose_mmol_L"] = round(rng.uniform(1.8, 3.4), 1)
    elif rng.random() < 0.4:
        record["protein_g_L"] = round(rng.uniform(0.15, 0.45), 2)
        record["glucose_mmol_L"] = round(rng.uniform(2.8, 4.2), 1)
    csf_id: int = b.add("csf_assessments", record)["csf_assessment_id"]
    return csf_id


def _traumatic_counts(b: CaseBuilder, status: str, pb_wbc: float) -> dict[str, Any]:
    """A bloody tap with blasts: CNS2 -> CNS2b or CNS2c, CNS3 -> CNS3b (by Steinherz-Bleyer)."""
    rng = b.rng
    pb_rbc = round(rng.uniform(2.4, 4.2), 1)
    ratio_pb = (pb_wbc * 1e3) / (pb_rbc * 1e6)
    if status == "CNS3":
        rbc = rng.randint(20, 600)
        wbc = max(6, math.ceil(rbc * 2 * ratio_pb * rng.uniform(2, 5)))
    elif rng.random() < 0.5:
        wbc, rbc = rng.randint(1, 4), rng.randint(15, 500)
    else:
        wbc = rng.randint(5, 12)
        rbc = math.ceil(wbc / (2 * ratio_pb) * rng.uniform(2, 4))
    return {
        "wbc_per_uL": wbc,
        "rbc_per_uL": rbc,
        "blasts_present_cytospin": "yes",
        "blast_pct_cytospin": round(rng.uniform(5, 40)),
        "pb_wbc_same_day": pb_wbc,
        "pb_rbc_same_day": pb_rbc,
    }


def it_days(profile_cns: str | None, start: int, end: int) -> list[int]:
    """Intrathecal days in a block: twice weekly for CNS disease, else a few prophylactic ones."""
    if profile_cns in ("CNS2", "CNS3"):
        days = [start + d for d in (0, 3, 7, 10, 14, 17, 21) if start + d < end]
    else:
        days = [start, start + 13] if start + 13 < end else [start]
    return days + [end]


def diagnosis_episode(
    b: CaseBuilder, profile: Profile, days: list[int], pb_wbc: float
) -> CnsEpisode:
    """CSF at each intrathecal day of induction; disease clears after one to two weeks."""
    episode = CnsEpisode()
    status = profile.cns or "CNS1"
    clear_from = days[0] + (14 if status == "CNS3" and b.rng.random() < 0.5 else 7)
    first = csf(b, days[0], status, pb_wbc=pb_wbc, traumatic=profile.traumatic_tap)
    (episode.positive_csf if status != "CNS1" else episode.clear_csf).append(first)
    for day in days[1:]:
        still = status != "CNS1" and day < clear_from
        ident = csf(b, day, status if still else "CNS1")
        (episode.positive_csf if still else episode.clear_csf).append(ident)
    if profile.cns_involved:
        neuro_exam(b, days[0], status == "CNS3")
    if profile.parenchymal:
        episode.imaging = parenchymal_imaging(b, max(1, days[0] - 1), days[-1] - 1)
    return episode


def neuro_exam(b: CaseBuilder, day: int, cns3: bool) -> None:
    rng = b.rng
    palsy = cns3 and rng.random() < 0.3
    b.add(
        "neuro_exams",
        {
            "day": day,
            "cranial_nerve_palsy": [rng.choice(("CN_VI_left", "CN_VII_right", "CN_III_left"))]
            if palsy
            else [],
            "hypothalamic_syndrome": False,
            "ocular_involvement": "none",
            "meningism": cns3 and rng.random() < 0.3,
            "headache": cns3,
            "seizure": False,
            "attributed_to_leukemia": "yes" if cns3 else "no",
        },
    )


def parenchymal_imaging(b: CaseBuilder, baseline_day: int, follow_day: int) -> list[int]:
    """Baseline MRI with lesions attributed to leukemia, then complete resolution."""
    rng = b.rng
    lesions = []
    for _ in range(rng.randint(1, 3)):
        size = round(rng.uniform(6, 28))
        lesions.append(
            {
                "pattern": rng.choice(("parenchymal_nodular_enhancement", "parenchymal_mass")),
                "location": rng.choice(LOBES),
                "laterality": rng.choice(("left", "right")),
                "max_diameter_mm": size,
                "perpendicular_mm": max(3, size - rng.randint(1, 6)),
                "count": 1,
                "enhancing": True,
                "diffusion_restriction": rng.random() < 0.4,
                "attributed_to_leukemia": "yes",
                "src": "synthetic",
            }
        )
    first = b.add(
        "neuroimaging",
        {
            "day": baseline_day,
            "modality": "MRI",
            "region": "brain",
            "contrast": True,
            "sequences": ["T1 post-contrast", "FLAIR", "DWI"],
            "overall_finding": "leukemic_involvement",
            "radiologic_response": "baseline",
            "lesions": lesions,
            "impression": "Enhancing parenchymal lesions consistent with leukemic infiltration.",
        },
    )
    second = b.add(
        "neuroimaging",
        {
            "day": follow_day,
            "modality": "MRI",
            "region": "brain",
            "contrast": True,
            "overall_finding": "normal",
            "radiologic_response": "complete_resolution",
            "comparison_to": first["neuroimaging_id"],
            "lesions": [],
            "impression": "Complete resolution of the previously enhancing lesions.",
        },
    )
    return [first["neuroimaging_id"], second["neuroimaging_id"]]


def relapse_episode(b: CaseBuilder, day: int) -> int:
    """CSF showing CNS3 (no traumatic tap) at a combined relapse."""
    return csf(b, day, "CNS3", it_given=False)
