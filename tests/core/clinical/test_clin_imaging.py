"""The lesion burden on neuroimaging (reference §4.15's note), derived by the engine: the sum of
the products of the two largest perpendicular diameters (SPD) and its change from baseline,
with the category it is consistent with (PR: ≥50% decrease; progression: ≥25% increase)."""

from __future__ import annotations

import pytest

from core.clinical import engine
from core.model import Case


@pytest.fixture
def case_1(reference_cases):
    return reference_cases[0]


@pytest.fixture
def case_2(reference_cases):
    return reference_cases[1]


def _lesion(longest, perpendicular, **extra):
    return {"pattern": "parenchymal_mass", "max_diameter_mm": longest,
            "perpendicular_mm": perpendicular, "attributed_to_leukemia": "yes", **extra}


def _imaging(case: Case, studies: list[dict]) -> dict:
    case = Case.model_validate({**case.to_json_dict(), "neuroimaging": studies})
    result = engine.evaluate(case)
    assert result.error is None
    return result.evaluation.derived.imaging


def _pair(case, later_lesions, **later):
    return _imaging(case, [
        {"neuroimaging_id": 1, "day": 170, "modality": "MRI", "overall_finding":
         "leukemic_involvement", "radiologic_response": "baseline",
         "lesions": [_lesion(20, 10), _lesion(10, 10)]},  # 200 + 100 = 300 mm²
        {"neuroimaging_id": 2, "day": 200, "modality": "MRI", "overall_finding":
         "leukemic_involvement", "comparison_to": 1, "lesions": later_lesions, **later}])


def test_reference_case_2_resolves_completely(case_2):
    burden = engine.evaluate(case_2).evaluation.derived.imaging
    baseline, follow_up = burden["neuroimaging[0]"], burden["neuroimaging[1]"]
    assert baseline.spd_mm2 == 14 * 11 + 9 * 7 == 217
    assert baseline.baseline_path is None and baseline.category is None
    assert follow_up.spd_mm2 == 0 and follow_up.baseline_path == "neuroimaging[0]"
    assert follow_up.baseline_spd_mm2 == 217 and follow_up.change_pct == -100
    assert follow_up.category == "complete_resolution"


@pytest.mark.parametrize(("lesions", "spd", "change", "category"), [
    ([_lesion(15, 10)], 150, -50, "partial_response"),  # exactly 50% decrease: PR
    ([_lesion(15, 10.1)], 151.5, -49.5, "stable"),  # just under 50%: not PR
    ([_lesion(25, 15)], 375, 25, "progression"),  # exactly 25% increase
    ([_lesion(24.9, 15)], 373.5, 24.5, "stable"),  # just under 25%: stable
])
def test_change_from_baseline_at_the_thresholds(case_1, lesions, spd, change, category):
    later = _pair(case_1, lesions)["neuroimaging[1]"]
    assert later.spd_mm2 == pytest.approx(spd)
    assert later.baseline_path == "neuroimaging[0]" and later.baseline_spd_mm2 == 300
    assert later.change_pct == pytest.approx(change)
    assert later.category == category


def test_lesions_not_counted_and_lesions_not_measured(case_1):
    counted = _pair(case_1, [_lesion(10, 10), _lesion(30, 30, attributed_to_leukemia="no"),
                             _lesion(30, 30, pattern="hemorrhage")])["neuroimaging[1]"]
    assert counted.spd_mm2 == 100  # not leukemic and hemorrhage are left out
    unmeasured = _pair(case_1, [_lesion(10, None)])["neuroimaging[1]"]
    assert unmeasured.spd_mm2 is None and unmeasured.category is None
    assert unmeasured.note == "a lesion without both diameters"


def test_without_comparison_the_latest_earlier_baseline_is_used(case_1):
    burden = _imaging(case_1, [
        {"day": 100, "modality": "MRI", "overall_finding": "leukemic_involvement",
         "radiologic_response": "baseline", "lesions": [_lesion(40, 40)]},
        {"day": 170, "modality": "MRI", "overall_finding": "leukemic_involvement",
         "radiologic_response": "baseline", "lesions": [_lesion(20, 10)]},
        {"day": 200, "modality": "MRI", "overall_finding": "leukemic_involvement",
         "lesions": [_lesion(10, 10)]}])
    later = burden["neuroimaging[2]"]
    assert later.baseline_path == "neuroimaging[1]" and later.change_pct == -50
