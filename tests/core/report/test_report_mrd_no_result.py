"""An MRD row with no result, no value and no limit of detection (a hematology fellow's
stranger run: d60 BM MFC, the rest left empty) is a result not reported, not an undetectable
one: the PDF's MRD table printed "undetectable —" while its timeline said "result not
reported", and V31 asked for the LoD of "an undetectable (negative) MRD result". Now the MRD
table, the timeline and the kit manuscript say "result not reported", V31 is quiet, and the
missing Result is listed as the required item it is. A row with no value but a LoD still reads
as undetectable (the Result field's help)."""

from __future__ import annotations

from core.clinical.evaluate import evaluate
from core.clinical.mrd import derive_mrd, is_negative, mrd_category
from core.model.diagnostics import MrdAssessment
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import table_rows

EMPTY_EVENT = "MRD result not reported (MFC, BM)"


def _with_empty_row(case):
    case = case.model_copy(deep=True)
    case.mrd_assessments.append(MrdAssessment(day=60, specimen="bm",
                                              method="MFC"))
    return case, f"mrd_assessments[{len(case.mrd_assessments) - 1}]"


def test_no_result_is_not_negative() -> None:
    empty = MrdAssessment(day=60, specimen="bm", method="MFC")
    assert not is_negative(empty)
    assert derive_mrd(empty).category is None
    assert "not reported" in (derive_mrd(empty).note or "")
    assert mrd_category(None, None, None).note == "MRD result not reported"
    # no value but a LoD reads as not detected; said so, it is negative without a LoD too
    assert is_negative(MrdAssessment(lod_fraction=1e-4))
    assert is_negative(MrdAssessment(result="not_detected"))
    # a reason why the result is missing: not negative, LoD or not
    assert not is_negative(MrdAssessment(lod_fraction=1e-4, nf={"result": "pending"}))


def test_v31_is_quiet_and_the_result_is_required(case_1) -> None:
    case, path = _with_empty_row(case_1)
    result = evaluate(case)
    assert not [f for f in result.findings if f.rule_id == "V31"]
    required = [(b.rule, b.path) for b in result.blockers if b.path.startswith(path)]
    assert ("REQUIRED", f"{path}.result") in required
    # a reason for the missing result, or the value, or a LoD settles it
    for change in ({"nf": {"result": "pending"}}, {"value_fraction": 0.001},
                   {"lod_fraction": 1e-4}, {"result": "detected_not_quantifiable"}):
        row = case.mrd_assessments[-1].model_copy(update=change)
        settled = case.model_copy(update={"mrd_assessments": [*case.mrd_assessments[:-1], row]})
        assert f"{path}.result" not in {b.path for b in evaluate(settled).blockers}
    # said undetectable without its LoD: V31, at the LoD
    said = case.mrd_assessments[-1].model_copy(update={"result": "not_detected"})
    negative = case.model_copy(update={"mrd_assessments": [*case.mrd_assessments[:-1], said]})
    assert [f.path for f in evaluate(negative).findings if f.rule_id == "V31"] \
        == [f"{path}.lod_fraction"]


def test_the_pdf_and_the_manuscript_say_result_not_reported(case_1, render) -> None:
    case, _ = _with_empty_row(case_1)
    pdf = render(case)
    rows = table_rows(pdf, "Measurable residual disease")
    empty = [row for row in rows if row[0].startswith("d60")]
    assert empty and empty[0][1:4] == ["BM", "MFC", "result not reported"], rows
    assert not any("undetectable" in cell for cell in empty[0])
    # the reference case's d229 row (no value, LoD 10⁻⁴) is still undetectable
    assert any(row[3] == "undetectable (LoD 10⁻⁴)" for row in rows), rows
    events = [row[1] for row in table_rows(pdf, "Timeline") if len(row) >= 2]
    assert EMPTY_EVENT in events
    text = manuscript_text(case)
    table = text.tables["Measurable residual disease."]
    assert [row[3] for row in table if row[0].startswith("d60")] == ["result not reported"]
    assert EMPTY_EVENT in [row[1] for row in text.tables["Timeline of the case."]]
