"""Rule V61: a number the form would refuse (core.model.bounds), in a field no other rule
checks, is listed when a stored or imported case holds one (a review: cycles planned 0, a CRS
maximum temperature of 60 °C or a negative count came in by import and nothing said so)."""

from __future__ import annotations

import math

from clinical_refcases import build_case, setp

from core.clinical import evaluate


def _v61(case) -> list[tuple[str, str, str]]:
    return [(f.path, f.message, f.severity) for f in evaluate(case).findings
            if f.rule_id == "V61"]


def test_a_number_outside_its_range_is_listed_with_the_range():
    case = build_case(1, setp("treatment_lines[0].cycles_planned", 0))
    assert _v61(case) == [("treatment_lines[0].cycles_planned",
                           "Cycles planned must be between 1 and 200 (entered: 0)", "warning")]


def test_a_huge_number_is_listed_as_typed_back():
    case = build_case(1, setp("treatment_lines[0].cycles_given", 10**20))
    [(_path, message, _severity)] = _v61(case)
    assert message == "Cycles given must be between 1 and 200 (entered: 1e+20)"


def test_nan_is_outside_every_range():
    case = build_case(1)
    case.treatment_lines[0].cycles_planned = math.nan
    assert [path for path, _m, _s in _v61(case)] == ["treatment_lines[0].cycles_planned"]


def test_a_field_another_rule_checks_is_left_to_it():
    """An age of 150 is V01's; V61 says nothing of it."""
    case = build_case(1, setp("patient.age_at_day0", 150))
    assert _v61(case) == []
    assert any(f.rule_id == "V01" for f in evaluate(case).findings)


def test_an_imported_case_with_such_a_number_is_stored_and_listed(casebook, reference_cases):
    odd = reference_cases[0].model_copy(deep=True)
    odd.treatment_lines[0].cycles_planned = 0
    casebook.cases.import_cases([odd], source="test")
    stored = casebook.cases.open_case(odd.case_id)
    assert stored.treatment_lines[0].cycles_planned == 0
    assert [p for p, _m, _s in _v61(stored)] == ["treatment_lines[0].cycles_planned"]
