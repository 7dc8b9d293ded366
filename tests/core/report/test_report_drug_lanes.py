"""The figure's drug strip names each drug on its own row (a review: every administration was a
bar on one unlabelled row, so a reader could not tell vincristine from dasatinib, and the
intrathecal doses of day_list showed as their first day only)."""

from __future__ import annotations

from reportlab.graphics.shapes import Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.model import Case
from core.report import ReportOptions
from core.report.chart import BOTTOM, course_chart
from core.report.chart_events import (
    BAR_H,
    LANE_LABEL_SIZE,
    MAX_LANES,
    OTHER_DRUGS,
    drug_lanes,
)
from core.report.document import make_context, set_up_reportlab
from core.report.fonts import SANS

WIDTH = 480.0


def _context(case: Case):
    set_up_reportlab()
    return make_context(case, ReportOptions())


def test_reference_case_1_has_a_named_row_per_drug(case_1):
    ctx = _context(case_1)
    lanes = {lane.name: lane.spans for lane in drug_lanes(ctx)}
    assert lanes["vincristine"] == ((2, 2), (9, 9), (16, 16), (23, 23))  # its days given
    assert lanes["methotrexate IT"] == tuple(
        (d, d) for d in (3, 24, 60, 100, 140, 201, 204, 208, 211, 218, 225))
    assert lanes["blinatumomab"][0][0] == 200
    assert "dexamethasone" not in lanes  # the IV premedication of blinatumomab: left out
    assert "dexamethasone IT" in lanes
    assert [lane.name for lane in drug_lanes(ctx)][0] in {"cyclophosphamide", "vincristine",
                                                           "daunorubicin", "dasatinib",
                                                           "prednisone"}  # given first
    drawing = course_chart(ctx, WIDTH)
    (strip,) = [r for r in drawing.contents
                if isinstance(r, Rect) and r.y == BOTTOM and r.fillColor is None]  # the strip
    names = {s.text: s for s in drawing.contents
             if isinstance(s, String) and s.fontSize == LANE_LABEL_SIZE}
    assert set(names) == {lane.label() for lane in drug_lanes(ctx)}  # placeholders: name †
    for label in names.values():  # inside the strip
        assert strip.x <= label.x
        assert label.x + stringWidth(label.text, SANS, LANE_LABEL_SIZE) <= strip.x + strip.width
        assert strip.y < label.y < strip.y + strip.height
    bars = [r for r in drawing.contents if isinstance(r, Rect) and r.height == BAR_H]
    assert len(bars) == sum(len(spans) for spans in lanes.values())
    rows = {round(r.y, 2) for r in bars}
    assert len(rows) == len(lanes)  # one row per drug


def test_past_the_row_limit_the_last_drugs_share_a_row(case_1):
    doc = case_1.to_json_dict()
    line = doc["treatment_lines"][0]
    line["administrations"] = [
        {"drug_inn": f"drug{i:02d}", "route": "PO", "role": "antineoplastic", "start_day": i,
         "dose": 1.0, "dose_unit": "mg", "frequency": "once_daily", "src": "entered"}
        for i in range(MAX_LANES + 3)]
    doc["treatment_lines"] = [line]
    lanes = drug_lanes(_context(Case.model_validate(doc)))
    assert len(lanes) == MAX_LANES
    assert lanes[-1].name == OTHER_DRUGS
    assert lanes[-1].spans == tuple((d, d) for d in range(MAX_LANES - 1, MAX_LANES + 3))


def test_days_given_without_a_start_day_are_drawn_and_reach_the_follow_up(case_1):
    """A review: an IT administration with its days given and no start day was left out,
    and a dose given after every dated entry was drawn past the open line's end."""
    from core.report.chart import bands
    from core.report.chart_events import last_known_day

    doc = case_1.to_json_dict()
    last = last_known_day(_context(case_1))
    line = doc["treatment_lines"][-1]
    line.pop("end_day", None)
    line["reason_end"] = "ongoing"  # still running: open (an ended line is not)
    line["administrations"].append({"drug_inn": "thiotepa", "route": "IT", "role":
                                    "cns_treatment", "day_list": [3, last + 30],
                                    "src": "entered"})
    ctx = _context(Case.model_validate(doc))
    lanes = {lane.name: lane.spans for lane in drug_lanes(ctx)}
    assert lanes["thiotepa IT"] == ((3, 3), (last + 30, last + 30))
    assert last_known_day(ctx) == last + 30
    (open_band,) = [b for b in bands(ctx) if b.open_end]
    assert open_band.end == last + 30
