"""The de-identified PDF masks ages of 90 and over written in text, Chinese addresses and a
Chinese surname with a title, as it masks the scan's other hits. A reviewer's
`casebook report ID --deidentified` printed "男，91岁", "住址：北京市东城区帅府园1号", "张先生" and
"A 91-year-old man" as typed, under "De-identified according to HIPAA Safe Harbor"."""

from __future__ import annotations

from core.model import Case
from core.report import ReportOptions, find_identifier_hits
from tests.core.report.pdftext import all_text

ZH = "男，91岁，因乏力就诊。住址：北京市东城区帅府园1号。由其子张先生陪同，骨髓检查示完全缓解。"
EN = "A 91-year-old man from Dongcheng District, Beijing; his sister, 89 years old, is well."


def reviewers_case(case: Case) -> Case:
    doc = case.to_json_dict()
    doc["case_report"]["discussion"] = ZH
    doc["case_report"]["take_away"] = EN
    return Case.model_validate(doc)


def test_the_deidentified_pdf_masks_them(case_1, render):
    case = reviewers_case(case_1)
    text = all_text(render(case, deidentified=True))
    packed = "".join(text.split())  # CJK text comes back with spaces between some characters
    for forbidden in ["91岁", "北京市", "东城区", "帅府园", "张先生"]:
        assert forbidden not in packed, forbidden
    assert "男，[age≥90]，因乏力就诊" in packed
    assert "住址：[addressremoved]。由其子[nameremoved]陪同，骨髓检查示完全缓解" in packed
    assert "91-year-old" not in text and "Dongcheng" not in text
    assert "A [age ≥90] man from [address removed], Beijing" in text
    assert "89 years old" in text  # under 90 is no identifier
    assert "De-identified according to HIPAA Safe Harbor" in text


def test_the_identified_pdf_keeps_them(case_1, render):
    packed = "".join(all_text(render(reviewers_case(case_1))).split())
    assert "北京市东城区帅府园1号" in packed and "91岁" in packed and "张先生" in packed


def test_they_are_listed_before_the_pdf_is_made(case_1):
    hits = find_identifier_hits(reviewers_case(case_1), ReportOptions(deidentified=True))
    listed = {(h.path, h.text, h.kind) for h in hits}
    assert {("case_report.discussion", "91岁", "age"),
            ("case_report.discussion", "北京市东城区帅府园1号", "address"),
            ("case_report.discussion", "张先生", "name"),
            ("case_report.take_away", "91-year-old", "age")} <= listed
