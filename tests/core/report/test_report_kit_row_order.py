"""The kit manuscript lists a case's records in the PDF summary's order (by when, a line's drugs
by date with each drug's steps together), whatever order they were typed in, and numbers their
footnotes alike: it listed them as entered, so for a case typed out of order the two documents
disagreed, and a note's number with them (core.report.order.record_order, shared)."""

from __future__ import annotations

import re

from core.model import Case
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import all_text, table_rows
from tests.core.report.test_report_row_order import ADVERSE_EVENTS, DATED_LISTS

TABLES = {  # the PDF's heading: the manuscript's caption
    "Diagnoses": "Diagnoses.", "Bone marrow": "Bone marrow assessments.",
    "Immunophenotype": "Immunophenotype.", "Molecular genetics": "Molecular genetics.",
    "Cerebrospinal fluid and CNS status": "Cerebrospinal fluid and CNS status.",
    "Laboratory results": "Key laboratory results.", "Responses": "Responses.",
    "Measurable residual disease": "Measurable residual disease.",
    "Adverse events": "Adverse events.", "Treatment lines": "Treatment lines.",
}


def _first(cell: str) -> str:
    return " ".join(cell.split())  # no-break spaces as spaces


def test_manuscript_rows_and_footnotes_follow_the_pdf_for_records_typed_out_of_order(
        case_1, render):
    doc = case_1.to_json_dict()
    doc["adverse_events"] = ADVERSE_EVENTS
    doc["case_report"]["adverse_events_status"] = "recorded"
    for name in (*DATED_LISTS, "treatment_lines"):
        doc[name] = doc[name][::-1]
    case = Case.model_validate(doc)
    pdf, kit = render(case), manuscript_text(case)
    for heading, caption in TABLES.items():
        pdf_rows = [_first(r[0]) for r in table_rows(pdf, heading) if r[0][:1].isalnum()]
        kit_rows = [_first(r[0]) for r in kit.tables[caption][1:]]
        assert len(kit_rows) >= 2, caption
        assert kit_rows == pdf_rows, (caption, kit_rows, pdf_rows)
    # the same row carries the same number, and the same note stands under that number
    assert kit.tables["Cerebrospinal fluid and CNS status."][3][0].split() == ["d197", "†", "¹"]
    assert _first(kit.tables["Responses."][2][0]) == "d30 ¹"
    text = all_text(pdf)
    for note in ("¹ CNS leukemia at relapse is reported", "² CNS complete remission after"):
        assert note in text
        assert any(p.startswith(note) for p in kit.paragraphs), note
    # a line's drug table follows the lines' order, as in the PDF
    lines = [c.split(":")[0] for c in kit.tables if c.startswith("Line ")]
    assert lines == ["Line 1", "Line 2", "Line 3"]
    # the symptoms sentence lists them by day, as the PDF's Clinical findings table
    symptoms = next(p for p in kit.paragraphs if p.startswith("Main concerns"))
    days = [int(d) for d in re.findall(r"\(d(\d+)", symptoms)]
    assert days == sorted(days) and len(days) >= 2
    assert case.csf_assessments[0].day.day == 229  # the case keeps its entry order
