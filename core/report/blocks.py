"""Building blocks shared by the sections: paragraphs, headings, tables, banners, notes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from core.model import Case, Record, field_meta, is_bookkeeping
from core.report.cjk import CJKParagraph
from core.report.deid import Masker
from core.report.derived import Derived
from core.report.fonts import CJK, CJK_BOLD, markup, split_runs
from core.report.format import SUPERSCRIPT, Formatter, not_reported, unit_label
from core.report.lines import (
    SOFT_HYPHEN,
    CellTable,
    clean_text,
    lines_paragraph,
    plain_lines,
    plain_paragraph,
)
from core.report.options import ReportOptions
from core.report.placeholders import PLACEHOLDER_MARK, PLACEHOLDER_NOTE, is_placeholder
from core.report.styles import (
    CELL_PAD_SIDE,
    GRID,
    INFO_EDGE,
    INFO_FILL,
    TABLE_CHUNK,
    WARN_EDGE,
    WARN_FILL,
    cell_styles,
    styles,
    table_style,
)

CJK_MARKS = (f'name="{CJK}"', f'name="{CJK_BOLD}"')
CELL_PADDING = 7.5


@dataclass
class Context:
    """Everything a section needs to render one case."""

    case: Case
    options: ReportOptions
    derived: Derived
    fmt: Formatter
    width: float
    masker: Masker | None = None


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped, fonts switched per run; with CJK text, CJK line
    breaking and bold: ``core.report.cjk``)."""
    st = styles()[style]
    if "\n" in text and _plain_lines_style(st):
        lines = text.split("\n")
        if all(_plain_line(line, st.fontName) for line in lines):
            return lines_paragraph(lines, st)
    body = markup(text, st.fontName)
    if any(mark in body for mark in CJK_MARKS):
        return CJKParagraph(body, styles()[f"{style}/cjk"])
    return plain_paragraph(body, st)


def _plain_lines_style(st: ParagraphStyle) -> bool:
    """A style ``lines_paragraph`` lays out as ReportLab would: left-aligned, no first-line
    indent, plain leading."""
    return (st.alignment == TA_LEFT and not st.firstLineIndent
            and getattr(st, "autoLeading", "") in ("", "off", None)
            and not getattr(st, "textTransform", None))


def _plain_line(line: str, font: str) -> bool:
    """A line ``lines_paragraph`` takes: not empty, clean, one run of ``font``, no markup
    characters."""
    return (bool(line) and line == clean_text(line) and not any(c in line for c in "&<>")
            and split_runs(line, font) == ((font, line),))


def heading(text: str, level: int = 1) -> Paragraph:
    return para(text, f"h{level}")


def missing_text(reason: str | None = None) -> Paragraph:
    return para(not_reported(reason), "missing")


def label(model: type[BaseModel], name: str) -> str:
    """A column header from the model: the field's label and its unit."""
    meta = field_meta(model, name)
    unit = unit_label(meta.get("unit"))
    return f"{meta['label']} ({unit})" if unit and unit != "fraction" else meta["label"]


def data_table(ctx: Context, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[str]],
               records: Sequence[BaseModel] | None = None) -> list[Flowable]:
    """A table with a shaded header row repeated on every page, chunked every TABLE_CHUNK rows,
    with placeholder marks and numbered notes from the rows' records."""
    body = [list(r) for r in rows]
    notes = _mark_rows(ctx, body, records or [])
    widths = unbroken_date_widths([h for h, _ in columns], [w * ctx.width for _, w in columns],
                                  body)
    header = [cell(h, "cell_head", w) for (h, _), w in zip(columns, widths, strict=True)]
    flowables: list[Flowable] = []
    for start in range(0, max(len(body), 1), TABLE_CHUNK):
        chunk = [[cell(v, "cell", w) for v, w in zip(row, widths, strict=True)]
                 for row in body[start:start + TABLE_CHUNK]]
        table = CellTable([header, *chunk], colWidths=widths, repeatRows=1, hAlign="LEFT",
                      cellStyles=cell_styles(len(chunk) + 1, [False] * len(widths)))
        table.setStyle(TableStyle(table_style(len(chunk) + 1)))
        flowables.append(table)
    return flowables + notes


DATE_TOKEN = re.compile(r"\S*\d{4}-\d{2}(?:-\d{2})?\S*")  # with what clings to it: "2023-10-10†"
JOINED_TOKEN = re.compile(r"[^\s\xa0]+(?:\xa0[^\s\xa0]+)+")  # "d197\xa0†\xa0¹": marks joined


def unbroken_tokens(text: str) -> list[str]:
    """The parts of a cell that must not break across lines: its dates, and the words joined
    by no-break spaces (a value and its placeholder mark and note number, "d197 † ¹")."""
    return DATE_TOKEN.findall(text) + JOINED_TOKEN.findall(text)


def unbroken_date_widths(headers: Sequence[str], widths: Sequence[float],
                         rows: Sequence[Sequence[str]]) -> list[float]:
    """Column widths (points) in which every date of a cell fits on one line, and every
    value with its marks: in a narrow column "2023-10-10" broke as "2023-1" over "0-10", which
    reads as two values, and the CSF table's "d197 † ¹" as "d197 †" over "¹". The room comes
    from the other columns in proportion to what they have beyond their own longest date and
    header word; the table keeps its width, and without that much room nothing changes."""
    st, head = styles()["cell"], styles()["cell_head"]
    dates = [max((stringWidth(d, st.fontName, st.fontSize) + CELL_PADDING + 0.01
                  for row in rows for d in unbroken_tokens(str(row[i]))), default=0.0)
             for i in range(len(widths))]
    words = [max((stringWidth(w, head.fontName, head.fontSize) for w in h.split()), default=0.0)
             + CELL_PADDING for h in headers]
    short = [max(0.0, d - w) for d, w in zip(dates, widths, strict=True)]
    room = [0.0 if s else max(0.0, w - max(d, h))
            for s, w, d, h in zip(short, widths, dates, words, strict=True)]
    deficit, spare = sum(short), sum(room)
    if not deficit or spare < deficit:
        return list(widths)
    return [w + s - r * deficit / spare for w, s, r in zip(widths, short, room, strict=True)]


def cell(text: str, style: str, width: float) -> str | Paragraph:
    """A table cell: a plain string when it is one run of the style's own font (drawn
    directly, much faster): one line when it fits, else the lines a Paragraph would break it
    into (``core.report.lines``); a wrapping paragraph when only a Paragraph draws it right."""
    plain = plain_cell(text, style, width)
    return para(text, style) if plain is None else plain


@lru_cache(maxsize=16384)
def plain_cell(text: str, style: str, width: float) -> str | None:
    """``cell``'s text as a string cell (lines joined by line breaks), or None. Cached: the
    fonts' metrics never change once registered, and short cell texts recur."""
    if SOFT_HYPHEN in text:  # a Paragraph hides it (or breaks there); a string shows it
        return None
    st = styles()[style]
    if "\n" in text:
        return _plain_cell_lines(text, style, width)
    runs = split_runs(text, st.fontName)
    if len(runs) > 1 or (runs and runs[0][0] != st.fontName):
        return None
    plain = runs[0][1] if runs else ""
    if stringWidth(plain, st.fontName, st.fontSize) <= width - CELL_PADDING:
        return plain
    if "&" in plain or "<" in plain or ">" in plain:  # a Paragraph's markup: several fragments
        return None
    lines = plain_lines(plain, st.fontName, st.fontSize, width - CELL_PAD_SIDE - CELL_PAD_SIDE,
                        st.spaceShrinkage)
    return None if lines is None else "\n".join(lines)


def _plain_cell_lines(text: str, style: str, width: float) -> str | None:
    """A cell of several lines (line breaks in its text) as a string cell when each line is
    one run of the style's own font, already clean (no white space that a Paragraph would
    change) and fits the column: a Paragraph would draw those lines, one per line break, at
    the same baselines. Else None (a Paragraph)."""
    st = styles()[style]
    lines = text.split("\n")
    for line in lines:
        if not line or line != clean_text(line) \
                or split_runs(line, st.fontName) != ((st.fontName, line),) \
                or stringWidth(line, st.fontName, st.fontSize) > width - CELL_PADDING:
            return None
    return text


def _mark_rows(ctx: Context, rows: list[list[str]], records: Sequence[BaseModel]) -> list[Flowable]:
    placeholders = False
    numbers, notes = numbered_notes(ctx, records)
    for row, record, number in zip(rows, records, numbers, strict=False):
        if is_placeholder(record):
            row[0] = after_first_line(row[0], f"\u00a0{PLACEHOLDER_MARK}")
            placeholders = True
        if number:
            row[0] = after_first_line(row[0], f"\u00a0{number}")
    lines = ([PLACEHOLDER_NOTE] if placeholders else []) + notes
    return [para("\n".join(lines), "note")] if lines else []


def after_first_line(text: str, mark: str) -> str:
    """``mark`` at the end of the cell's first line: beside a day, not under it after its
    date (``d35 †`` over ``2025-04-19``)."""
    first, newline, rest = text.partition("\n")
    return f"{first}{mark}{newline}{rest}"


def numbered_notes(ctx: Context, records: Sequence[BaseModel]) -> tuple[list[str], list[str]]:
    """The records' own notes (where a value comes from: "A first remission is implied by
    the reported 'bone marrow relapse'") as a table's numbered footnotes: the superscript
    number each row's first cell carries after its placeholder mark ("" for a record
    without a note), and the notes ("¹ A first remission ..."), in the rows' order. The PDF's
    record tables and the kit manuscript's."""
    numbers: list[str] = []
    notes: list[str] = []
    for record in records:
        if isinstance(record, Record) and record.note:
            number = str(len(notes) + 1).translate(SUPERSCRIPT)
            notes.append(f"{number} {ctx.fmt.text(record.note)}")
            numbers.append(number)
        else:
            numbers.append("")
    return numbers, notes


def marked(value: str, placeholder: bool) -> str:
    """A value with the placeholder mark after it (a value printed alone, not in a table row,
    which carries its record's mark in its first cell)."""
    return f"{value}\u00a0{PLACEHOLDER_MARK}" if value and placeholder else value


def is_marked(value: str) -> bool:
    """Whether a value carries the placeholder mark (``record_pairs``): at the end of its
    first line, beside a day that has its date under it."""
    return value.partition("\n")[0].endswith(PLACEHOLDER_MARK)


def kv_table(ctx: Context, pairs: Sequence[tuple[str, str]], per_row: int = 2) -> list[Flowable]:
    """Label/value pairs laid out ``per_row`` pairs per line; under them, when a value carries
    the placeholder mark (``record_pairs``), the note the record tables give it."""
    pairs = [p for p in pairs if p[1]]
    label_w, value_w = ctx.width * 0.36 / per_row, ctx.width * 0.64 / per_row
    rows = []
    for i in range(0, len(pairs), per_row):
        row = []
        line = list(pairs[i:i + per_row])
        for name, value in line + [("", "")] * (per_row - len(line)):
            row += [cell(name, "cell_head", label_w), cell(value, "cell", value_w)]
        rows.append(row)
    data = rows or [["", ""]]
    labels = [c % 2 == 0 for c in range(len(data[0]))]  # bold labels, plain values
    table = CellTable(data, colWidths=[label_w, value_w] * per_row, hAlign="LEFT",
                  cellStyles=cell_styles(len(data), labels, bold_first_row=False))
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, GRID)]))
    placeholders = any(is_marked(value) for _, value in pairs)
    return [table, para(PLACEHOLDER_NOTE, "note")] if placeholders else [table]


def record_pairs(ctx: Context, record: BaseModel,
                 skip: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(label, value) for every filled field of a record, from the model's metadata; identifier
    fields only in identified mode; bookkeeping fields never; a placeholder value marked."""
    hidden = {"note", *skip}
    pairs = []
    for name in type(record).model_fields:
        meta = field_meta(type(record), name)
        if name in hidden or is_bookkeeping(type(record), name) \
                or (meta.get("identifier") and ctx.options.deidentified):
            continue
        value = ctx.fmt.field_cell(record, name)  # a when: its day with its date under it
        if value and is_placeholder(record, name):  # the mark beside the day, as in a row
            value = after_first_line(value, f"\u00a0{PLACEHOLDER_MARK}")
        pairs.append((meta["label"], value))
    return [p for p in pairs if p[1]]


def banner(text: str, kind: str = "warn") -> Flowable:
    """A boxed notice across the page."""
    fill, edge = (WARN_FILL, WARN_EDGE) if kind == "warn" else (INFO_FILL, INFO_EDGE)
    box = Table([[para(text, "banner")]], colWidths=["100%"], hAlign="LEFT", spaceBefore=4,
                spaceAfter=2)
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), fill), ("BOX", (0, 0), (-1, -1), 0.8, edge),
        ("LINEBEFORE", (0, 0), (0, -1), 3, edge),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ]))
    return box


def subsection(title: str, body: list[Flowable], reason: str | None = None) -> list[Flowable]:
    """A level-2 heading and its body, or "Not reported" when the body is empty."""
    return [heading(title, 2), *(body or [missing_text(reason)])]
