"""CARE 7: the timeline, as a figure and as a table."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from core.report.blocks import (
    PLACEHOLDER_MARK,
    PLACEHOLDER_NOTE,
    Context,
    data_table,
    heading,
    missing_text,
    para,
)
from core.report.chart import MAX_GAP_DAYS, Band, bands, course_chart, has_placeholders
from core.report.chart_events import EVENTS_CAPTION, event_days
from core.report.format import humanize, number
from core.report.placeholders import from_placeholder
from core.report.sections_figures import chart_number


def timeline_section(ctx: Context) -> list[Flowable]:
    figure = _figure(ctx) if ctx.options.include_chart else []
    out: list[Flowable] = [KeepTogether([heading("Timeline"), *figure])]
    columns, rows = timeline_table(ctx)
    if ctx.derived.error:
        return out + [para(f"Timeline {ctx.derived.missing()}.", "note")]
    if not rows:
        return out + [missing_text()]
    marks = timeline_placeholders(ctx)
    for row, mark in zip(rows, marks, strict=True):
        if mark:  # as a record table marks a row: in its first cell
            row[0] += f"\u00a0{PLACEHOLDER_MARK}"
    note = [para(PLACEHOLDER_NOTE, "note")] if any(marks) else []
    return out + data_table(ctx, columns, rows) + note


def timeline_table(ctx: Context) -> tuple[list[tuple[str, float]], list[list[str]]]:
    """The timeline table's columns (header, width) and rows, the PDF's and the kit
    manuscript's: as the editor's timeline, a Day column (the day number wherever it is
    known, an entry typed as a date too) and, when any entry has a calendar date (identified),
    a Date column beside it: the date typed, else Day 0's date plus the day number. It gave
    one column of dates as typed or day numbers, "2025-03-15" in one row and "d35" in the
    next."""
    fmt = ctx.fmt
    days = [fmt.when(r.when) for r in ctx.derived.timeline]
    dates = [fmt.calendar(r.when) for r in ctx.derived.timeline]
    days = ["" if day == date else day for day, date in zip(days, dates, strict=True)]
    rows = [[day, date, fmt.text(r.label), humanize(r.kind)]
            for day, date, r in zip(days, dates, ctx.derived.timeline, strict=True)]
    if not any(dates):
        return [("Day", 0.14), ("Event", 0.66), ("Type", 0.2)], [
            [row[0], *row[2:]] for row in rows]
    return [("Day", 0.1), ("Date", 0.14), ("Event", 0.56), ("Type", 0.2)], rows


def timeline_placeholders(ctx: Context) -> list[bool]:
    """For each timeline row, whether it comes from placeholder values: its record holds
    placeholder values (``is_placeholder``), as a record table marks that record's row; an
    outcome day, when that field is a placeholder."""
    return [from_placeholder(ctx.case, row.path) for row in ctx.derived.timeline]


def _figure(ctx: Context) -> list[Flowable]:
    drawing = course_chart(ctx, ctx.width)
    if drawing is None:
        return []
    lines = "; ".join(f"{b.name} = line {_line_text(ctx, b.name)}" + _end_text(b)
                      for b in bands(ctx))
    caption = (f"Figure {chart_number(ctx)}. Course of disease by day relative to Day 0"
               + (f". Shaded bands: treatment lines ({lines})." if lines else ".")
               + f" Samples more than {MAX_GAP_DAYS} days apart are not joined by a line."
               + (f" {EVENTS_CAPTION}" if event_days(ctx) else "")
               + (f" {CHART_MARK}" if has_placeholders(ctx) else ""))
    return [drawing, para(caption, "caption")]


# what the figure's † beside a point, a band's, a drug's or a response's name means
CHART_MARK = f"{PLACEHOLDER_MARK} drawn from placeholder values (synthetic, not patient data)."


def _end_text(band: Band) -> str:
    if band.open_end:
        return (f", no end day: drawn to the last known follow-up, day {number(band.end)}, "
                "the latest dated entry of the case")
    if band.end_not_given:
        return (f", ended, end date not given: drawn to its last administration's last day, "
                f"day {number(band.end)}")
    return ""


def _line_text(ctx: Context, band_name: str) -> str:
    for line in ctx.case.treatment_lines:
        if f"L{line.line_no or '?'}" == band_name:
            regimen = ctx.fmt.text(line.regimen_name) or "regimen not reported"
            return f"{line.line_no or '?'}, {regimen}"
    return band_name
