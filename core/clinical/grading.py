"""ASTCT 2019 CRS and ICANS grades (reference §5.11, §7.4, §7.5) and CTCAE v5.0 grade
suggestions for laboratory adverse events (§7.6; suggestions only, never set automatically)."""

from __future__ import annotations

import math

from core.model.treatment import CrsDetail, IcansDetail

FEVER_C = 38.0
HYPOTENSION_GRADE = {"none": 1, "no_vasopressor": 2,
                     "one_vasopressor_with_or_without_vasopressin": 3,
                     "multiple_vasopressors_excluding_vasopressin": 4}
HYPOXIA_GRADE = {"none": 1, "low_flow_le_6L_or_blow_by": 2,
                 "high_flow_gt_6L_facemask_nonrebreather_venturi": 3, "positive_pressure": 4}
CONSCIOUSNESS_GRADE = {"normal": 0, "awakens_spontaneously": 1, "awakens_to_voice": 2,
                       "awakens_to_tactile_only": 3,
                       "unarousable_or_vigorous_stimuli_stupor_coma": 4}
SEIZURE_GRADE = {"none": 0, "rapidly_resolving_or_eeg_resolving_with_intervention": 3,
                 "prolonged_gt5min_or_repetitive": 4}
MOTOR_GRADE = {"none": 0, "deep_focal_weakness": 4}
ICP_GRADE = {"none": 0, "focal_edema": 3,
             "diffuse_edema_or_posturing_or_CN_VI_palsy_papilledema_Cushing": 4}


def fever_present(crs: CrsDetail) -> bool | None:
    """Fever ≥38.0 °C, or fever no longer needed because antipyretics or anti-cytokine
    therapy (tocilizumab, steroids) masked it. None when unknown."""
    if crs.fever_masked_by_treatment or (crs.tocilizumab_doses or 0) > 0 or crs.steroids:
        return True
    if crs.tmax_c is None or not math.isfinite(crs.tmax_c):
        return None
    return crs.tmax_c >= FEVER_C


def crs_grade(crs: CrsDetail, fatal: bool = False) -> int | None:
    """ASTCT CRS grade: 0 without fever (not CRS), else the worse of hypotension and hypoxia;
    5 when the patient died of CRS. None when the parameters are incomplete."""
    if fatal:
        return 5
    fever = fever_present(crs)
    if fever is False:
        return 0
    if fever is None or crs.hypotension is None or crs.hypoxia is None:
        return None
    return max(HYPOTENSION_GRADE[crs.hypotension], HYPOXIA_GRADE[crs.hypoxia])


def ice_grade(ice: int, consciousness: str | None = None) -> int:
    """ICANS grade of an ICE score: 10 -> 0, 7-9 -> 1, 3-6 -> 2, 0-2 -> 3; 0 while
    unarousable -> 4."""
    if ice >= 10:
        return 0
    if ice >= 7:
        return 1
    if ice >= 3:
        return 2
    if ice <= 0 and consciousness == "unarousable_or_vigorous_stimuli_stupor_coma":
        return 4
    return 3


def icans_grade(icans: IcansDetail, fatal: bool = False) -> int | None:
    """ASTCT ICANS grade: the most severe domain; 0 = no ICANS. None when nothing recorded."""
    if fatal:
        return 5
    grades = []
    if icans.ice_score is not None:
        grades.append(ice_grade(icans.ice_score, icans.consciousness))
    for value, table in ((icans.consciousness, CONSCIOUSNESS_GRADE),
                         (icans.seizure, SEIZURE_GRADE), (icans.motor, MOTOR_GRADE),
                         (icans.icp_edema, ICP_GRADE)):
        if value is not None:
            grades.append(table[value])
    return max(grades) if grades else None


# --- CTCAE v5.0 suggestions for laboratory AEs (§7.6, [K]) ------------------------------------
_DEFAULT_LLN = {"ANC": 2.0, "Platelets": 150.0, "Hemoglobin": 120.0}


def _below(value: float, lln: float, steps: tuple[float, ...]) -> int | None:
    """Grade 1 below LLN, then one grade more below each step (steps descending)."""
    if value >= lln:
        return None
    grade = 1
    for step in steps:
        if value < step:
            grade += 1
    return grade


def ctcae_suggestion(analyte: str, value: float, lln: float | None = None
                     ) -> tuple[str, int] | None:
    """(CTCAE term, suggested grade) for a canonical lab value, or None."""
    if not math.isfinite(value):
        return None
    lln = lln if lln is not None else _DEFAULT_LLN.get(analyte)
    if analyte == "ANC":
        grade = _below(value, max(lln or 0, 1.5), (1.5, 1.0, 0.5))
        return ("Neutrophil count decreased", grade) if grade else None
    if analyte == "Platelets":
        grade = _below(value, max(lln or 0, 75.0), (75.0, 50.0, 25.0))
        return ("Platelet count decreased", grade) if grade else None
    if analyte == "Hemoglobin":
        grade = _below(value, max(lln or 0, 100.0), (100.0, 80.0))
        return ("Anemia", grade) if grade else None
    if analyte == "Temperature" and value >= FEVER_C:
        return "Fever", 1 if value <= 39.0 else 2 if value <= 40.0 else 3
    return None
