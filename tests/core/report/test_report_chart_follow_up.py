"""The timeline figure reaches the last known follow-up: the latest dated entry of the case, not
the last plotted sample (a stranger's case: MRD on day 28, a response on day 45 and a second
blinatumomab cycle on day 59; the figure stopped at day 28 and its caption said "drawn to the
last known follow-up (day 28)"). The drugs given and the responses are drawn under the panels."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Polygon, Rect, String

from core.model import Case
from core.report import ReportOptions
from core.report.chart import BOTTOM, Band, bands, course_chart
from core.report.chart_events import (
    EVENTS_TITLE,
    administration_spans,
    last_known_day,
    response_marks,
)
from core.report.document import make_context, set_up_reportlab
from tests.core.report.pdftext import all_text

WIDTH = 480.0


def _blin(cycle: int, start: str, end: str | None) -> dict:
    return {"drug_inn": "blinatumomab", "cycle_no": cycle, "dose": 28.0, "dose_unit": "ug/d",
            "route": "CIV", "frequency": "continuous_infusion", "line_no": 1,
            "start_day": start, "end_day": end, "src": "entered"}


@pytest.fixture
def stranger_case() -> Case:
    """The stranger's case 1, as entered: Day 0 2024-03-15, CSF on 2024-03-17, line 1 from
    2024-04-01 (day 17) with no end day, MRD on day 28, CR on 2024-04-29 (day 45), cycle 1
    2024-04-01..04-28 and cycle 2 from 2024-05-13 (day 59), no outcome day."""
    return Case.model_validate({
        "case_id": "HC-QXH0VV7C", "status": "draft", "schema_version": "1.0.0",
        "case_report": {"title": "Adult B-ALL with CNS involvement", "day0": "2024-03-15",
                        "day0_definition": "date of diagnosis", "src": "entered"},
        "patient": {"age_at_day0": 43, "sex": "male", "src": "entered"},
        "diagnoses": [{"day": 0, "entity": "B-ALL", "role": "initial", "src": "entered"}],
        "csf_assessments": [{"day": "2024-03-17", "sample_route": "lumbar_puncture",
                             "wbc_per_uL": 25.0, "rbc_per_uL": 3.0,
                             "blasts_present_cytospin": "yes", "src": "entered"}],
        "mrd_assessments": [{"day": 28, "method": "MFC", "specimen": "bm", "result": "detected",
                             "value_fraction": 0.005, "lod_fraction": 0.0001,
                             "src": "entered"}],
        "treatment_lines": [{"line_no": 1, "regimen_name": "Blinatumomab monotherapy",
                             "intent": "consolidation", "start_day": "2024-04-01",
                             "cycles_given": 2, "cycles_planned": 2, "src": "entered",
                             "administrations": [_blin(1, "2024-04-01", "2024-04-28"),
                                                 _blin(2, "2024-05-13", None)]}],
        "response_assessments": [{"day": "2024-04-29", "scope": "overall", "category": "CR",
                                  "line_no": 1, "src": "entered"}],
        "outcome": {"src": "entered"},
    })


def _context(case: Case):
    set_up_reportlab()
    return make_context(case, ReportOptions())


def test_the_last_known_follow_up_is_the_latest_dated_entry(stranger_case):
    ctx = _context(stranger_case)
    assert last_known_day(ctx) == 59  # cycle 2's start, after the response (45) and MRD (28)
    assert bands(ctx) == [Band(17, 59, "L1", open_end=True)]


def test_an_outcome_day_before_a_later_entry_does_not_cut_the_line(stranger_case):
    doc = stranger_case.to_json_dict()
    doc["outcome"].update(last_follow_up_day=30, vital_status="alive")
    ctx = _context(Case.model_validate(doc))
    assert last_known_day(ctx) == 59
    doc["outcome"].update(last_follow_up_day=120)
    assert last_known_day(_context(Case.model_validate(doc))) == 120


def test_the_figure_shows_the_response_and_the_second_cycle(stranger_case):
    ctx = _context(stranger_case)
    assert response_marks(ctx)[0].day == 45 and response_marks(ctx)[0].label == "CR"
    assert administration_spans(ctx) == [(17, 44), (59, 59)]
    drawing = course_chart(ctx, WIDTH)
    texts = {s.text: s for s in drawing.contents if isinstance(s, String)}
    assert EVENTS_TITLE in texts and "CR" in texts
    axis = [float(t) for t in texts if t.isdigit()]
    assert max(axis) >= 59  # the day axis reaches the last known follow-up
    band = max((r for r in drawing.contents if isinstance(r, Rect) and r.height == 10.0),
               key=lambda r: r.width)
    bars = [r for r in drawing.contents if isinstance(r, Rect) and r.height == 3.2]
    assert len(bars) == 2
    second = max(bars, key=lambda r: r.x)
    assert band.x < second.x and second.x + second.width <= band.x + band.width + 0.01
    (diamond,) = [p for p in drawing.contents if isinstance(p, Polygon) and len(p.points) == 8]
    assert band.x < diamond.points[0] < second.x  # CR on day 45, before cycle 2


def test_the_pdf_names_day_59_as_the_last_known_follow_up(stranger_case, render):
    text = all_text(render(stranger_case))
    assert "drawn to the last known follow-up, day 59, the latest dated entry of the case" \
        in text
    assert "day 28" not in text
    figure = text[text.index("Timeline"):text.index("Figure 1.")]
    assert EVENTS_TITLE in figure and "CR" in figure and "60" in figure.split()


def test_the_kit_legend_names_the_strip(stranger_case):
    from core.kit import _chart_legend
    from core.report.chart_events import EVENTS_CAPTION

    assert _chart_legend(_context(stranger_case)).endswith(EVENTS_CAPTION)


def test_response_labels_neither_overlap_nor_leave_the_strip(case_1):
    """Reference case 1 has a CR, an MRD response and a CNS remission on day 229, at the
    strip's right end: the labels were drawn over each other and past the figure's edge."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from core.report.chart_events import LABEL_SIZE
    from core.report.fonts import SANS

    ctx = _context(case_1)
    drawing = course_chart(ctx, WIDTH)
    (strip,) = [r for r in drawing.contents
                if isinstance(r, Rect) and r.y == BOTTOM and r.fillColor is None]  # the strip
    labels = [s for s in drawing.contents if isinstance(s, String)
              and s.fontSize == LABEL_SIZE and strip.y < s.y < strip.y + strip.height]
    assert len(labels) >= 3
    spans = [(s.y, s.x, s.x + stringWidth(s.text, SANS, LABEL_SIZE)) for s in labels]
    for _y, left, right in spans:
        assert strip.x <= left and right <= strip.x + strip.width
    for i, (y, left, right) in enumerate(spans):
        for y2, left2, right2 in spans[i + 1:]:
            assert y != y2 or right <= left2 or right2 <= left  # no two on a row overlap
    assert any("CR" in s.text and "," in s.text for s in labels)  # one label per day
