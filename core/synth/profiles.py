"""Who the synthetic patient is and what disease they have: entity, subtype, age, body, origin."""

from __future__ import annotations

import random
from dataclasses import dataclass

from core.synth.builder import Patient

# WHO-HAEM5 B-ALL type -> (weight in children, weight in Ph-negative adults, ICC type)
BALL_TYPES: dict[str, tuple[int, int, str]] = {
    "B-ALL with high hyperdiploidy": (25, 7, "B-ALL, hyperdiploid"),
    "B-ALL with ETV6::RUNX1 fusion": (22, 2, "B-ALL with t(12;21)(p13.2;q22.1)/ETV6::RUNX1"),
    "B-ALL NOS": (15, 33, "B-ALL, NOS"),
    "B-ALL with BCR::ABL1-like features": (10, 25, "B-ALL, BCR::ABL1-like, JAK-STAT activated"),
    "B-ALL with other defined genetic abnormalities": (6, 6, "B-ALL with DUX4 rearrangement"),
    "B-ALL with TCF3::PBX1 fusion": (5, 5, "B-ALL with t(1;19)(q23.3;p13.3)/TCF3::PBX1"),
    "B-ALL with KMT2A rearrangement": (4, 10, "B-ALL with t(v;11q23.3)/KMT2A rearranged"),
    "B-ALL with iAMP21": (3, 1, "B-ALL with iAMP21"),
    "B-ALL with hypodiploidy": (2, 9, "B-ALL, low hypodiploid"),
    "B-ALL with ETV6::RUNX1-like features": (2, 1, "B-ALL, provisional entity"),
    "B-ALL with IGH::IL3 fusion": (1, 1, "B-ALL with t(5;14)(q31.1;q32.3)/IGH::IL3"),
    "B-ALL with TCF3::HLF fusion": (1, 0, "B-ALL with HLF rearrangement"),
}
PH_TYPE = "B-ALL with BCR::ABL1 fusion"
PH_ICC = "B-ALL with t(9;22)(q34.1;q11.2)/BCR::ABL1, lymphoid-only involvement"

# country -> (weight, ethnicities with weights)
_EAST, _SOUTH, _SEA = "East Asian", "South Asian", "Southeast Asian"
_MENA, _HISP, _WHITE, _BLACK = (
    "Middle Eastern or North African",
    "Hispanic or Latino",
    "White",
    "Black",
)
COUNTRIES: dict[str, tuple[int, tuple[tuple[str, int], ...]]] = {
    "US": (18, ((_WHITE, 60), (_HISP, 18), (_BLACK, 12), (_EAST, 6), (_SOUTH, 2), ("Mixed", 2))),
    "CN": (8, ((_EAST, 1),)),
    "JP": (6, ((_EAST, 1),)),
    "KR": (4, ((_EAST, 1),)),
    "TW": (1, ((_EAST, 1),)),
    "IN": (6, ((_SOUTH, 1),)),
    "PK": (1, ((_SOUTH, 1),)),
    "DE": (8, ((_WHITE, 9), (_MENA, 1))),
    "FR": (6, ((_WHITE, 8), (_MENA, 1), (_BLACK, 1))),
    "GB": (6, ((_WHITE, 8), (_SOUTH, 1), (_BLACK, 1))),
    "IT": (6, ((_WHITE, 1),)),
    "ES": (5, ((_WHITE, 8), (_HISP, 2))),
    "NL": (2, ((_WHITE, 1),)),
    "SE": (1, ((_WHITE, 1),)),
    "PL": (2, ((_WHITE, 1),)),
    "CH": (1, ((_WHITE, 1),)),
    "AT": (1, ((_WHITE, 1),)),
    "CZ": (1, ((_WHITE, 1),)),
    "CA": (3, ((_WHITE, 7), (_EAST, 2), (_SOUTH, 1))),
    "AU": (2, ((_WHITE, 8), (_EAST, 2))),
    "BR": (3, ((_HISP, 5), ("Mixed", 3), (_WHITE, 2))),
    "MX": (2, ((_HISP, 1),)),
    "AR": (1, ((_HISP, 1),)),
    "TR": (3, ((_MENA, 1),)),
    "EG": (2, ((_MENA, 1),)),
    "SA": (1, ((_MENA, 1),)),
    "IR": (1, ((_MENA, 1),)),
    "NG": (1, ((_BLACK, 1),)),
    "ZA": (1, ((_BLACK, 6), (_WHITE, 2), ("Mixed", 2))),
    "TH": (1, ((_SEA, 1),)),
    "VN": (1, ((_SEA, 1),)),
    "SG": (1, ((_EAST, 3), (_SEA, 1))),
}
_COUNTRY_CODES = tuple(COUNTRIES)
_COUNTRY_WEIGHTS = tuple(w for w, _ in COUNTRIES.values())


@dataclass
class Profile:
    """The disease and setting of one synthetic case."""

    entity: str
    subtype: str | None = None  # WHO-HAEM5 B-ALL type, also kept when the case is coded in ICC
    icc_type: str | None = None
    classification: str = "WHO-HAEM5-2022"
    ph: bool = False
    transcript: str | None = None
    cml_phase: str | None = None
    bp_lineage: str | None = None
    cns: str | None = None
    parenchymal: bool = False
    traumatic_tap: bool = False
    chinese: bool = False
    country: str = "US"
    ethnicity: str | None = None

    @property
    def who_type(self) -> str | None:
        return self.subtype if self.classification == "WHO-HAEM5-2022" else None

    @property
    def b_lineage(self) -> bool:
        return self.entity == "B-ALL" or self.bp_lineage == "lymphoid_B"

    @property
    def lymphoid_course(self) -> bool:
        """Treated like acute lymphoblastic leukemia (B-ALL, T-ALL, CML lymphoid blast phase)."""
        return self.entity in ("B-ALL", "T-ALL") or self.bp_lineage == "lymphoid_B"

    @property
    def p210(self) -> bool:
        return self.transcript in ("e13a2", "e14a2", "e13a2+e14a2")

    @property
    def cns_involved(self) -> bool:
        return self.cns in ("CNS2", "CNS3")


def choose_entity(rng: random.Random) -> str:
    return rng.choices(("B-ALL", "T-ALL", "CML"), weights=(60, 15, 25))[0]


def choose_age(rng: random.Random, entity: str) -> int:
    if entity == "CML":
        if rng.random() < 0.008:
            return 90
        if rng.random() < 0.02:
            return rng.randint(8, 17)
        return min(89, max(18, round(rng.gauss(52, 15))))
    child_share = 0.55 if entity == "B-ALL" else 0.4
    if rng.random() < child_share:
        low = 1 if entity == "B-ALL" else 5
        return rng.choices(
            (low, rng.randint(max(2, low), 6), rng.randint(7, 12), rng.randint(13, 17)),
            weights=(4 if low == 1 else 0, 50, 28, 18),
        )[0]
    span = rng.choices(((18, 39), (40, 59), (60, 79), (80, 89)), weights=(40, 35, 22, 3))[0]
    return rng.randint(*span)


def choose_sex(rng: random.Random, entity: str) -> str:
    male_share = {"B-ALL": 0.55, "T-ALL": 0.75, "CML": 0.58}[entity]
    return "male" if rng.random() < male_share else "female"


def choose_body(rng: random.Random, age: int, sex: str, asian: bool) -> tuple[float, float]:
    """Weight (kg) and height (cm), roughly following growth and adult norms."""
    male = sex == "male"
    if age < 2:
        height, weight = rng.uniform(72, 88), rng.uniform(8.5, 12.5)
    elif age < 13:
        height = 6 * age + 77 + rng.uniform(-6, 6)
        weight = (2 * age + 8) * rng.uniform(0.85, 1.2)
    elif age < 18:
        height = 145 + (age - 12) * 4 + (5 if male else 0) + rng.uniform(-8, 8)
        weight = 40 + (age - 12) * 4 + rng.uniform(-8, 12)
    else:
        base_h = (174 if male else 162) - (4 if asian else 0)
        height = base_h + rng.gauss(0, 7)
        weight = (height - 100) * rng.uniform(0.8, 1.25)
    return round(weight, 1), round(height)


def choose_origin(rng: random.Random, chinese: bool) -> tuple[str, str | None]:
    country = "CN" if chinese else rng.choices(_COUNTRY_CODES, weights=_COUNTRY_WEIGHTS)[0]
    groups = COUNTRIES[country][1]
    ethnicity = rng.choices([g for g, _ in groups], weights=[w for _, w in groups])[0]
    return country, (None if rng.random() < 0.15 else ethnicity)


def choose_patient(
    rng: random.Random, entity: str, chinese: bool
) -> tuple[Patient, str, str | None]:
    age = choose_age(rng, entity)
    sex = choose_sex(rng, entity)
    country, ethnicity = choose_origin(rng, chinese)
    weight, height = choose_body(rng, age, sex, ethnicity in (_EAST, _SEA))
    return Patient(age, sex, weight, height), country, ethnicity


def choose_profile(rng: random.Random, entity: str, patient: Patient, *, chinese: bool,
                   country: str, ethnicity: str | None) -> Profile:
    profile = Profile(entity=entity, chinese=chinese, country=country, ethnicity=ethnicity)
    if entity == "B-ALL":
        _b_all(rng, profile, patient)
    elif entity == "CML":
        _cml(rng, profile)
    if profile.lymphoid_course:
        _cns(rng, profile)
    return profile


def _b_all(rng: random.Random, profile: Profile, patient: Patient) -> None:
    profile.ph = rng.random() < (0.25 if patient.adult else 0.03)
    if profile.ph:
        profile.subtype = PH_TYPE
        profile.transcript = rng.choices(("e1a2", "e13a2", "e14a2"), weights=(70, 12, 18))[0]
        icc = PH_ICC
    else:
        names = list(BALL_TYPES)
        weights = [BALL_TYPES[n][1] if patient.adult else BALL_TYPES[n][0] for n in names]
        if patient.age < 2:
            weights = [60 if "KMT2A" in n else w for n, w in zip(names, weights, strict=True)]
        profile.subtype = rng.choices(names, weights=weights)[0]
        icc = BALL_TYPES[profile.subtype][2]
    if rng.random() < 0.1:
        profile.classification = "ICC-2022"
        profile.icc_type = icc


def _cml(rng: random.Random, profile: Profile) -> None:
    profile.ph = True
    profile.transcript = rng.choices(("e13a2", "e14a2", "e13a2+e14a2"), weights=(40, 50, 10))[0]
    roll = rng.random()
    if roll < 0.7:
        profile.cml_phase = "chronic"
    else:
        profile.cml_phase = "blast"
        profile.bp_lineage = "lymphoid_B" if roll < 0.9 else "myeloid"


def _cns(rng: random.Random, profile: Profile) -> None:
    profile.cns = rng.choices(("CNS1", "CNS2", "CNS3"), weights=(80, 10, 10))[0]
    profile.parenchymal = profile.cns == "CNS3" and rng.random() < 0.2
    profile.traumatic_tap = profile.cns_involved and rng.random() < 0.15
