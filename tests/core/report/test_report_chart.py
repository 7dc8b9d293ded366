"""The timeline figure, checked on its ReportLab shapes: open-ended treatment lines and sparse
series drawn as points."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Circle, Line, Polygon, PolyLine, Rect, String

from core.model import Case
from core.report import ReportOptions
from core.report.chart import MAX_GAP_DAYS, Band, bands, course_chart
from core.report.document import make_context, set_up_reportlab
from tests.core.report.pdftext import all_text

WIDTH = 480.0


def _context(case: Case):
    set_up_reportlab()
    return make_context(case, ReportOptions())


def _shapes(drawing, kind):
    return [s for s in drawing.contents if isinstance(s, kind)]


def _csf_only(case_1: Case, days: list[int]) -> Case:
    """case 1 with no marrow, MRD or lab samples, and CSF samples on ``days``."""
    doc = case_1.to_json_dict()
    doc["bm_assessments"], doc["mrd_assessments"], doc["labs"] = [], [], []
    template = doc["csf_assessments"][0]
    doc["csf_assessments"] = [{**template, "day": day, "wbc_per_uL": 5.0 + i * 20}
                              for i, day in enumerate(days)]
    return Case.model_validate(doc)


@pytest.fixture
def open_case(case_1) -> Case:
    """case 1 with its third line (blinatumomab, from day 200) given no end day and no reason
    ended: still running (a line with a reason ended is not open: test_report_ended_line)."""
    doc = case_1.to_json_dict()
    doc["treatment_lines"][2]["end_day"] = doc["treatment_lines"][2]["reason_end"] = None
    return Case.model_validate(doc)


def test_a_line_without_end_day_reaches_the_last_follow_up_with_an_open_end(open_case):
    ctx = _context(open_case)
    assert bands(ctx)[2] == Band(200, 229, "L3", open_end=True)  # last known alive: day 229
    drawing = course_chart(ctx, WIDTH)
    lane = [r for r in _shapes(drawing, Rect) if r.height == 10.0]
    assert len(lane) == 3
    l3 = max(lane, key=lambda r: r.x)
    right = l3.x + l3.width
    assert l3.width > 20  # not a zero-width band
    dashed = [ln for ln in _shapes(drawing, Line) if getattr(ln, "strokeDashArray", None)]
    assert [round(ln.x1, 1) for ln in dashed] == [round(right, 1)]
    arrows = [p for p in _shapes(drawing, Polygon) if len(p.points) == 6]  # (diamonds: 8)
    assert len(arrows) == 1 and min(arrows[0].points[0::2]) == pytest.approx(right)
    labels = [s.text.replace("\u00a0†", "") for s in _shapes(drawing, String)]  # marks aside
    assert "L3, open end" in labels and "L1" in labels and "L2" in labels


def test_an_open_line_is_named_in_the_caption(open_case, render):
    text = " ".join(all_text(render(open_case)).split())
    assert ("no end day: drawn to the last known follow-up, day 229, the latest dated entry of "
            "the case).") in text  # one bracket (they were nested: '...case)).')


def test_without_an_outcome_day_the_open_line_reaches_the_last_plotted_day(case_1):
    doc = case_1.to_json_dict()
    doc["treatment_lines"][2].update(end_day=None, reason_end="ongoing")
    for key in ("last_follow_up_day", "last_known_alive_day", "death_day"):
        doc["outcome"][key] = None
    band = bands(_context(Case.model_validate(doc)))[2]
    assert band.open_end and band.end == 229  # the last marrow, CSF and blood samples


def test_lines_with_end_days_keep_their_span(case_1):
    assert bands(_context(case_1)) == [Band(2, 29, "L1"), Band(31, 195, "L2"),
                                      Band(200, 227, "L3")]


def test_csf_samples_months_apart_are_points_not_a_line(case_1):
    drawing = course_chart(_context(_csf_only(case_1, [10, 100, 200])), WIDTH)
    assert _shapes(drawing, PolyLine) == []
    assert len(_shapes(drawing, Circle)) == 3


def test_a_dense_series_is_still_a_line(case_1):
    drawing = course_chart(_context(_csf_only(case_1, [10, 17, 24, 31])), WIDTH)
    (line,) = _shapes(drawing, PolyLine)
    assert len(line.points) == 8  # four samples joined


def test_a_gap_longer_than_the_limit_cuts_the_line(case_1):
    days = [3, 24, 24 + MAX_GAP_DAYS + 1, 24 + MAX_GAP_DAYS + 10]
    drawing = course_chart(_context(_csf_only(case_1, days)), WIDTH)
    assert sorted(len(p.points) // 2 for p in _shapes(drawing, PolyLine)) == [2, 2]
    drawing = course_chart(_context(_csf_only(case_1, [3, 3 + MAX_GAP_DAYS])), WIDTH)
    assert len(_shapes(drawing, PolyLine)) == 1
