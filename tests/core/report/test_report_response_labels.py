"""Each response label of the figure's strip is attached to its own diamond (a physician's
review: reference case 1's day-229 label, 'CR, CNS remission, complete MRD response, MR4',
was pushed left from the strip's edge and stacked over day 196's 'relapse' diamond, case 2's
day-204 label over day 168's, so it read as that diamond's label)."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Line, Polygon, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.report import ReportOptions
from core.report.chart import course_chart
from core.report.chart_events import LABEL_SIZE
from core.report.document import make_context, set_up_reportlab
from core.report.fonts import SANS
from core.report.styles import SERIES

WIDTH = 480.0


def _strip(case):
    """[(diamond x, its label strings, its leader line or None)] in drawing order."""
    set_up_reportlab()
    drawing = course_chart(make_context(case, ReportOptions()), WIDTH)
    out: list[tuple[float, list[String], Line | None]] = []
    mid = 0.0
    for shape in drawing.contents:  # each diamond, then its leader and label (above it)
        if isinstance(shape, Polygon) and shape.fillColor == SERIES[1]:
            out.append((shape.points[0], [], None))
            mid = shape.points[1] + 3
        elif out and isinstance(shape, Line) and shape.x1 == out[-1][0] and shape.y1 > mid:
            out[-1] = (out[-1][0], out[-1][1], shape)
        elif out and isinstance(shape, String) and shape.fontSize == LABEL_SIZE \
                and shape.y > mid:
            out[-1][1].append(shape)
    return out


@pytest.mark.parametrize("which", [0, 1])
def test_each_label_is_over_its_own_diamond_or_led_to_it(reference_cases, which):
    strip = _strip(reference_cases[which])
    assert len(strip) >= 3
    centres = [cx for cx, _, _ in strip]
    for cx, strings, leader in strip:
        assert strings, cx
        left = min(s.x for s in strings)
        right = max(s.x + stringWidth(s.text, SANS, LABEL_SIZE) for s in strings)
        over_others = [o for o in centres if o != cx and left - 3 < o < right + 3]
        assert not over_others, (strings[0].text, cx, over_others)  # over no other diamond
        low = min(s.y for s in strings)
        if leader is None:  # right over its own diamond, on the first row
            assert left <= cx <= right and low == min(
                s.y for _, ss, _ in strip for s in ss), strings[0].text
        else:  # a line from its diamond's top up to under its lowest line
            assert (leader.x1, leader.x2) == (cx, max(min(cx, right - 1), left + 1))
            assert leader.y1 < leader.y2 < low


def test_the_long_day_229_label_is_wrapped_right_of_day_196(case_1):
    strip = _strip(case_1)
    *_, (relapse_x, relapse, _), (last_x, last, leader) = strip
    assert [s.text for s in relapse] == ["relapse\u00a0†"]  # placeholders, marked
    assert " ".join(s.text for s in sorted(last, key=lambda s: -s.y)) == (
        "CR, CNS remission, complete MRD response, MR4\u00a0†")
    assert len(last) > 1 and leader is not None
    assert min(s.x for s in last) > relapse_x + 3
