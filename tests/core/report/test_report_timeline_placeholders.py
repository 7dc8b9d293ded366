"""The timeline marks its placeholder values † as every other table does: the PDF's timeline
table, the kit manuscript's timeline table (whose section the kit's note then lists) and the
timeline figure (a physician's check: 'd196 Relapse', 'd197 CSF: CNS3 (CNS3a)', 'd30 MRD
0.32%' of reference case 1 come from placeholder records and read as facts)."""

from __future__ import annotations

from docx import Document
from docx.text.paragraph import Paragraph
from reportlab.graphics.shapes import String

from core.kit import _chart_legend
from core.report import ReportOptions
from core.report.chart import course_chart
from core.report.document import make_context, set_up_reportlab
from core.report.sections_timeline import CHART_MARK
from tests.core.kit.manuscript_text import reference_kit
from tests.core.report.pdftext import all_text, table_rows

NOTE = "† placeholder values (synthetic, not patient data)."


def _timeline(text: str) -> str:
    # (a Day column: no entry of the reference case has a calendar date)
    return text[text.index("Day Event Type"):text.index("Diagnostic assessment")]


def test_the_pdf_timeline_marks_rows_from_placeholder_records(render, case_1):
    rows = {(r[0], r[1]) for r in table_rows(render(case_1), "Timeline")}
    for row in (("d196 †", "Relapse (combined BM + CNS)"), ("d197 †", "CSF: CNS3 (CNS3a)"),
                ("d229 †", "Last known alive")):
        assert row in rows, sorted(rows)
    assert any(day == "d30 †" and event.startswith("MRD 0.32%") for day, event in rows)
    assert NOTE in _timeline(all_text(render(case_1)))
    # a record entered as reported, with no placeholder field: no mark
    case = case_1.model_copy(deep=True)
    csf = next(c for c in case.csf_assessments if c.day and c.day.day == 197)
    csf.src, csf.placeholder_fields = "reported", None
    rows = {(r[0], r[1]) for r in table_rows(render(case), "Timeline")}
    assert ("d197", "CSF: CNS3 (CNS3a)") in rows, sorted(rows)


def test_a_timeline_without_placeholders_has_no_mark_nor_note(render, case_1):
    case = case_1.model_copy(deep=True)
    from core.report.walk import iter_records
    for record in iter_records(case):
        if hasattr(record, "placeholder_fields"):
            record.placeholder_fields = None
            if getattr(record, "src", None) == "placeholder":
                record.src = "reported"
    timeline = _timeline(all_text(render(case)))
    assert "†" not in timeline and "d196 Relapse" in timeline


def test_the_figure_marks_placeholder_values(case_1, render):
    set_up_reportlab()
    ctx = make_context(case_1, ReportOptions())
    texts = [s.text for s in course_chart(ctx, 480.0).contents if isinstance(s, String)]
    assert "relapse\u00a0†" in texts  # the day-196 response
    assert "L1\u00a0†" in texts and "blinatumomab\u00a0†" in texts  # a line's band, a drug
    assert texts.count("†") >= 10  # beside the points (the d30 MRD 0.32% among them)
    assert CHART_MARK in all_text(render(case_1))  # the caption says what † means
    assert _chart_legend(ctx).endswith(CHART_MARK)  # the kit's figure legend too


def test_the_manuscript_timeline_table_marks_them_and_the_kit_lists_it(tmp_path):
    report = reference_kit(tmp_path)
    manuscript = Document(str(tmp_path / "kit" / "manuscript.docx"))
    table = next(t for t in manuscript.tables if t.rows[0].cells[1].text == "Event")
    rows = [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]]
    assert ("d196\u00a0†", "Relapse (combined BM + CNS)") in rows, rows
    assert ("d197\u00a0†", "CSF: CNS3 (CNS3a)") in rows
    body = manuscript.element.body
    after = Paragraph(body[list(body).index(table._tbl) + 1], manuscript)
    assert after.text == NOTE
    (listed,) = [n for n in report.notes if n.startswith("Placeholder values present: ")]
    assert "Timeline" in listed.split(" (marked †)")[0].split(", ")
