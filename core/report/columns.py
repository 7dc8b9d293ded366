"""The columns of a record's PDF table, generated from the model's metadata.

A record's table has a column for every field with a ``pdf`` rank (``F(..., pdf=3)``) and every
derived value with one (``DerivedValue(..., pdf=6)``), in rank order. A field's column is headed
by its label (and unit) and shows its value as the model formats it; a derived value's column
is headed "<label> (derived)". So a field added with a ``pdf`` rank is a column of the PDF with
no change here.

What stays in the sections is only what is genuinely particular to a table: a column that
folds several fields into one cell (``cells``: "Specimen, method", a span of days, a dose with
its derived absolute dose) with its header (``headers``), and the relative widths of the
columns (``widths``; a column without one gets ``DEFAULT_WIDTH``; widths are scaled to the
page width, and when a new column makes them add up to more than the page, no header word is
squeezed below its own width: ``fit``).

A dated record's rows print by their *when* (``core.report.order``), not in entry order; a cell
still gets the record's position in its list, where its derived values are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from core.model import When, derived_values, field_meta, pdf_rank
from core.report.blocks import CELL_PADDING, Context, data_table, label
from core.report.order import record_order
from core.report.styles import styles

DEFAULT_WIDTH = 0.08
Cell = Callable[[int, Any], str]  # (the record's position in its list, the record) -> text


@dataclass(frozen=True)
class PdfColumn:
    key: str  # a field name or a derived value's key
    header: str
    derived: bool = False


def pdf_keys(model: type[BaseModel]) -> list[str]:
    """The keys of the model's PDF columns in rank order (ties: fields in model order, then
    derived values)."""
    ranked = [(rank, i, name) for i, name in enumerate(model.model_fields)
              if (rank := pdf_rank(model, name)) is not None]
    start = len(model.model_fields)
    ranked += [(d.pdf, start + i, d.key) for i, d in enumerate(derived_values(model))
               if d.pdf is not None]
    return [key for *_, key in sorted(ranked)]


def pdf_columns(model: type[BaseModel],
                headers: Mapping[str, str] | None = None) -> list[PdfColumn]:
    """The model's PDF columns with their headers (``headers`` overrides, for columns that
    fold several values into one)."""
    headers = headers or {}
    derived = {d.key: d for d in derived_values(model)}
    out = []
    for key in pdf_keys(model):
        if key in model.model_fields:
            out.append(PdfColumn(key, headers.get(key) or label(model, key)))
        else:
            out.append(PdfColumn(key, headers.get(key) or f"{derived[key].label} (derived)",
                                 derived=True))
    return out


def record_table(ctx: Context, model: type[BaseModel], items: Sequence[BaseModel], *,
                 widths: Mapping[str, float] | None = None,
                 headers: Mapping[str, str] | None = None,
                 cells: Mapping[str, Cell] | None = None,
                 positions: Sequence[int] | None = None) -> list[Flowable]:
    """The table of a list of records: the model's PDF columns (see the module docstring), the
    rows by their when (``positions``: the records' printing order, when their own when field
    does not give it: a line's drugs, ``core.report.order.administration_order``)."""
    widths, cells = widths or {}, cells or {}
    columns = pdf_columns(model, headers)
    headers_ = [c.header for c in columns]
    raw = [widths.get(c.key, DEFAULT_WIDTH) for c in columns]
    layout = list(zip(headers_, fit(headers_, raw, ctx.width), strict=True))
    if positions is None:
        positions = record_order(items, ctx.case.case_report.day0)
    items = [items[i] for i in positions]
    rows = [[_cell(ctx, model, c, cells, i, item) for c in columns]
            for i, item in zip(positions, items, strict=True)]
    sink = _CAPTURE.get()
    if sink is not None:
        for item, row in zip(items, rows, strict=True):
            sink[id(item)] = CapturedRow(tuple(columns), tuple(row))
    return data_table(ctx, layout, rows, items)


@dataclass(frozen=True)
class CapturedRow:
    """A record's row as its PDF table printed it: the columns and the cells' texts."""

    columns: tuple[PdfColumn, ...]
    cells: tuple[str, ...]


_CAPTURE: ContextVar[dict[int, CapturedRow] | None] = ContextVar("pdf_rows", default=None)


@contextmanager
def captured_rows() -> Iterator[dict[int, CapturedRow]]:
    """While open, every record table made keeps each record's row, by ``id(record)``: the
    submission kit's manuscript prints the same cells (a dose with its unit and derived dose,
    an MRD value as a percent, a span of days) as the PDF summary."""
    sink: dict[int, CapturedRow] = {}
    token = _CAPTURE.set(sink)
    try:
        yield sink
    finally:
        _CAPTURE.reset(token)


def fit(headers: Sequence[str], raw: Sequence[float], page: float) -> list[float]:
    """Column widths as fractions of the page: ``raw`` scaled to add up to 1; when they added
    up to more (a column without a width of its own), a column whose longest header word no
    longer fits gets the room it needs from the others, in proportion to their room."""
    total = sum(raw) or 1.0
    out = [w / total for w in raw]
    if total <= 1.0 + 1e-9:
        return out
    need = [_header_need(h) / page for h in headers]
    short = [max(0.0, n - f) for f, n in zip(out, need, strict=True)]
    room = [max(0.0, f - n) for f, n in zip(out, need, strict=True)]
    deficit, spare = sum(short), sum(room)
    if not deficit or spare <= deficit:
        return out
    return [f + s - r * deficit / spare for f, s, r in zip(out, short, room, strict=True)]


def _header_need(header: str) -> float:
    """The width (points) a header needs so that no word of it breaks."""
    st = styles()["cell_head"]
    return max((stringWidth(w, st.fontName, st.fontSize) for w in header.split()),
               default=0.0) + CELL_PADDING


def _cell(ctx: Context, model: type[BaseModel], column: PdfColumn, cells: Mapping[str, Cell],
          index: int, item: BaseModel) -> str:
    particular = cells.get(column.key)
    if particular is not None:
        return particular(index, item)
    if column.derived:  # no cell of its own: the report has no such derived value
        return ctx.derived.missing()
    value = getattr(item, column.key, None)
    if isinstance(value, When):  # the day number, its date under it (identified)
        return ctx.fmt.when_cell(value)
    return ctx.fmt.field(item, column.key, unit=not _unit_in_header(model, column.key))


def _unit_in_header(model: type[BaseModel], name: str) -> bool:
    """True when the column header names the field's unit (``blocks.label``), so the cells
    print bare numbers."""
    bare: str = field_meta(model, name)["label"]
    return label(model, name) != bare
