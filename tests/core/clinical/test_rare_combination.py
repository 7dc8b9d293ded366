"""Rule V60 (reference §9.2, "no actual knowledge"): an extreme age at Day 0 (90 or over, or
under one year; typed or derived from the birth date) together with a subdivision is a rare
combination that can identify the patient. A warning at the subdivision, naming both, that
the clinician confirms with a reason (an override tied to that subdivision) or generalizes by
clearing the subdivision."""

from __future__ import annotations

from clinical_refcases import build_case, setp

from core.clinical import engine, evaluate

SUB = setp("patient.subdivision", "CN-JS")


def v60(*mutators):
    case = build_case(1, *mutators)
    return [f for f in evaluate(case).findings if f.rule_id == "V60"]


def age(years: int, months: int | None = None):
    return [setp("patient.age_at_day0", years), setp("patient.age_at_day0_months", months),
            setp("patient.age_top_coded", years >= 90 or None)]


def born(birth: str):
    return [setp("patient.age_at_day0", None), setp("patient.age_top_coded", None),
            setp("patient.birth_date", birth), setp("case_report.day0", "2023-04-18")]


def test_89_years_with_a_subdivision_is_no_rare_combination():
    assert v60(SUB, *age(89)) == []


def test_90_years_with_a_subdivision_warns_naming_both():
    [f] = v60(SUB, *age(90))
    assert (f.severity, f.path, f.overridable, f.match) == (
        "warning", "patient.subdivision", True, "CN-JS")
    assert "an age at Day 0 of 90 or over" in f.message
    assert "CN-JS (Jiangsu Sheng)" in f.message
    assert "clear the subdivision" in f.message and "confirm with a reason" in f.message
    assert not f.blocks_completion  # a warning: it never stops Complete


def test_6_months_with_a_subdivision_warns():
    [f] = v60(SUB, *age(0, 6))
    assert "an age at Day 0 of 6 months with the subdivision CN-JS" in f.message
    [f] = v60(SUB, *age(0))
    assert "under 1 year" in f.message
    assert v60(SUB, *age(1, 15)) == []  # 15 months (the whole age): not under one


def test_95_without_a_subdivision_is_quiet():
    assert v60(*age(95)) == []
    assert v60(setp("patient.subdivision", "  "), *age(95)) == []


def test_the_age_derived_from_the_birth_date_counts():
    [f] = v60(SUB, *born("1930-03-01"))  # 93 at Day 0
    assert "90 or over (from the birth date)" in f.message
    [f] = v60(SUB, *born("2022-11-01"))  # 5 months at Day 0
    assert "5 months (from the birth date)" in f.message
    assert v60(SUB, *born("1934-04-19")) == []  # 88 (89 the day after Day 0)
    assert v60(SUB, *born("2022-04-18")) == []  # one year old on Day 0


def test_an_override_with_a_reason_confirms_that_subdivision_only():
    confirmed = setp("overrides", [{"rule_id": "V60", "path": "patient.subdivision",
                                    "match": "CN-JS", "reason": "the family consented"}])
    case = build_case(1, SUB, *age(93), confirmed)
    [f] = [f for f in evaluate(case).findings if f.rule_id == "V60"]
    assert f.overridden and f.override_reason == "the family consented"
    assert engine.rare_subdivision(case) is None  # confirmed: de-identified outputs keep it
    moved = build_case(1, setp("patient.subdivision", "CN-BJ"), *age(93), confirmed)
    [f] = [f for f in evaluate(moved).findings if f.rule_id == "V60"]
    assert not f.overridden  # another subdivision is another combination
    assert engine.rare_subdivision(moved) == "CN-BJ"
