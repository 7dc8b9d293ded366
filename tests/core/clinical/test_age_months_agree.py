"""Rule V01 checks Age in months against Age at Day 0 (a stranger test: years 0 with months 18,
or years 5 with months 6, gave no problem, while the age line said "18 months" and the search
and V60 took the patient as under one year). Age in months is the whole age of a child under 2
(the model bounds it 0-23; the age is shown as "18 months"): it must fall in the year Age at
Day 0 gives, and is given only under 2 years."""

from __future__ import annotations

import pytest
from clinical_refcases import build_case, setp

from core.clinical import evaluate
from core.synth import generate_cases

MONTHS = "patient.age_at_day0_months"


def v01(years: int, months: int | None) -> list[tuple[str, str, str]]:
    case = build_case(1, setp("patient.age_at_day0", years), setp(MONTHS, months))
    return [(f.path, f.severity, f.message) for f in evaluate(case).findings
            if f.rule_id == "V01"]


def test_months_outside_the_year_of_the_age_are_an_error_naming_both_fields():
    [(path, severity, message)] = v01(0, 18)
    assert (path, severity) == (MONTHS, "error")
    assert message == ("Age in months (18) does not match Age at Day 0 (0 years): Age in "
                       "months is the whole age, 0–11 months at 0 years")
    [(_, _, message)] = v01(1, 5)
    assert "12–23 months at 1 year" in message


def test_months_given_from_2_years_are_an_error():
    [(path, severity, message)] = v01(5, 6)
    assert (path, severity) == (MONTHS, "error")
    assert message == ("Age in months (6) is given only under 2 years, and Age at Day 0 is 5 "
                       "years: clear Age in months, or correct Age at Day 0")


@pytest.mark.parametrize("years, months", [(0, 0), (0, 11), (1, 12), (1, 18), (1, 23),
                                           (5, None)])
def test_months_in_the_year_of_the_age_are_quiet(years, months):
    assert v01(years, months) == []


def test_generated_children_under_2_have_months_in_their_year():
    young = [c for c in generate_cases(300, seed=7) if (c.patient.age_at_day0 or 99) < 2]
    assert young
    for case in young:
        p = case.patient
        assert p.age_at_day0_months is not None and p.age_at_day0_months // 12 == p.age_at_day0
        assert not [f for f in evaluate(case).findings if f.rule_id == "V01"], case.case_id
