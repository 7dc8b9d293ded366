"""The course-of-disease figure's events: the last known follow-up, and the strip under the
panels that shows the drugs given (a bar from start to end day) and the response assessments (a
diamond with the category).

The last known follow-up is the latest day of any dated entry of the case (assessments, labs,
drug administrations, responses, adverse events, procedures, the outcome's follow-up, alive and
death days...), not only of what a panel plots: a case with an MRD on day 28, a response on day
45 and a second cycle on day 59 is followed up to day 59 (a stranger's case showed day 28)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.graphics.shapes import Polygon, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.model import When
from core.model.report import CaseReport, Outcome, Patient
from core.report.blocks import Context
from core.report.fonts import BOLD, SANS
from core.report.format import humanize
from core.report.styles import INK, RULE, SERIES
from core.report.walk import fields_holding, iter_records

EVENTS_H = 30.0  # the strip's height, under the panels
EVENTS_TITLE = "Drugs given (bars, start to end day) and responses (◆)"
EVENTS_CAPTION = ("Under the panels: each drug administration as a bar from its start to its "
                  "end day, each response assessment as a diamond with its category.")
LABEL_SIZE = 6.3


def entry_days(ctx: Context) -> list[int]:
    """The day of every dated entry of the case relative to Day 0, but for the birth date and
    Day 0 itself (no events of the course). An outcome day counts to the last day it covers
    (a follow-up "2024-05" reaches May 31); any other entry from its first."""
    day0 = ctx.case.case_report.day0
    out = []
    for record in iter_records(ctx.case):
        if isinstance(record, Patient | CaseReport):
            continue
        for name in fields_holding(type(record), When):
            value = getattr(record, name)
            span = value.day_range(day0) if isinstance(value, When) else None
            if span is not None:
                out.append(span[1] if isinstance(record, Outcome) else span[0])
    return out


def last_known_day(ctx: Context) -> int | None:
    """The last known follow-up: the latest day of any dated entry (``entry_days``)."""
    return max(entry_days(ctx), default=None)


@dataclass(frozen=True)
class Mark:
    day: int
    label: str


def response_marks(ctx: Context) -> list[Mark]:
    """Each dated response assessment with its category (entered, else derived)."""
    day0 = ctx.case.case_report.day0
    out = []
    for i, response in enumerate(ctx.case.response_assessments):
        day = response.day.first_day(day0) if response.day else None
        category = response.category or ctx.derived.response_category.get(i)
        if day is not None:
            out.append(Mark(day, humanize(category) if category else "?"))
    return sorted(out, key=lambda m: m.day)


def administration_spans(ctx: Context) -> list[tuple[int, int]]:
    """Each drug administration with a known start: (start, end) days, the end its start when
    no end day is entered."""
    day0 = ctx.case.case_report.day0
    out = []
    for line in ctx.case.treatment_lines:
        for given in line.administrations:
            start = given.start_day.first_day(day0) if given.start_day else None
            end = given.end_day.first_day(day0) if given.end_day else None
            if start is not None:
                out.append((start, max(start, end) if end is not None else start))
    return sorted(out)


def event_days(ctx: Context) -> list[int]:
    """The days the strip draws something on."""
    return ([m.day for m in response_marks(ctx)]
            + [d for span in administration_spans(ctx) for d in span])


def draw_events(ctx: Context, add: Callable[..., None], x: Callable[[float], float],
                left: float, width: float, y0: float) -> None:
    """The strip: a box from ``y0`` up ``EVENTS_H`` across the plot, its title above it, the
    drugs given as bars on its lower row and the responses as diamonds above them, each
    labelled with its category (a label that would overlap the one before goes a row up)."""
    add(Rect(left, y0, width, EVENTS_H, fillColor=None, strokeColor=RULE, strokeWidth=0.5),
        String(left, y0 + EVENTS_H + 4, EVENTS_TITLE, fontName=BOLD, fontSize=7,
               fillColor=INK))
    for start, end in administration_spans(ctx):
        add(Rect(x(start), y0 + 4, max(x(end + 1) - x(start), 1.2), 3.2, fillColor=SERIES[0],
                 strokeColor=None))
    mid = y0 + 12.5
    ends = [left - 1e9, left - 1e9]  # the right edge of the last label on each row
    for day, label in _day_labels(ctx):
        cx = x(day)
        add(Polygon([cx, mid - 3, cx + 3, mid, cx, mid + 3, cx - 3, mid], fillColor=SERIES[1],
                    strokeColor=None))
        row, at, text = _placed(label, cx, ends, left + 1, left + width - 1)
        ends[row] = at + stringWidth(text, SANS, LABEL_SIZE)
        add(String(at, mid + 4.5 + row * 7, text, fontName=SANS, fontSize=LABEL_SIZE,
                   fillColor=INK))


def _day_labels(ctx: Context) -> list[tuple[int, str]]:
    """One label per day: the categories of the responses assessed that day, joined (a
    marrow CR, an MRD response and a CNS remission on one day overlapped each other)."""
    days: dict[int, list[str]] = {}
    for mark in response_marks(ctx):
        kept = days.setdefault(mark.day, [])
        if mark.label not in kept:
            kept.append(mark.label)
    return [(day, ", ".join(labels)) for day, labels in days.items()]


def _placed(label: str, cx: float, ends: list[float], low: float,
            high: float) -> tuple[int, float, str]:
    """(row, left edge, text) of a label centred on ``cx`` as far as the strip allows
    (``low``..``high``): on the first row where it clears the label before, else where there
    is most room, moved right of that label and shortened with '…' to end inside the strip."""
    width = stringWidth(label, SANS, LABEL_SIZE)
    at = min(max(cx - width / 2, low), high - width)
    for row, end in enumerate(ends):
        if at > end + 2:
            return row, max(at, low), label
    row = min(range(len(ends)), key=lambda r: ends[r])
    at = max(ends[row] + 2, low)
    text = label
    while text and at + stringWidth(text, SANS, LABEL_SIZE) > high:
        text = text[:-2] + "…" if len(text) > 1 else ""
    return row, at, text
