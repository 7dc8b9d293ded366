"""V57 and the de-identified PDF use one scanner (issue 16, V57): a name is found as a substring
in scripts written without spaces (Chinese), as a whole word in spaced scripts."""

from __future__ import annotations

from clinical_refcases import build_case, setp

from core.clinical import evaluate
from core.clinical.engine import scan_text
from core.report import ReportOptions, render_case_pdf
from tests.core.report.pdftext import all_text

CJK_TEXT = "患者张伟于第197天复发，张伟的父亲陪同。"
LATIN_TEXT = "Annual review: Ann was well; annotated by the team."


def v57_hits(*changes) -> list[tuple[str, str | None]]:
    findings = evaluate(build_case(1, *changes)).findings
    return [(f.path, f.match) for f in findings if f.rule_id == "V57"]


def test_a_chinese_name_inside_chinese_text_is_found_by_v57():
    hits = v57_hits(setp("patient.name", "张伟"), setp("case_report.discussion", CJK_TEXT))
    assert hits == [("case_report.discussion", "张伟")] * 2


def test_a_latin_name_needs_word_boundaries():
    hits = v57_hits(setp("patient.name", "Ann"), setp("case_report.discussion", LATIN_TEXT))
    assert hits == [("case_report.discussion", "Ann")]  # not 'Annual', not 'annotated'


def test_scanner_denylist_substring_rule_per_script():
    assert [h.text for h in scan_text("复发时张伟入院", ["张伟"])] == ["张伟"]
    assert [h.text for h in scan_text("Annual report for ANN", ["Ann"])] == ["ANN"]
    assert scan_text("Annual annotations", ["Ann"]) == []


def test_the_deidentified_pdf_masks_the_same_names(reference_cases):
    doc = reference_cases[0].to_json_dict()
    doc["patient"]["name"] = "张伟"
    doc["case_report"]["discussion"] = f"{CJK_TEXT} {LATIN_TEXT}"
    doc["case_report"]["take_away"] = "Ann Lee's Annual check."
    from core.model import Case

    case = Case.model_validate(doc)
    text = "".join(all_text(render_case_pdf(case, ReportOptions(deidentified=True,
                                                                denylist=("Ann",)))).split())
    assert "张伟" not in text and "患者[nameremoved]于第197天" in text
    assert "Annualreview" in text and "Annualcheck" in text
    assert "[nameremoved]Lee's" in text
