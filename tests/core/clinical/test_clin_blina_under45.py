"""V39 below 45 kg: blinatumomab is 5 µg/m²/day on cycle 1 days 1–7, then 15 µg/m²/day (capped
at 9 and 28 µg/day), from the engine's BSA. Before, only the 9 and 28 µg/day caps were checked,
so a 7 kg infant on the adult flat 9 then 28 µg/day (expected about 1.8 then 5.4) raised
nothing, nor did a 25 kg child."""

from __future__ import annotations

import pytest
from clinical_refcases import DELETE, build_case, setp

from core.clinical import evaluate

L3 = "treatment_lines[2]"  # reference case 1: blinatumomab 9 µg/d d1-7, 28 µg/d d8-28
WEEK1, STEP = f"{L3}.administrations[0]", f"{L3}.administrations[1]"


def patient(weight: float, height: float | None, bsa=DELETE):
    return [setp("patient.weight_kg", weight),
            setp("patient.height_cm", DELETE if height is None else height),
            setp("patient.bsa_m2", bsa)]


def v39(*mutators) -> dict[str, str]:
    findings = evaluate(build_case(1, *mutators)).findings
    found = {f.path: f.message for f in findings if f.rule_id == "V39"}
    assert all(f.severity == "warning" for f in findings if f.rule_id == "V39")
    return found


def test_an_infant_on_the_adult_flat_dose_is_warned_with_the_expected_dose():
    found = v39(*patient(7, 67))  # Mosteller 0.36 m²
    assert set(found) == {f"{WEEK1}.dose", f"{STEP}.dose"}
    week1, step = found[f"{WEEK1}.dose"], found[f"{STEP}.dose"]
    assert "Blinatumomab 9 µg/day for a patient under 45 kg" in week1
    assert "expected about 1.8 µg/day (5 µg/m²/day × BSA; cycle 1 days 1–7)" in week1
    assert "BSA 0.36 m², weight 7 kg" in week1
    assert "expected about 5.4 µg/day (15 µg/m²/day × BSA; from cycle 1 day 8)" in step
    assert "BSA 0.36 m², weight 7 kg" in step


def test_a_25_kg_child_on_the_adult_flat_dose_is_warned():
    found = v39(*patient(25, 125))  # Mosteller 0.93 m²
    assert "expected about 4.7 µg/day" in found[f"{WEEK1}.dose"]
    assert "expected about 14.0 µg/day" in found[f"{STEP}.dose"]
    assert "BSA 0.93 m², weight 25 kg" in found[f"{STEP}.dose"]


@pytest.mark.parametrize("doses", [
    [(5, "ug/m2/d"), (15, "ug/m2/d")],  # per m², as the label says
    [(1.8, "ug/d"), (5.4, "ug/d")],  # the same, as absolute daily doses
    [(2.1, "ug/d"), (4.4, "ug/d")],  # within 20% of 1.8 and 5.4
])
def test_a_child_on_the_bsa_dose_is_quiet(doses):
    sets = [setp(f"{path}.dose", dose) for path, (dose, _) in zip((WEEK1, STEP), doses, strict=True)]
    sets += [setp(f"{path}.dose_unit", unit)
             for path, (_, unit) in zip((WEEK1, STEP), doses, strict=True)]
    assert v39(*patient(7, 67), *sets) == {}


def test_more_than_20_percent_off_warns_both_ways():
    found = v39(*patient(7, 67), setp(f"{WEEK1}.dose", 2.3), setp(f"{STEP}.dose", 4.2))
    assert "Blinatumomab 2.3 µg/day" in found[f"{WEEK1}.dose"]
    assert "Blinatumomab 4.2 µg/day" in found[f"{STEP}.dose"]


def test_the_caps_apply_to_the_bsa_dose():
    # An entered BSA of 2.0 m² under 45 kg: 5 × 2.0 = 10 is capped at 9, 15 × 2.0 = 30 at 28.
    body = patient(44, 160, bsa=2.0)
    assert v39(*body) == {}
    found = v39(*body, setp(f"{WEEK1}.dose", 12), setp(f"{STEP}.dose", 20))
    assert "expected about 9 µg/day (5 µg/m²/day × BSA = 10.0, capped at 9; cycle 1 days 1–7)" \
        in found[f"{WEEK1}.dose"]
    assert "capped at 28" in found[f"{STEP}.dose"]
    assert "BSA 2.00 m², weight 44 kg" in found[f"{STEP}.dose"]


def test_without_its_cycle_day_either_step_is_accepted_and_both_are_named():
    no_day = [setp(f"{WEEK1}.cycle_day_start", DELETE), setp(f"{WEEK1}.cycle_day_end", DELETE)]
    assert f"{WEEK1}.dose" not in v39(*patient(7, 67), *no_day, setp(f"{WEEK1}.dose", 5.4))
    message = v39(*patient(7, 67), *no_day)[f"{WEEK1}.dose"]
    assert "expected about 1.8 µg/day" in message and " or 5.4 µg/day" in message


def test_at_45_kg_and_without_a_bsa_only_the_caps_are_checked():
    assert v39(*patient(45, 160)) == {}  # the adult flat 9 then 28 µg/day
    assert v39(*patient(25, None)) == {}  # no height, no BSA: 9 and 28 are within the caps
    found = v39(*patient(25, None), setp(f"{WEEK1}.dose", 10))
    assert found == {f"{WEEK1}.dose": "Below 45 kg, cycle 1 days 1–7 are capped at 9 µg/day "
                                      "(recorded 10 µg/day)"}
    assert v39(*patient(7, 67), setp(f"{STEP}.dose", 30))[f"{STEP}.dose"] == \
        "Blinatumomab 30 µg/day exceeds 28 µg/day"


def test_the_reference_cases_stay_quiet():
    for number in (1, 2):
        assert [f for f in evaluate(build_case(number)).findings if f.rule_id == "V39"] == []
