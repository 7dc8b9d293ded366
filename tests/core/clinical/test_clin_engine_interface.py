"""The one interface to the clinical engine (core.clinical.engine): a derivation that fails is
an engine error for every consumer, never a quietly different value."""

from __future__ import annotations

import pytest
from clinical_refcases import build_case

from core.clinical import derive, engine, findings
from core.report.derived import NOT_DERIVED
from core.report.derived import evaluate as report_values
from core.search.derived import ENGINE_ERROR, clinical_values


def test_a_working_engine_has_no_error_and_derives_the_reference_case():
    result = engine.evaluate(build_case(1))
    assert result.error is None and result.evaluation is not None
    assert result.evaluation.cns_status  # derived values are there
    assert clinical_values(build_case(1)).error is None


@pytest.mark.expected_errors("a derivation is made to fail")
def test_a_failing_derivation_is_an_engine_error_everywhere(monkeypatch, caplog):
    monkeypatch.setattr(findings, "_reported", set())
    parts = tuple((n, (lambda c, i, p: 1 / 0) if n == "csf" else f) for n, f in derive._PARTS)
    monkeypatch.setattr(derive, "_PARTS", parts)
    case = build_case(1)
    for _ in range(3):  # typing: evaluated again and again
        result = engine.evaluate(case)
    assert result.error and "derive:csf" in result.error and "ZeroDivisionError" in result.error
    assert not result.can_complete
    assert any("derive:csf" in b for b in result.blocking_reasons)
    assert sum("derive:csf failed" in r.getMessage() for r in caplog.records) == 1

    values = report_values(case)
    assert values.error == result.error and values.missing() == NOT_DERIVED
    assert not values.cns_status and not values.timeline


@pytest.mark.expected_errors("the search derivations are made to fail")
def test_search_indexes_the_error_instead_of_values(monkeypatch):
    monkeypatch.setattr(findings, "_reported", set())
    monkeypatch.setattr("core.clinical.mrd.derive_mrd", lambda m: 1 / 0)
    case = build_case(1)
    values = clinical_values(case)
    assert values.error and "ZeroDivisionError" in values.error
    assert values.cns_at_diagnosis == ENGINE_ERROR and values.mrd == (ENGINE_ERROR,)
    entered = case.outcome.cns_status_at_last_contact  # an entered value, still indexed
    assert values.cns == (ENGINE_ERROR, entered) and not values.cns_subcategories
    assert values.error in list(values.words())
