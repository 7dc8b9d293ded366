"""Property: over arbitrary incomplete cases, no rule raises and no internal-error finding
appears; evaluation output is plain JSON."""

from __future__ import annotations

import json

from clinical_refcases import build_case
from clinical_strategies import cases, sections
from hypothesis import HealthCheck, given, settings

from core.clinical import evaluate, evaluation_to_json

SETTINGS = settings(max_examples=75, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


def _check(case):
    evaluation = evaluate(case)
    assert evaluation.internal_errors == [], [f.rule_id for f in evaluation.internal_errors]
    json.dumps(evaluation_to_json(evaluation))
    assert all(f.severity in ("error", "warning") and f.message for f in evaluation.findings)


@SETTINGS
@given(cases())
def test_arbitrary_cases_never_break_a_rule(case):
    _check(case)


@SETTINGS
@given(sections())
def test_reference_case_with_arbitrary_sections_never_breaks_a_rule(replacement):
    _check(build_case(1).model_copy(update=replacement))
