"""The Excel dataset: one workbook (.xlsx) with a sheet per entity, in the same long form and
columns as the CSV dataset (``core.io.tables``), and the data dictionary as the last sheet
(``core.io.dictionary``); when a case's consent is not documented, the ``consent_notice``
sheet comes first (``core.io.consent_notice``; import skips it). Cells are typed: numbers as
numbers (but one with more than the 15 significant digits an Excel cell keeps, as text, so
that it comes back exactly), full calendar dates (YYYY-MM-DD) as dates, everything else (codes,
partly known dates) as text. The header row of every other sheet is frozen.

Written with openpyxl in write-only mode, the cases read one at a time, so memory does not grow
with their number; the file is written whole or not at all (``core.io.outputs.atomic_open``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.io.consent_notice import SHEET as NOTICE_SHEET
from core.io.dataset_csv import NUMERIC_KINDS, Accepted, DatasetReport
from core.io.dataset_derived import case_derived
from core.io.dataset_plan import RowPlan
from core.io.dataset_rows import KEPT_PART, cell_text
from core.io.deident import Deidentifier, Hit, IdentifiersFound, shift_date
from core.io.dictionary import CASE_ID, HEADERS, dataset_columns, dictionary_rows
from core.io.outputs import atomic_open
from core.io.tables import Column, tables
from core.model import Case

DICTIONARY_SHEET = "data_dictionary"
DATE_FORMAT = "yyyy-mm-dd"
Cell = str | int | float | dt.date | None


class _Refused(Exception):
    pass


def write_xlsx_dataset(path: Path, cases: Iterable[Case], deid: Deidentifier, *,
                       force: bool = False, confirmed: Iterable[Hit] = (),
                       confirm_all: bool = False,
                       on_case: Callable[[Case], None] | None = None) -> DatasetReport:
    """Write the workbook ``path``, de-identified as ``deid`` says. With any option the free
    text is scanned first, case by case: identifiers not confirmed raise
    ``IdentifiersFound`` and nothing is written. OutputError when it cannot be written."""
    accepted = Accepted(list(confirmed), confirm_all)
    report = DatasetReport(files=[path.name])
    hits: list[Hit] = []
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    layout = [(t, dataset_columns(t, deid.options)) for t in tables()]
    plans = [(RowPlan(table, columns), [_kind(col) for col in columns[1:]])
             for table, columns in layout]  # the per-column work decided once (issue 20)
    sheets: list[WriteOnlyWorksheet] = []
    try:
        for table, columns in layout:
            sheet = _sheet(wb, table.name)
            sheet.append(_header(sheet, [CASE_ID, *(c.name for c in columns)], bold))
            sheets.append(sheet)
        for case in cases:
            hits += report.scan(case, deid, accepted)
            frame = deid.case_frame(case)
            written = deid.exported(case)  # its age derived; de-identified, top-coded
            found = case_derived(case)  # the engine's values, once per case
            for (plan, kinds), sheet in zip(plans, sheets, strict=True):
                for key, record, stored in plan.written_rows(case, written):
                    values = typed(plan.values(record, frame.day0), kinds, frame.shift)
                    plan.derived(values, key, found)
                    if plan.has_kept:  # the kept cell as the CSV's: of the cells read as text
                        values[-1] = plan.kept(case, stored, [
                            v if type(v) is str else cell_text(v) for v in values])
                    sheet.append(_typed(sheet, [frame.case_id, key, *values]))
            report.wrote(case, on_case, frame.case_id)
        if hits:
            raise IdentifiersFound(hits, deid.options)
    except BaseException:  # refused, cancelled (from on_case), failed: no sheet's rows stay
        _discard(sheets)
        raise
    dictionary = _sheet(wb, DICTIONARY_SHEET)
    dictionary.append(_header(dictionary, list(HEADERS), bold))
    for row in dictionary_rows(deid.options):
        dictionary.append(row)
    notice = report.consent.notice_lines(report.cases, deid.options.hash_ids)
    if notice:  # the first sheet: the one Excel shows when the workbook is opened
        sheet = wb.create_sheet(NOTICE_SHEET, 0)
        sheet.append(_header(sheet, notice[:1], bold))
        for line in notice[1:]:
            sheet.append([line or None])
    with atomic_open(path, "wb", force=force) as fh:
        wb.save(fh)
    return report


def _discard(sheets: list[WriteOnlyWorksheet]) -> None:
    """Remove the sheets' rows written so far: openpyxl keeps a write-only sheet's XML in a
    temporary file (patient data) until the workbook is saved, or else until the process
    ends, and never after a crash."""
    for sheet in sheets:
        writer = getattr(sheet, "_writer", None)  # openpyxl has no public way to drop one
        if writer is None:
            continue
        with suppress(Exception):  # a row cut off mid-way: its XML cannot be ended
            sheet.close()
        with suppress(OSError, ValueError):
            writer.cleanup()


def _sheet(wb: Workbook, name: str) -> WriteOnlyWorksheet:
    sheet: WriteOnlyWorksheet = wb.create_sheet(name[:31])
    sheet.freeze_panes = "A2"  # set before the first row: write-only sheets stream their rows
    return sheet


def _header(sheet: WriteOnlyWorksheet, names: list[str], font: Font) -> list[Any]:
    out: list[Any] = []
    for name in names:
        c = WriteOnlyCell(sheet, value=name)
        c.font = font
        out.append(c)
    return out


def _typed(sheet: WriteOnlyWorksheet, values: list[Cell]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, dt.date):
            c = WriteOnlyCell(sheet, value=dt.datetime(value.year, value.month, value.day))
            c.number_format = DATE_FORMAT
            out.append(c)
        elif isinstance(value, str) and value.startswith("="):
            c = WriteOnlyCell(sheet, value=value)
            c.data_type = "s"  # a text, never a formula
            out.append(c)
        else:
            out.append(value)
    return out


def _kind(col: Column) -> str:
    """How a column's cells are typed: kept (filled in after), date, number or text."""
    if col.part == KEPT_PART:
        return "kept"
    return "date" if col.kind == "date" else "number" if col.kind in NUMERIC_KINDS else "text"


def typed(values: list[Any], kinds: list[str], shift: int | None) -> list[Cell]:
    """The cells of a row from its values (``RowPlan.values``): a number as int or float, a
    full date as a date (shifted back ``shift`` days when given), any other value as text,
    None when not written (the kept cell too)."""
    out: list[Cell] = []
    add = out.append
    for value, kind in zip(values, kinds, strict=True):
        if value is None or kind == "kept":
            add(None)
        elif type(value) is str and kind == "text":
            add(value)
        elif kind == "date":
            text = shift_date(str(value), shift) if shift is not None else str(value)
            add(dt.date.fromisoformat(text) if len(text) == 10 else text)
        elif isinstance(value, bool):
            add(int(value))
        elif isinstance(value, (int, float)) and kind == "number":
            # Excel keeps 15 significant digits: a longer number is a text cell, kept exactly
            add(value if _digits(str(value)) <= EXCEL_DIGITS else str(value))
        else:
            add(str(value))
    return out


EXCEL_DIGITS = 15


def _digits(number: str) -> int:
    """The significant digits of a number as Python writes it (``0.30000000000000004``: 17,
    ``1e+20``: 1)."""
    mantissa = number.lstrip("-").split("e")[0].replace(".", "")
    return len(mantissa.strip("0")) or 1
