"""Dates (issue 14): no event after today (V53), plans may be; no negative age (V01), derived or
printed. 'Today' is the rules' clock parameter (RuleContext(today=...)), never the system date
patched."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from clinical_refcases import build_case, setp

from core.clinical import derive_age, engine, evaluate
from core.clinical.context import CaseIndex
from core.clinical.derive import derive_all
from core.clinical.rules import RULES, RuleContext, run_rule
from core.model import Case

TODAY = dt.date(2024, 3, 10)
TOMORROW = "2024-03-11"


def findings(case: Case, rule: str = "V53", today: dt.date = TODAY) -> dict[str, str]:
    index = CaseIndex(case)
    derived, _failures = derive_all(case, index)
    ctx = RuleContext(case, index, derived, today=today)
    return {f.path: f.message for f in run_rule(RULES[rule], ctx)}


def case(**sections: Any) -> Case:
    return Case.model_validate(sections)


# --- V53: Day 0 and events are not after today -----------------------------------------------

@pytest.mark.parametrize("day0, refused", [("2024-03-10", False), (TOMORROW, True),
                                           ("2024-03", False), ("2024-04", True),
                                           ("2024", False), ("2025", True)])
def test_day0_after_today_is_refused(day0, refused):
    found = findings(case(case_report={"day0": day0}))
    assert ("case_report.day0" in found) is refused
    if refused:
        assert "after today (2024-03-10)" in found["case_report.day0"]


def test_a_future_day0_is_reported_once_not_for_every_day_number():
    found = findings(case(case_report={"day0": "2024-05-01"},
                          diagnoses=[{"role": "initial", "day": 0}],
                          response_assessments=[{"day": 30}, {"day": "2024-06-01"}]))
    assert set(found) == {"case_report.day0", "response_assessments[1].day"}


@pytest.mark.parametrize("path, section", [
    ("response_assessments[0].day", {"response_assessments": [{"day": "{d}"}]}),
    ("bm_assessments[0].day", {"bm_assessments": [{"day": "{d}"}]}),
    ("clinical_findings[0].day", {"clinical_findings": [{"day": "{d}"}]}),
    ("labs[0].day", {"labs": [{"day": "{d}"}]}),
    ("outcome.last_follow_up_day", {"outcome": {"last_follow_up_day": "{d}"}}),
    ("outcome.death_day", {"outcome": {"death_day": "{d}"}}),
    ("adverse_events[0].onset_day", {"adverse_events": [{"onset_day": "{d}"}]}),
    ("history_items[0].day", {"history_items": [{"day": "{d}"}]}),
    ("treatment_lines[0].start_day", {"treatment_lines": [{"start_day": "{d}"}]}),
    ("treatment_lines[0].administrations[0].start_day",
     {"treatment_lines": [{"start_day": "2024-01-01", "administrations": [
         {"start_day": "{d}", "planned_vs_actual": "actual"}]}]}),
    ("hsct.day", {"hsct": {"performed": "yes", "day": "{d}"}}),
])
@pytest.mark.parametrize("when, refused", [("2024-03-10", False), (TOMORROW, True),
                                           ("d60", False), ("d61", True)])
def test_an_event_after_today_is_refused(path, section, when, refused):
    """Day 0 is 2024-01-10: d60 is today (allowed), d61 tomorrow (refused)."""
    filled = json.loads(json.dumps(section).replace('"{d}"', json.dumps(when)))
    found = findings(case(case_report={"day0": "2024-01-10"}, **filled))
    assert (path in found) is refused, found
    if refused:
        assert "after today (2024-03-10)" in found[path]


def test_day_numbers_are_not_checked_without_a_day0_date():
    assert findings(case(response_assessments=[{"day": 36000}])) == {}


@pytest.mark.parametrize("section, path", [
    ({"treatment_lines": [{"start_day": "2024-01-01", "administrations": [
        {"start_day": TOMORROW, "end_day": "2024-04-01", "day_list": [90],
         "planned_vs_actual": "planned", "modifications": [{"day": TOMORROW}]}]}]},
     "treatment_lines[0].administrations[0].start_day"),
    ({"treatment_lines": [{"start_day": "2024-01-01", "end_day": "2024-06-01",
                           "reason_end": "ongoing", "administrations": [
                               {"start_day": "2024-01-01", "end_day": "2024-06-01"}]}]},
     "treatment_lines[0].end_day"),
    ({"hsct": {"performed": "planned", "day": "2024-05-01"}}, "hsct.day"),
])
def test_a_plan_may_be_in_the_future(section, path):
    assert findings(case(case_report={"day0": "2024-01-10"}, **section)) == {}


def test_the_same_dates_are_refused_when_they_are_not_plans():
    found = findings(case(case_report={"day0": "2024-01-10"}, treatment_lines=[
        {"start_day": "2024-01-01", "end_day": "2024-06-01", "reason_end": "completed",
         "administrations": [{"start_day": TOMORROW, "day_list": [90],
                              "planned_vs_actual": "actual"}]}],
        hsct={"performed": "yes", "day": "2024-05-01"}))
    assert {"treatment_lines[0].end_day", "treatment_lines[0].administrations[0].start_day",
            "treatment_lines[0].administrations[0].day_list", "hsct.day"} <= set(found)
    assert "'Planned or actual' to planned" in found[
        "treatment_lines[0].administrations[0].start_day"]
    assert "'Reason ended' to ongoing" in found["treatment_lines[0].end_day"]


def test_a_future_birth_date_is_refused_without_repeating_it():
    found = findings(case(case_report={"day0": "2024-01-10"}, patient={"birth_date": TOMORROW}))
    assert found["patient.birth_date"] == "The birth date is after today (2024-03-10)"
    assert findings(case(patient={"birth_date": "2024-03-10"})) == {}


def test_anchor_year_uses_the_same_clock():
    assert "case_report.anchor_year" not in findings(case(case_report={"anchor_year": 2024}))
    assert "case_report.anchor_year" in findings(case(case_report={"anchor_year": 2025}))


def test_reference_cases_with_a_past_day0_have_no_future_dates():
    for number in (1, 2):
        built = build_case(number, setp("case_report.day0", "2020-01-01"))
        assert findings(built, today=dt.date(2020, 12, 31)) == {}
    assert evaluate(build_case(1)).findings == ()  # the system clock is the default


# --- V01: no negative age --------------------------------------------------------------------

@pytest.mark.parametrize("birth, age, refused", [
    ("2024-01-10", 0, False),     # born on Day 0: 0 months
    ("2024-01-11", None, True),   # one day after Day 0
    ("2021-02-10", 2, False),
    ("2024", None, False),        # may be before Day 0: not a certain contradiction
    ("2025", None, True),
])
def test_birth_date_after_day0_is_a_problem_not_a_negative_age(birth, age, refused):
    built = case(case_report={"day0": "2024-01-10"}, patient={"birth_date": birth})
    found = findings(built, "V01")
    derived = derive_age(built.patient, built.case_report.day0)
    assert ("patient.birth_date" in found) is refused, found
    if refused:
        assert "after Day 0" in found["patient.birth_date"]
        assert "Birth date and Day 0 date" in found["patient.birth_date"]
    if age is None:
        assert derived is None or derived.years >= 0
    else:
        assert derived is not None and derived.years == age
    assert not any("-" in m for m in found.values())


def test_birth_day_number_after_day0():
    assert "patient.birth_date" not in findings(case(patient={"birth_date": "d0"}), "V01")
    assert "patient.birth_date" in findings(case(patient={"birth_date": "d1"}), "V01")
    assert derive_age(case(patient={"birth_date": "d1"}).patient, None) is None


@pytest.mark.parametrize("age, refused", [(0, False), (-1, True), (-3, True)])
def test_negative_entered_age_is_refused_and_not_derived(age, refused):
    built = case(patient={"age_at_day0": age, "age_at_day0_months": 0 if age == 0 else None})
    found = findings(built, "V01")
    assert ("patient.age_at_day0" in found) is refused
    derived = derive_age(built.patient, None)
    assert (derived is None) is refused


@pytest.mark.parametrize("run", [evaluate, lambda c, today: engine.evaluate(c, today=today)],
                         ids=["core.clinical.evaluate", "engine.evaluate"])
def test_evaluate_takes_today_as_the_rules_clock(run):
    tomorrow = case(case_report={"day0": TOMORROW})  # tomorrow of TODAY
    at_today = run(tomorrow, today=TODAY)
    later = run(tomorrow, today=TODAY + dt.timedelta(days=2))
    assert any(f.rule_id == "V53" and f.path == "case_report.day0" and f.severity == "error"
               and "after today (2024-03-10)" in f.message for f in at_today.findings)
    assert not any(f.path == "case_report.day0" and f.rule_id == "V53" for f in later.findings)
