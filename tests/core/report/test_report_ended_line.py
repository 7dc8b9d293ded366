"""A treatment line that ended (Reason ended 'completed', 2/2 cycles) but has no End date was
drawn as running on: "L1, open end" to the last follow-up (day 260) and "d35" in the lines'
table, and no warning said so. It now ends at its last administration's last day, marked "end
date not given" (in the lines' table "to d104 (last dose)" with the note on its own line, so
the computed day reads as no End entered), and rule V62 warns at its End field. A line not
ended stays open."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Polygon, String

from core.clinical import evaluate
from core.model import Case
from core.report import ReportOptions
from core.report.chart import Band, bands, course_chart
from core.report.document import make_context, set_up_reportlab
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import all_text, page_texts


def _blin(cycle: int, start: int, end: int) -> dict:
    return {"drug_inn": "blinatumomab", "cycle_no": cycle, "dose": 28.0, "dose_unit": "ug/d",
            "route": "CIV", "frequency": "continuous_infusion", "line_no": 1,
            "start_day": start, "end_day": end, "src": "entered"}


def _case(reason_end: str | None) -> Case:
    return Case.model_validate({
        "case_id": "HC-ENDED001", "status": "draft", "schema_version": "1.0.0",
        "case_report": {"title": "Blinatumomab consolidation", "day0": "2024-03-15",
                        "src": "entered"},
        "patient": {"age_at_day0": 43, "sex": "male", "src": "entered"},
        "diagnoses": [{"day": 0, "entity": "B-ALL", "role": "initial", "src": "entered"}],
        "mrd_assessments": [{"day": 28, "method": "MFC", "specimen": "bm", "result": "detected",
                             "value_fraction": 0.005, "lod_fraction": 0.0001,
                             "src": "entered"}],
        "treatment_lines": [{"line_no": 1, "regimen_name": "Blinatumomab", "intent":
                             "consolidation", "start_day": 35, "cycles_given": 2,
                             "cycles_planned": 2, "reason_end": reason_end, "src": "entered",
                             "administrations": [_blin(1, 35, 62), _blin(2, 77, 104)]}],
        "outcome": {"vital_status": "alive", "last_follow_up_day": 260, "src": "entered"},
    })


def _context(case: Case):
    set_up_reportlab()
    return make_context(case, ReportOptions())


def test_an_ended_line_ends_at_its_last_administration():
    ctx = _context(_case("completed"))
    assert bands(ctx) == [Band(35, 104, "L1", end_not_given=True)]
    drawing = course_chart(ctx, 480.0)
    texts = [s.text for s in drawing.contents if isinstance(s, String)]
    assert "L1, end date not given" in texts and not any("open end" in t for t in texts)
    assert not [p for p in drawing.contents if isinstance(p, Polygon) and len(p.points) == 6]


@pytest.mark.parametrize("reason", [None, "ongoing"])
def test_a_line_not_ended_is_still_open(reason):
    ctx = _context(_case(reason))
    assert bands(ctx) == [Band(35, 260, "L1", open_end=True)]
    texts = [s.text for s in course_chart(ctx, 480.0).contents if isinstance(s, String)]
    assert "L1, open end" in texts
    assert not [f for f in evaluate(_case(reason)).findings if f.rule_id == "V62"]


IDENTIFIED_DAYS = "d35\n2024-04-19\nto d104 (last dose)\n2024-06-27\nend date not given"
DEIDENTIFIED_DAYS = "d35\nto d104 (last dose)\nend date not given"


def _lines_text(pdf: bytes) -> str:
    """The PDF's text read back with pypdf, its line breaks kept."""
    return "\n".join(page_texts(pdf))


def test_the_pdf_says_the_end_date_is_not_given(render):
    """The lines' table gave "d35 2024-04-19 to d104 2024-06-27 (end date not given)": the
    day and date computed from the last administration read as an End entered. The day is
    marked "(last dose)" and the missing end date said on a line of its own."""
    pdf = render(_case("completed"))
    # each day with its date under it (Day 0 2024-03-15); de-identified, the days alone
    assert IDENTIFIED_DAYS in _lines_text(pdf)
    deidentified = _lines_text(render(_case("completed"), deidentified=True))
    assert DEIDENTIFIED_DAYS in deidentified
    assert "2024-04-19" not in deidentified and "2024-06-27" not in deidentified
    text = all_text(pdf)
    assert "2024-06-27 (end date not given)" not in text
    assert "drawn to its last administration's last day, day 104" in text
    assert "open end" not in text and "drawn to the last known follow-up" not in text


def test_the_kit_manuscript_reuses_the_cell():
    for deidentified, days in ((False, IDENTIFIED_DAYS), (True, DEIDENTIFIED_DAYS)):
        kit = manuscript_text(_case("completed"), deidentified=deidentified)
        assert kit.tables["Treatment lines."][1][3] == days


def test_with_no_day_given_the_note_is_under_the_start(render):
    """Without an administration the note followed the start date on its line
    ("2024-04-19 (end date not given)"), as if that were the end."""
    data = _case("completed").model_dump(mode="json")
    data["treatment_lines"][0]["administrations"] = []
    case = Case.model_validate(data)
    assert "d35\n2024-04-19\nend date not given" in _lines_text(render(case))
    assert "d35\nend date not given" in _lines_text(render(case, deidentified=True))
    assert manuscript_text(case).tables["Treatment lines."][1][3] == (
        "d35\n2024-04-19\nend date not given")


def test_rule_v62_warns_at_the_end_field():
    found = [(f.severity, f.path, f.message) for f in evaluate(_case("completed")).findings
             if f.rule_id == "V62"]
    assert found == [("warning", "treatment_lines[0].end_day",
                      "Reason ended is set but no end date: enter the end date")]


def test_the_timeline_table_lists_the_line_end_at_its_last_administration(render):
    """The timeline table listed "Line 1 start" but no end for a line that ended without an
    end date; the end is now listed where the chart draws it, d104, saying the date is not
    given (a line with an end date keeps its plain "Line 1 end" row)."""
    rows = [(e.day, e.when.display(), e.label, e.event_type)
            for e in evaluate(_case("completed")).derived.timeline if e.event_type == "treatment_end"]
    assert rows == [(104, "d104", "Line 1 end: completed (end date not given)", "treatment_end")]
    text = all_text(render(_case("completed")))
    assert "d104 2024-06-27 Line 1 end: completed (end date not given) treatment end" in " ".join(
        text.split())  # its date beside its day (Day 0 2024-03-15), as the editor's timeline
    data = _case("completed").model_dump(mode="json")
    data["treatment_lines"][0]["end_day"] = 110
    ended = Case.model_validate(data)
    assert [e.label for e in evaluate(ended).derived.timeline
            if e.event_type == "treatment_end"] == ["Line 1 end: completed"]
    assert not [e for e in evaluate(_case(None)).derived.timeline
                if e.event_type == "treatment_end"]
