"""CRS/ICANS grading (ASTCT 2019), CTCAE suggestions, BSA, absolute doses and age at Day 0."""

from __future__ import annotations

import pytest
from clinical_refcases import build_case, setp

from core.clinical import (
    absolute_dose,
    crs_grade,
    ctcae_suggestion,
    derive_age,
    derive_bsa,
    evaluate,
    icans_grade,
    ice_grade,
    mosteller,
)
from core.model.report import Patient
from core.model.treatment import CrsDetail, DrugAdministration, IcansDetail
from core.model.when import When

HYPOTENSION = ["none", "no_vasopressor", "one_vasopressor_with_or_without_vasopressin",
               "multiple_vasopressors_excluding_vasopressin"]
HYPOXIA = ["none", "low_flow_le_6L_or_blow_by", "high_flow_gt_6L_facemask_nonrebreather_venturi",
           "positive_pressure"]


@pytest.mark.parametrize("grade, hypotension", list(enumerate(HYPOTENSION, start=1)))
def test_crs_grade_by_hypotension(grade, hypotension):
    assert crs_grade(CrsDetail(tmax_c=38.5, hypotension=hypotension, hypoxia="none")) == grade


@pytest.mark.parametrize("grade, hypoxia", list(enumerate(HYPOXIA, start=1)))
def test_crs_grade_by_hypoxia(grade, hypoxia):
    assert crs_grade(CrsDetail(tmax_c=38.5, hypotension="none", hypoxia=hypoxia)) == grade


def test_crs_grade_is_the_worse_of_the_two():
    detail = CrsDetail(tmax_c=39, hypotension=HYPOTENSION[1], hypoxia=HYPOXIA[3])
    assert crs_grade(detail) == 4


@pytest.mark.parametrize("detail, expected", [
    ({"tmax_c": 37.9}, 0),                                       # no fever: not CRS
    ({"tmax_c": 38.0}, 1),                                       # fever from 38.0 °C
    ({"tmax_c": 37.0, "fever_masked_by_treatment": True}, 1),
    ({"tmax_c": 37.0, "tocilizumab_doses": 1}, 1),               # anti-cytokine therapy
    ({"tmax_c": 37.0, "steroids": True}, 1),
    ({"tmax_c": None}, None),                                    # unknown
])
def test_crs_fever(detail, expected):
    crs = CrsDetail(**{"hypotension": "none", "hypoxia": "none", **detail})
    assert crs_grade(crs) == expected


def test_crs_grade_5_only_for_death_from_crs():
    crs = CrsDetail(tmax_c=39, hypotension=HYPOTENSION[3], hypoxia=HYPOXIA[3])
    assert crs_grade(crs) == 4 and crs_grade(crs, fatal=True) == 5
    assert crs_grade(CrsDetail(tmax_c=39, hypotension="none")) is None


@pytest.mark.parametrize("ice, consciousness, grade", [
    (10, None, 0), (9, None, 1), (7, None, 1), (6, None, 2), (3, None, 2), (2, None, 3),
    (0, None, 3), (0, "awakens_to_tactile_only", 3),
    (0, "unarousable_or_vigorous_stimuli_stupor_coma", 4),
])
def test_ice_score_grades(ice, consciousness, grade):
    assert ice_grade(ice, consciousness) == grade
    assert icans_grade(IcansDetail(ice_score=ice, consciousness=consciousness)) == grade


@pytest.mark.parametrize("domains, grade", [
    ({"ice_score": 10}, 0),
    ({"ice_score": 10, "consciousness": "awakens_spontaneously"}, 1),
    ({"ice_score": 8, "seizure": "rapidly_resolving_or_eeg_resolving_with_intervention"}, 3),
    ({"ice_score": 8, "seizure": "prolonged_gt5min_or_repetitive"}, 4),
    ({"motor": "deep_focal_weakness"}, 4),
    ({"icp_edema": "focal_edema"}, 3),
    ({"icp_edema": "diffuse_edema_or_posturing_or_CN_VI_palsy_papilledema_Cushing"}, 4),
    ({}, None),
])
def test_icans_grade_is_the_worst_domain(domains, grade):
    assert icans_grade(IcansDetail(**domains)) == grade


@pytest.mark.parametrize("analyte, value, expected", [
    ("ANC", 1.6, ("Neutrophil count decreased", 1)), ("ANC", 1.5, ("Neutrophil count decreased",
                                                                  1)),
    ("ANC", 1.49, ("Neutrophil count decreased", 2)), ("ANC", 0.7, ("Neutrophil count decreased",
                                                                   3)),
    ("ANC", 0.49, ("Neutrophil count decreased", 4)), ("ANC", 2.5, None),
    ("Platelets", 24, ("Platelet count decreased", 4)), ("Hemoglobin", 79, ("Anemia", 3)),
    ("Temperature", 38.0, ("Fever", 1)), ("Temperature", 39.5, ("Fever", 2)),
    ("Temperature", 37.9, None),
])
def test_ctcae_suggestions(analyte, value, expected):
    assert ctcae_suggestion(analyte, value) == expected


# --- BSA and doses --------------------------------------------------------------------------

def test_mosteller():
    assert mosteller(172, 68) == pytest.approx(1.8025, abs=1e-4)
    assert mosteller(None, 68) is None and mosteller(172, 0) is None


def test_entered_bsa_keeps_both_values():
    bsa = derive_bsa(Patient(height_cm=160, weight_kg=55, bsa_m2=1.8, bsa_method="measured"))
    assert bsa.value == 1.8 and round(bsa.derived, 2) == 1.56
    assert bsa.overridden and bsa.reason == "measured"


def _admin(**fields) -> DrugAdministration:
    return DrugAdministration.model_validate(fields)


def test_absolute_doses():
    assert absolute_dose(_admin(dose=40, dose_unit="mg/m2"), 1.8, 68).value == pytest.approx(72)
    assert absolute_dose(_admin(dose=5, dose_unit="ug/m2/d"), 1.2, 30).unit == "ug/d"
    per_kg = absolute_dose(_admin(dose=8, dose_unit="mg/kg"), 1.8, 68)
    assert (per_kg.value, per_kg.unit) == (544, "mg")
    assert absolute_dose(_admin(dose=40, dose_unit="mg/m2"), None, 68) is None


def test_doses_are_never_capped_silently():
    dose = absolute_dose(_admin(drug_inn="vincristine", dose=1.4, dose_unit="mg/m2"), 2.0, 80)
    assert dose.value == pytest.approx(2.8) and "label cap of 2 mg" in dose.cap_warning
    within = absolute_dose(_admin(drug_inn="vincristine", dose=2, dose_unit="mg"), 2.0, 80)
    assert within.cap_warning is None
    blina = absolute_dose(_admin(drug_inn="blinatumomab", dose=15, dose_unit="ug/m2/d"), 2.0, 80)
    assert blina.value == 30 and blina.cap_warning
    tocilizumab = absolute_dose(_admin(drug_inn="tocilizumab", dose=8, dose_unit="mg/kg"), 2, 110)
    assert tocilizumab.value == 880 and "800 mg" in tocilizumab.cap_warning


# --- Age ------------------------------------------------------------------------------------

@pytest.mark.parametrize("birth, day0, years, display, top", [
    ("1989-04-19", "2023-04-18", 33, "33", False),
    ("1989-04-18", "2023-04-18", 34, "34", False),
    ("1933-04-18", "2023-04-18", 90, "≥90", True),
    ("1933-04-19", "2023-04-18", 89, "89", False),
    ("2022-01-10", "2023-04-18", 1, "15 months", False),
    ("1989", "2023-04-18", 33, "33", False),     # a birth year gives the youngest age
])
def test_age_from_birth_date(birth, day0, years, display, top):
    age = derive_age(Patient(birth_date=birth), When(date=day0))
    assert (age.years, age.display, age.top_coded, age.source) == (years, display, top,
                                                                   "birth_date")


def test_entered_age_is_top_coded():
    assert derive_age(Patient(age_at_day0=95), None).display == "≥90"
    assert derive_age(Patient(age_at_day0=1, age_at_day0_months=14), None).months == 14
    assert derive_age(Patient(), None) is None


def test_birth_date_that_disagrees_with_the_age_fires_v01():
    case = build_case(1, setp("case_report.day0", "2023-04-18"),
                      setp("patient.birth_date", "1980-01-01"))
    assert any(f.rule_id == "V01" and f.path == "patient.age_at_day0"
               for f in evaluate(case).findings)
