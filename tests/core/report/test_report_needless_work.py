"""The summary does no work whose result it does not print (issue 20): no rules, no CARE
completeness, no citation numbering for a case without references."""

from __future__ import annotations


def test_summary_runs_no_rules_and_no_care_completeness(case_1, render, monkeypatch):
    import importlib

    evaluate = importlib.import_module("core.clinical.evaluate")
    called: list[str] = []
    real_rules, real_care = evaluate.run_rules, evaluate.care_completeness
    monkeypatch.setattr(evaluate, "run_rules",
                        lambda *a, **k: called.append("rules") or real_rules(*a, **k))
    monkeypatch.setattr(evaluate, "care_completeness",
                        lambda *a, **k: called.append("care") or real_care(*a, **k))
    assert render(case_1).startswith(b"%PDF")
    assert called == []


def test_derived_values_without_checks_are_the_full_evaluation_s(case_1, case_2):
    from core.clinical.evaluate import evaluate

    for case in (case_1, case_2):
        full, derived_only = evaluate(case), evaluate(case, checks=False)
        assert derived_only.derived == full.derived
        assert derived_only.findings == tuple(f for f in full.findings
                                              if f.rule_id.startswith("derive:"))


def test_no_references_no_citation_walk(case_1, render, monkeypatch):
    from core.report import sections_publication

    assert not case_1.references
    monkeypatch.setattr(sections_publication, "number_citations",
                        lambda case: (_ for _ in ()).throw(AssertionError("walked")))
    assert render(case_1).startswith(b"%PDF")
