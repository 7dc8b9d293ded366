"""V06 with partial dates (found beside the stranger's V01 report, the same flaw): Day 0 given as
a month (2024-02) and the initial diagnosis dated in it (2024-02-15, or 2024-02 as well) were
refused as "must be on d0", a partial date compared as if it were its first day. A diagnosis
date that may be Day 0's passes; one outside Day 0's span is still refused."""

from __future__ import annotations

import pytest

from core.clinical import evaluate
from core.model import Case


def v06(day0: str, when: str | int) -> list[str]:
    case = Case.model_validate({"case_report": {"day0": day0, "day0_definition": "diagnosis"},
                                "diagnoses": [{"day": when, "role": "initial",
                                               "entity": "B-ALL"}]})
    return [f.path for f in evaluate(case).findings if f.rule_id == "V06"]


@pytest.mark.parametrize("day0, when", [
    ("2024-02", "2024-02-15"), ("2024-02", "2024-02"), ("2024", "2024-02"),
    ("2024-02-20", "2024-02"), ("2024-02-20", "2024-02-20"), ("2024-02", 0)])
def test_a_diagnosis_date_that_may_be_day0_passes(day0, when):
    assert v06(day0, when) == []


@pytest.mark.parametrize("day0, when", [
    ("2024-02", "2024-03-01"), ("2024-02-20", "2024-03"), ("2024-02-20", "2024-02-21"),
    ("2024-02", 3)])
def test_a_diagnosis_outside_day0_is_refused(day0, when):
    assert v06(day0, when) == ["diagnoses[0].day"]
