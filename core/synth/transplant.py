"""Allogeneic stem-cell transplantation (with TBI as radiotherapy when used)."""

from __future__ import annotations

from core.synth.assess import Course
from core.synth.builder import SRC, CaseBuilder
from core.synth.profiles import Profile

MAC_REGIMENS = (
    ("cyclophosphamide + TBI 12 Gy", 12.0),
    ("busulfan + cyclophosphamide", None),
    ("etoposide + TBI 12 Gy", 12.0),
)
RIC_REGIMENS = ("fludarabine + busulfan", "fludarabine + melphalan")


def add_hsct(b: CaseBuilder, profile: Profile, course: Course, day: int, status: str) -> None:
    rng = b.rng
    intensity = "RIC" if b.patient.age >= 55 else "MAC"
    tbi = None
    if intensity == "MAC":
        regimen, tbi = rng.choice(MAC_REGIMENS)
    else:
        regimen = rng.choice(RIC_REGIMENS)
    if tbi:
        b.add(
            "radiotherapy",
            {
                "field": "TBI",
                "total_dose_Gy": tbi,
                "fractions": 6,
                "start_day": day - 6,
                "end_day": day - 4,
            },
        )
    donor = rng.choices(
        ("MSD", "MUD", "MMUD", "haploidentical", "cord_blood"), weights=(30, 33, 5, 28, 4)
    )[0]
    source = "CB" if donor == "cord_blood" else rng.choices(("PBSC", "BM"), weights=(75, 25))[0]
    record = {
        "performed": "yes",
        "type": "allogeneic",
        "donor": donor,
        "stem_cell_source": source,
        "conditioning_intensity": intensity,
        "conditioning_regimen": regimen,
        "day": day,
        "disease_status_at_hsct": status,
        "agvhd_max_grade": rng.choices(("0", "I", "II", "III", "IV"), weights=(40, 25, 20, 10, 5))[
            0
        ],
        "cgvhd_severity": rng.choices(
            ("none", "mild", "moderate", "severe"), weights=(50, 25, 18, 7)
        )[0],
        "src": SRC,
    }
    if tbi:
        record["tbi_Gy"] = tbi
    if profile.ph:
        record["post_hsct_maintenance"] = "TKI"
    b.doc["hsct"] = record
    b.see(day)
    course.hsct_day = day
    course.therapies.append("allogeneic HSCT")
