"""The course-of-disease figure: stacked panels over days relative to Day 0, treatment lines as
shaded bands. Drawn with reportlab.graphics shapes (no matplotlib).

Every sample is a marker. Two consecutive samples of a series are joined by a line only when
they are at most ``MAX_GAP_DAYS`` (31) days apart, so a sparse series (CSF WBC from lumbar
punctures months apart, a follow-up marrow) shows points, never a value interpolated across
months. A treatment line with no end day is drawn to the last known follow-up (the latest day of
any dated entry of the case, ``chart_events.last_known_day``) and ends in an open-end marker (a
dashed edge and an arrowhead) with its label; only a line that has not ended (no reason ended,
or 'ongoing') is open. A line with a reason ended but no end day ends at its last
administration's last day, with a dashed edge and "end date not given" (rule V62 asks for it). Under the panels a strip shows the drugs given
and the responses (``chart_events``); the day axis reaches the last known follow-up."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.clinical.days import Days, last_given_day, line_ended
from core.model import Record, When
from core.model.diagnostics import BoneMarrowAssessment
from core.report.blocks import PLACEHOLDER_MARK, Context, is_placeholder
from core.report.canvas_shapes import draw_shapes
from core.report.chart_events import (
    draw_events,
    event_days,
    events_height,
    events_placeholder,
    label_layout,
    label_rows,
    last_known_day,
)
from core.report.fonts import BOLD, SANS
from core.report.format import SUPERSCRIPT, number
from core.report.styles import BAND_FILLS, GRID, INK, MUTED, RULE, SERIES

COUNT_ANALYTES = {"wbc": "WBC", "anc": "ANC", "platelets": "PLT", "plt": "PLT"}
LEFT, RIGHT, TOP, BOTTOM, PANEL_H, GAP = 44.0, 8.0, 14.0, 26.0, 56.0, 17.0
LANE_H = 10.0
MAX_GAP_DAYS = 31
OPEN_END = "open end"
MARK_SIZE = 5.5  # the † beside a point from a placeholder value
NO_END_DATE = "end date not given"


@dataclass
class Series:
    name: str
    points: list[tuple[float, float]] = field(default_factory=list)
    hollow: list[tuple[float, float]] = field(default_factory=list)
    # the points (of either kind) from placeholder values: drawn with a † beside them
    marked: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Panel:
    title: str
    series: list[Series]
    log: bool = False
    fixed: tuple[float, float] | None = None

    def values(self) -> list[float]:
        return [v for s in self.series for _, v in s.points + s.hollow]


def _day(ctx: Context, when: When | None) -> int | None:
    return None if when is None else when.first_day(ctx.case.case_report.day0)


def _points(ctx: Context,
            items: Sequence[tuple[When | None, float | None]]) -> list[tuple[float, float]]:
    out = [(_day(ctx, w), v) for w, v in items if v is not None]
    return sorted((d, v) for d, v in out if d is not None)


Sample = tuple[Record, When | None, float | None]  # a record, its day and the value drawn


def _series(ctx: Context, name: str, samples: Sequence[Sample],
            hollow: Sequence[Sample] = ()) -> Series:
    """A series of samples; those from a record holding placeholder values marked, as a
    table marks its row."""
    return Series(name, _points(ctx, [(w, v) for _, w, v in samples]),
                  _points(ctx, [(w, v) for _, w, v in hollow]),
                  _points(ctx, [(w, v) for r, w, v in [*samples, *hollow] if is_placeholder(r)]))


def panels(ctx: Context) -> list[Panel]:
    """The panels that have data: blasts, MRD, CSF WBC, blood counts."""
    case = ctx.case
    bm = _series(ctx, "BM (morphology)", [(b, b.day, _marrow_blasts(b))
                                           for b in case.bm_assessments])
    pb = _series(ctx, "PB", [(lab, lab.day, lab.value_entered) for lab in case.labs
                             if (lab.analyte or "").lower() == "pb blasts"])
    mrd = _series(ctx, "MRD", [(m, m.day, m.value_fraction) for m in case.mrd_assessments],
                  [(m, m.day, m.lod_fraction) for m in case.mrd_assessments
                   if m.value_fraction is None])
    csf = _series(ctx, "CSF WBC", [(c, c.day, c.wbc_per_uL) for c in case.csf_assessments])
    all_panels = [Panel("Blasts (%)", [bm, pb], fixed=(0, 100)),
                  Panel("MRD (fraction, log scale; open marker: undetectable, at LoD)", [mrd],
                        log=True),
                  Panel("CSF WBC (/µL)", [csf]),
                  Panel("Blood counts (×10⁹/L, log scale)", _count_series(ctx), log=True)]
    for panel in all_panels:
        panel.series = [s for s in panel.series if s.points or s.hollow]
    return [p for p in all_panels if p.series]


def _marrow_blasts(bm: BoneMarrowAssessment) -> float | None:
    return bm.blast_pct_morphology if bm.blast_pct_morphology is not None else bm.blast_pct_flow


def _count_series(ctx: Context) -> list[Series]:
    by_name: dict[str, list[Sample]] = {}
    for i, lab in enumerate(ctx.case.labs):
        name = COUNT_ANALYTES.get((lab.analyte or "").lower())
        canonical = ctx.derived.lab_canonical.get(i)
        if name and canonical and lab.specimen in (None, "blood"):
            by_name.setdefault(name, []).append((lab, lab.day, canonical[0]))
    return [_series(ctx, name, by_name[name]) for name in ("WBC", "ANC", "PLT")
            if name in by_name]


class Band(NamedTuple):
    """A treatment line's span; ``open_end``: not ended and no end day, drawn to the last known
    follow-up; ``end_not_given``: ended (a reason ended) but no end day, drawn to its last
    administration's last day."""

    start: float
    end: float
    name: str
    open_end: bool = False
    end_not_given: bool = False


def bands(ctx: Context) -> list[Band]:
    """One band per treatment line with a known start."""
    out, last = [], None
    days = Days(ctx.case.case_report.day0)
    for line in ctx.case.treatment_lines:
        start, end = _day(ctx, line.start_day), _day(ctx, line.end_day)
        if start is None:
            continue
        name = f"L{line.line_no or '?'}"
        if end is not None:
            out.append(Band(start, max(end, start), name))
            continue
        if line_ended(line):  # a finished line is never drawn as running on
            given = last_given_day(line, days)
            out.append(Band(start, max(start, given if given is not None else start),
                            name, end_not_given=True))
            continue
        last = last if last is not None else last_known_day(ctx)
        out.append(Band(start, max(start, last if last is not None else start),
                        name, open_end=True))
    return out


def marked_lines(ctx: Context) -> set[str]:
    """The bands' names ("L1") of the treatment lines holding placeholder values: drawn
    marked †, as a table marks the line's row."""
    return {f"L{line.line_no or '?'}" for line in ctx.case.treatment_lines
            if is_placeholder(line)}


def has_placeholders(ctx: Context) -> bool:
    """Whether the figure marks a value † (a point, a line's band, a response, a drug's row):
    its caption then says what † means."""
    return (any(s.marked for p in panels(ctx) for s in p.series)
            or bool(marked_lines(ctx) & {b.name for b in bands(ctx)}) or events_placeholder(ctx))


def runs(points: Sequence[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The day-sorted points cut wherever two neighbours are more than MAX_GAP_DAYS apart."""
    out: list[list[tuple[float, float]]] = []
    for point in sorted(points):
        if out and point[0] - out[-1][-1][0] <= MAX_GAP_DAYS:
            out[-1].append(point)
        else:
            out.append([point])
    return out


def course_chart(ctx: Context, width: float) -> Drawing | None:
    """The figure, or None when nothing dated can be plotted."""
    shown = panels(ctx)
    if not shown:
        return None
    spans = bands(ctx)
    events = event_days(ctx)
    last = last_known_day(ctx)
    days = [d for p in shown for s in p.series for d, _ in s.points + s.hollow]
    days += [d for b in spans for d in (b.start, b.end)]
    days += events
    lo, hi = min(days), max([*days, *([last] if last is not None else [])])
    pad = max((hi - lo) * 0.03, 1)
    plot_w = width - LEFT - RIGHT
    # the labels first: a wrapped one makes the strip taller
    placed = label_layout(ctx, lambda d: LEFT + (d - lo + pad) / (hi - lo + 2 * pad) * plot_w,
                          LEFT, plot_w) if events else []
    strip = events_height(ctx, label_rows(placed)) + GAP if events else 0.0
    height = TOP + len(shown) * (PANEL_H + GAP) + strip + BOTTOM
    chart = _Chart(CourseChart(width, height), (lo - pad, hi + pad), plot_w)
    chart.draw_bands(spans, BOTTOM, height - TOP, marked_lines(ctx))
    for i, panel in enumerate(shown):
        chart.draw_panel(panel, height - TOP - (i + 1) * (PANEL_H + GAP))
    if events:
        draw_events(ctx, chart.add, chart.x, LEFT, chart.plot_w, BOTTOM, placed)
    chart.draw_day_axis(BOTTOM)
    return chart.drawing


class CourseChart(Drawing):
    """The figure's shapes, drawn straight onto the page's canvas (``core.report.canvas_shapes``)
    instead of through ReportLab's renderer, which works out every shape's graphics state from
    its properties: the same shapes, drawn the same."""

    def draw(self, showBoundary: Any = None) -> None:  # noqa: N803 - Drawing.draw's name
        draw_shapes(self.canv, self.contents)


class _Chart:
    def __init__(self, drawing: Drawing, x_range: tuple[float, float], plot_w: float):
        self.drawing, (self.x0, self.x1), self.plot_w = drawing, x_range, plot_w

    def x(self, day: float) -> float:
        return LEFT + (day - self.x0) / (self.x1 - self.x0) * self.plot_w

    def add(self, *shapes: Any) -> None:
        for shape in shapes:
            self.drawing.add(shape)

    def draw_bands(self, spans: list[Band], y0: float, y1: float, marked: set[str]) -> None:
        """Shaded bands from the day axis up to a lane above the panels that names each line;
        an open-ended line ends in a dashed edge and an arrowhead, its label beside the arrow
        when the band is too narrow to hold it."""
        for i, band in enumerate(spans):
            left = self.x(band.start)
            right = max(self.x(band.end + 1), left + 1.5)  # to the end of its last day
            fill = BAND_FILLS[i % len(BAND_FILLS)]
            self.add(Rect(left, y0, right - left, y1 - y0, fillColor=fill, strokeColor=None),
                     Rect(left, y1 + 2, right - left, LANE_H, fillColor=fill, strokeColor=RULE,
                          strokeWidth=0.4))
            name = f"{band.name}\u00a0{PLACEHOLDER_MARK}" if band.name in marked else band.name
            if band.open_end or band.end_not_given:
                self._draw_open_end(name, left, right, y0, y1, arrow=band.open_end)
            elif stringWidth(name, BOLD, 6.5) + 3 <= right - left:
                self.add(String((left + right) / 2, y1 + 4.6, name, fontName=BOLD,
                                fontSize=6.5, fillColor=INK, textAnchor="middle"))

    def _draw_open_end(self, name: str, left: float, right: float, y0: float, y1: float,
                       arrow: bool = True) -> None:
        """The dashed edge and label of a line with no end day: an arrowhead and "open end"
        when it runs on, none and "end date not given" when it ended."""
        mid = y1 + 2 + LANE_H / 2
        self.add(Line(right, y0, right, y1 + 2, strokeColor=MUTED, strokeWidth=0.6,
                      strokeDashArray=[2, 1.5]))
        if arrow:
            self.add(Polygon([right, mid - 3.2, right + 4.5, mid, right, mid + 3.2],
                             fillColor=MUTED, strokeColor=None))
        text = f"{name}, {OPEN_END if arrow else NO_END_DATE}"
        if stringWidth(text, BOLD, 6.5) + 3 <= right - left:
            self.add(String((left + right) / 2, y1 + 4.6, text, fontName=BOLD, fontSize=6.5,
                            fillColor=INK, textAnchor="middle"))
        elif right + 6 + stringWidth(text, BOLD, 6.5) <= LEFT + self.plot_w + RIGHT:
            self.add(String(right + 6, y1 + 4.6, text, fontName=BOLD, fontSize=6.5,
                            fillColor=INK, textAnchor="start"))
        else:
            self.add(String(left - 2, y1 + 4.6, text, fontName=BOLD, fontSize=6.5,
                            fillColor=INK, textAnchor="end"))

    def draw_panel(self, panel: Panel, y0: float) -> None:
        scale = _Scale.for_panel(panel, y0)
        for value, text in scale.ticks():
            y = scale.y(value)
            self.add(Line(LEFT, y, LEFT + self.plot_w, y, strokeColor=GRID, strokeWidth=0.3),
                     String(LEFT - 3, y - 2.2, text, fontName=SANS, fontSize=6, fillColor=MUTED,
                            textAnchor="end"))
        self.add(Rect(LEFT, y0, self.plot_w, PANEL_H, fillColor=None, strokeColor=RULE,
                      strokeWidth=0.5),
                 String(LEFT, y0 + PANEL_H + 4, panel.title, fontName=BOLD, fontSize=7,
                        fillColor=INK))
        for colour, series in zip(SERIES, panel.series, strict=False):
            self._draw_series(series, scale, colour)
        self._draw_legend(panel.series, y0 + PANEL_H + 4)

    def _draw_series(self, series: Series, scale: _Scale, colour: Any) -> None:
        for run in runs(series.points + series.hollow):
            if len(run) > 1:
                coords = [c for d, v in run for c in (self.x(d), scale.y(v))]
                self.add(PolyLine(coords, strokeColor=colour, strokeWidth=0.9))
        for d, v in series.points:
            self.add(Circle(self.x(d), scale.y(v), 1.9, fillColor=colour, strokeColor=colour))
        for d, v in series.hollow:
            self.add(Circle(self.x(d), scale.y(v), 2.1, fillColor=None, strokeColor=colour,
                            strokeWidth=0.9))
        for d, v in series.marked:  # a placeholder value, marked as the tables mark it
            self.add(String(self.x(d) + 2.3, scale.y(v) + 0.6, PLACEHOLDER_MARK, fontName=SANS,
                            fontSize=MARK_SIZE, fillColor=colour))

    def _draw_legend(self, series: list[Series], y: float) -> None:
        if len(series) < 2:
            return
        x = LEFT + self.plot_w
        for colour, s in reversed(list(zip(SERIES, series, strict=False))):
            self.add(String(x, y, s.name, fontName=SANS, fontSize=6.3, fillColor=INK,
                            textAnchor="end"))
            x -= stringWidth(s.name, SANS, 6.3) + 6
            self.add(Circle(x + 3, y + 2, 1.9, fillColor=colour, strokeColor=colour))
            x -= 8

    def draw_day_axis(self, y: float) -> None:
        step = _nice((self.x1 - self.x0) / 8)
        day = math.ceil(self.x0 / step) * step
        while day <= self.x1:
            x = self.x(day)
            self.add(Line(x, y, x, y - 3, strokeColor=MUTED, strokeWidth=0.5),
                     String(x, y - 10, number(day), fontName=SANS, fontSize=6.3, fillColor=MUTED,
                            textAnchor="middle"))
            day += step
        self.add(String(LEFT + self.plot_w / 2, y - 21, "Day relative to Day 0", fontName=SANS,
                        fontSize=6.8, fillColor=INK, textAnchor="middle"))


@dataclass
class _Scale:
    y0: float
    lo: float
    hi: float
    log: bool

    @classmethod
    def for_panel(cls, panel: Panel, y0: float) -> _Scale:
        values = panel.values()
        if panel.fixed:
            return cls(y0, *panel.fixed, log=False)
        if panel.log:
            positive = [v for v in values if v > 0] or [1.0]
            lo, hi = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
            return cls(y0, 10.0**lo, 10.0 ** max(hi, lo + 1), log=True)
        step = _nice(max(max(values), 1) / 4)
        return cls(y0, 0, step * math.ceil(max(max(values), 1) / step), log=False)

    def y(self, value: float) -> float:
        if self.log:
            value = max(value, self.lo)
            low, high = math.log10(self.lo), math.log10(self.hi)
            t = (math.log10(value) - low) / (high - low)
        else:
            t = (value - self.lo) / (self.hi - self.lo)
        return self.y0 + min(max(t, 0), 1) * PANEL_H

    def ticks(self) -> list[tuple[float, str]]:
        if self.log:
            first, last = round(math.log10(self.lo)), round(math.log10(self.hi))
            every = max(1, math.ceil((last - first) / 5))
            return [(10.0**k, f"10{str(k).translate(SUPERSCRIPT)}")
                    for k in range(first, last + 1, every)]
        step = _nice((self.hi - self.lo) / 4)
        count = round((self.hi - self.lo) / step)
        return [(self.lo + i * step, number(self.lo + i * step)) for i in range(count + 1)]


def _nice(raw: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten, at least ``raw``."""
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
