"""V65: a dose change dated outside the administration it changes (stranger test: an escalation
on d182 entered for the blinatumomab row that ended on d181, in a line that ran to d202, got no
warning; a date outside its drug's days is almost always a typing error in one of the two).
Only days known to the day are compared: a partial date, or a date with no full Day 0, never
warns. A discontinuation or a delay may be dated after the end: the decision not to give the
next dose comes after the last one given."""

from __future__ import annotations

from typing import Any

import pytest
from clinical_refcases import build_case, setp

from core.clinical import evaluate
from core.services.demo import reference_cases
from core.synth import generate_cases

L3 = "treatment_lines[2]"
BLINA = f"{L3}.administrations[0]"  # reference case 2: blinatumomab 9 µg/day, d175 to d181
IT_MTX = f"{L3}.administrations[3]"  # IT methotrexate on d176 ... d200 (its start and end)


def _v65(*mutators) -> list[tuple[str, str]]:
    return [(f.path, f.message) for f in evaluate(build_case(2, *mutators)).findings
            if f.rule_id == "V65"]


def _changes(path: str, *changes: dict[str, Any]):
    return setp(f"{path}.modifications", list(changes))


def test_an_escalation_after_the_row_ended_is_warned_naming_both_days():
    found = evaluate(build_case(2, _changes(BLINA, {"day": 182, "kind": "escalation",
                                                     "new_dose": 28}))).findings
    [finding] = [f for f in found if f.rule_id == "V65"]
    assert (finding.path, finding.severity) == (f"{BLINA}.modifications[0].day", "warning")
    assert finding.message == (
        "Escalation on d182 is after this blinatumomab administration ends (d181): check the "
        "dose change's When or the administration's End")
    assert not finding.blocks_completion


def test_a_change_before_the_start_is_warned():
    assert _v65(_changes(BLINA, {"day": 174, "kind": "reduction"})) == [(
        f"{BLINA}.modifications[0].day",
        "Reduction on d174 is before this blinatumomab administration starts (d175): check the "
        "dose change's When or the administration's Start")]


def test_dates_are_compared_as_days_from_day_0_and_named_as_typed():
    day0 = setp("case_report.day0", "2023-03-15")
    end = setp(f"{BLINA}.end_day", "2023-09-12")  # d181
    found = _v65(day0, end, _changes(BLINA, {"day": "2023-09-13", "kind": "interruption"},
                                     {"day": 180, "kind": "reduction"}))
    assert found == [(f"{BLINA}.modifications[0].day",
                      "Interruption on 2023-09-13 (d182) is after this blinatumomab "
                      "administration ends (2023-09-12 (d181)): check the dose change's When "
                      "or the administration's End")]


@pytest.mark.parametrize("mutators", [
    # inside the row, on its first and last day
    [_changes(BLINA, {"day": 175, "kind": "interruption"}, {"day": 181, "kind": "reduction"})],
    # a delay may be dated on the day the dose was due, before the start it postponed
    [_changes(BLINA, {"day": 170, "kind": "delay"})],
    # a discontinuation on the first day not given
    [_changes(BLINA, {"day": 182, "kind": "discontinuation"})],
    # no day, or one not known to the day
    [_changes(BLINA, {"kind": "escalation"})],
    [setp("case_report.day0", "2023-03-15"), _changes(BLINA, {"day": "2023-09",
                                                              "kind": "escalation"})],
    [setp("case_report.day0", "2023-03-15"), setp(f"{BLINA}.end_day", "2023-09"),
     _changes(BLINA, {"day": 190, "kind": "escalation"})],
    # a date with no Day 0 date, or with a partial one, has no day number to compare
    [_changes(BLINA, {"day": "2023-10-01", "kind": "escalation"})],
    [setp("case_report.day0", "2023-03"), _changes(BLINA, {"day": "2023-10-01",
                                                           "kind": "escalation"})],
    # an administration still running has no end to be after
    [setp(f"{BLINA}.end_day", None), _changes(BLINA, {"day": 190, "kind": "escalation"})],
    # discrete days: inside the first and last day given
    [_changes(IT_MTX, {"day": 183, "kind": "reduction"})],
])
def test_quiet_when_inside_or_a_day_is_not_known(mutators):
    assert _v65(*mutators) == []


@pytest.mark.parametrize("mutators", [
    # interrupted on its last day (the End), discontinued four days later for neurotoxicity
    [_changes(BLINA, {"day": 181, "kind": "interruption"},
              {"day": 185, "kind": "discontinuation", "reason": "neurotoxicity"})],
    # given on listed days to d200, discontinued at the next planned dose
    [_changes(IT_MTX, {"day": 207, "kind": "discontinuation"})],
    # the next dose delayed, after the last one given
    [_changes(IT_MTX, {"day": 210, "kind": "delay"})],
    [_changes(BLINA, {"day": 210, "kind": "delay"})],
])
def test_stopping_or_delaying_after_the_last_dose_is_quiet(mutators):
    # the decision not to give the next dose is naturally dated after the last one given
    assert _v65(*mutators) == []


def test_an_escalation_after_the_last_listed_day_is_still_warned():
    assert _v65(_changes(IT_MTX, {"day": 207, "kind": "discontinuation"},
                         {"day": 207, "kind": "escalation"})) == [(
        f"{IT_MTX}.modifications[1].day",
        "Escalation on d207 is after this methotrexate administration ends (d200): check the "
        "dose change's When or the administration's End")]


def test_discrete_days_without_start_and_end_count_from_the_days_given():
    found = _v65(setp(f"{IT_MTX}.start_day", None), setp(f"{IT_MTX}.end_day", None),
                 _changes(IT_MTX, {"day": 201, "kind": "reduction"}))
    assert found == [(f"{IT_MTX}.modifications[0].day",
                      "Reduction on d201 is after this methotrexate administration ends (d200): "
                      "check the dose change's When or the administration's Days given")]


def test_quiet_on_the_demo_cases():
    cases = list(generate_cases(200, seed=2023)) + reference_cases()
    with_changes = [c for c in cases if any(a.modifications for line in c.treatment_lines
                                            for a in line.administrations)]
    assert with_changes  # the generated cases interrupt some blinatumomab infusions
    assert [(c.case_id, f.path) for c in with_changes for f in evaluate(c).findings
            if f.rule_id == "V65"] == []
