"""Day numbers of every when, the case timeline (CARE 7) and CARE completeness (§3)."""

from __future__ import annotations

from clinical_refcases import DELETE, build_case, setp

from core.clinical import evaluate
from core.clinical.days import Days, Span
from core.model import Case
from core.model.when import When


def test_day_spans_of_whens():
    days = Days(When(date="2023-04-18"))
    assert days.span(When(day=-30)) == Span(-30, -30)
    assert days.span(When(date="2023-04-20")) == Span(2, 2)
    assert days.span(When(date="2023-05")) == Span(13, 43)
    assert days.span(When(date="2024")) == Span(258, 623)
    assert Days(None).span(When(date="2023-05")) is None


def test_every_when_has_its_day_numbers():
    derived = evaluate(build_case(1)).derived
    assert derived.days["diagnoses[1].day"] == Span(196, 196)
    assert derived.days["treatment_lines[2].administrations[1].start_day"] == Span(207, 207)
    assert derived.days["outcome.last_known_alive_day"] == Span(229, 229)


def test_cycle_days_give_the_case_days_when_start_is_missing():
    case = build_case(1, setp("treatment_lines[2].administrations[1].start_day", DELETE),
                      setp("treatment_lines[2].administrations[1].end_day", DELETE))
    derived = evaluate(case).derived
    assert derived.days["treatment_lines[2].administrations[1].start_day"] == Span(207, 207)
    assert derived.days["treatment_lines[2].administrations[1].end_day"] == Span(227, 227)


def test_dated_case_gets_day_numbers_and_partial_dates_sort_by_first_day():
    case = Case(case_report={"day0": "2023-04-18"},
                diagnoses=[{"role": "initial", "day": "2023-04-18", "entity": "B-ALL"}],
                clinical_findings=[{"kind": "symptom", "finding": "fever", "day": "2023-05"},
                                   {"kind": "symptom", "finding": "pain", "day": "2023-04-20"}],
                outcome={"vital_status": "alive", "last_follow_up_day": "2023-06-01"})
    timeline = evaluate(case).derived.timeline
    assert [(e.day, e.last_day) for e in timeline] == [(0, 0), (2, 2), (13, 43), (44, 44)]
    assert [e.event_type for e in timeline] == ["diagnosis", "symptom", "symptom", "last_follow_up"]


def test_entries_without_a_known_day_come_last_and_ties_keep_entry_order():
    case = Case(diagnoses=[{"role": "initial", "day": 0, "entity": "B-ALL"}],
                timeline=[{"day": "2023-05", "event_type": "other", "label": "undated"},
                          {"day": 0, "event_type": "other", "label": "manual first"}])
    timeline = evaluate(case).derived.timeline
    assert [e.label for e in timeline] == ["manual first", "Initial: B-ALL", "undated"]
    assert timeline[0].auto is False and timeline[-1].day is None


def test_reference_case_completeness():
    care = evaluate(build_case(1)).care
    assert len(care.items) == 13 and care.complete and care.blocking == []
    status = {item.number: (item.status, item.reason) for item in care.items}
    assert status["4"] == ("not_reported", "not reported")
    assert status["12"] == ("not_reported", "not asked")
    assert status["13"][0] == "reported"
    parts = {p.number: p.status for item in care.items for p in item.parts}
    assert parts["10d"] == "not_reported" and parts["5c"] == "not_reported"


def test_missing_items_block_completion():
    case = build_case(1, setp("consent", {}), setp("clinical_findings", []),
                      setp("case_report.adverse_events_status", DELETE),
                      setp("patient.sex", DELETE))
    evaluation = evaluate(case)
    blocking = evaluation.care.blocking
    assert any(b.startswith("CARE 13 Informed consent") for b in blocking)
    assert any(b.startswith("CARE 5b") for b in blocking)
    assert any(b.startswith("CARE 10d") for b in blocking)
    assert "Patient › Sex: required (a value or a reason)" in blocking
    assert not evaluation.can_complete


def test_a_reason_satisfies_a_required_field():
    case = build_case(1, setp("patient.sex", DELETE), setp("patient.sex_nf", "not_reported"))
    assert ("patient.sex", "Sex") not in evaluate(case).care.missing_fields
