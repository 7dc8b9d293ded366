"""The engine: internal errors are reported, overrides, draft decisions, output formats, and
the views the PDF report reads."""

from __future__ import annotations

import json

import pytest
from clinical_refcases import build_case, setp

from core.clinical import (
    evaluate,
    evaluation_to_json,
    format_findings_text,
    status_change_blockers,
    validate_documents,
)
from core.clinical.rules import RULES, RuleSpec
from core.model.report import RuleOverride

VINCA_IT = [setp("treatment_lines[0].administrations[5].drug_inn", "vincristine"),
            setp("treatment_lines[0].administrations[5].atc", "L01CA02")]
DATE_IN_TEXT = setp("case_report.discussion", "Admitted on 18/04/2023.")


def _boom(ctx):
    raise ZeroDivisionError("defect")


@pytest.mark.expected_errors("a failing rule is logged as an internal error")
def test_a_failing_rule_is_an_internal_error_finding(monkeypatch, caplog):
    monkeypatch.setitem(RULES, "V13", RuleSpec("V13", "warning", False, "test", _boom))
    evaluation = evaluate(build_case(1))
    [finding] = evaluation.findings
    assert (finding.rule_id, finding.severity, finding.message, finding.internal_error) == (
        "V13", "error", "internal error in rule V13 (ZeroDivisionError: defect)", True)
    assert finding.blocks_completion and "V13 failed for case" in caplog.text


@pytest.mark.expected_errors("a failing derivation is logged as an internal error")
def test_a_failing_derivation_is_an_internal_error_finding(monkeypatch):
    from core.clinical import derive

    parts = tuple((n, (lambda c, i, p: 1 / 0) if n == "mrd" else f) for n, f in derive._PARTS)
    monkeypatch.setattr(derive, "_PARTS", parts)
    evaluation = evaluate(build_case(1))
    assert "derive:mrd" in [f.rule_id for f in evaluation.internal_errors]
    assert evaluation.derived.mrd == {} and evaluation.derived.csf  # the rest is derived


def test_intrathecal_vincristine_cannot_be_overridden():
    override = RuleOverride(rule_id="V42", path="treatment_lines[0].administrations[5].route",
                            reason="protocol")
    case = build_case(1, *VINCA_IT).model_copy(update={"overrides": [override]})
    [finding] = [f for f in evaluate(case).findings if f.rule_id == "V42"]
    assert finding.message == "Vincristine must never be given intrathecally (fatal)"
    assert not finding.overridable and not finding.overridden and finding.blocks_completion


def test_other_intrathecal_drugs_can_be_confirmed_with_a_reason():
    path = "treatment_lines[0].administrations[5].route"
    case = build_case(1, setp("treatment_lines[0].administrations[5].drug_inn", "rituximab"),
                      setp("treatment_lines[0].administrations[5].atc", "L01FA01"))
    [finding] = [f for f in evaluate(case).findings if f.rule_id == "V42"]
    assert finding.overridable and finding.blocks_completion
    case = case.model_copy(update={"overrides": [RuleOverride(rule_id="V42", path=path,
                                                              reason="CNS lymphoma protocol")]})
    [finding] = [f for f in evaluate(case).findings if f.rule_id == "V42"]
    assert finding.overridden and finding.override_reason == "CNS lymphoma protocol"
    assert not finding.blocks_completion


def test_a_text_hit_is_confirmed_on_its_own():
    case = build_case(1, setp("case_report.discussion", "On 18/04/2023 and 19/04/2023."))
    override = RuleOverride(rule_id="V57", path="case_report.discussion", match="18/04/2023",
                            reason="a lab batch number, not a date")
    findings = evaluate(case.model_copy(update={"overrides": [override]})).findings
    assert [(f.match, f.overridden) for f in findings if f.rule_id == "V57"] == [
        ("18/04/2023", True), ("19/04/2023", False)]


def test_draft_decisions():
    clean = evaluate(build_case(1))
    warned = evaluate(build_case(1, setp("case_report.title", "Blinatumomab")))
    broken = evaluate(build_case(1, *VINCA_IT))
    assert status_change_blockers(clean, "draft", "complete") == []
    assert warned.warnings and status_change_blockers(warned, "draft", "complete") == []
    blockers = status_change_blockers(broken, "draft", "complete")
    assert blockers and blockers[0].startswith(
        "Treatment › Treatment lines › row 1 › Administrations › row 6 › Route: Vincristine "
        "must never")
    assert status_change_blockers(broken, "draft", "draft") == []
    assert status_change_blockers(broken, "complete", "locked") == []


def test_text_output_lists_rule_case_path_and_message():
    text = format_findings_text("SEED-C1-CAO2023", evaluate(build_case(1, *VINCA_IT)))
    assert ("error   V42 SEED-C1-CAO2023 Treatment › Treatment lines › row 1 › Administrations › "
            "row 6 › Route: Vincristine must never be given intrathecally") in text
    assert "CARE: 13/13" in text or "CARE: 12/13" in text


def test_json_output_is_plain_json():
    data = evaluation_to_json(evaluate(build_case(2, DATE_IN_TEXT)))
    text = json.dumps(data, allow_nan=False)
    assert data["errors"] == data["blocking_errors"] == 1
    assert data["findings"][0]["rule_id"] == "V57"
    assert data["findings"][0]["blocks_completion"] is True
    assert data["derived"]["csf"]["csf_assessments[2]"]["status"] == "CNS3"
    assert data["derived"]["days"]["diagnoses[1].day"] == [168, 168]
    assert len(data["care"]["items"]) == 13 and "CNS3" in text


def test_validate_documents():
    report = validate_documents([build_case(1), build_case(2, *[DATE_IN_TEXT])])
    assert report.has_errors and report.to_json()["ok"] is False
    assert "SEED-C2-CAO2023: 1 error(s)" in report.to_text()
    assert not validate_documents([build_case(1)]).has_errors


def test_views_by_list_position_for_the_report():
    evaluation = evaluate(build_case(1))
    assert evaluation.cns_status[2] == "CNS3"
    assert evaluation.mrd_category == {0: "positive_ge_1e-4", 1: "negative_sufficient"}
    assert evaluation.response_category[4] == "CR (unconfirmed)"
    assert evaluation.response_category[5] == "CNS_remission"
    assert evaluation.molecular_response[2] == "MMR_MR3"
    assert evaluation.lab_canonical[3] == (pytest.approx(88.0), "g/L")
    assert evaluation.bsa_m2 == 1.8 and evaluation.timeline[0].when.day == 0


def test_blocking_reasons_for_the_case_service():
    from core.clinical import blocking_reasons

    assert blocking_reasons(build_case(1)) == []
    assert blocking_reasons(build_case(1, setp("consent.status", "not_obtained")))
