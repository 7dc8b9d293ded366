"""Reading a dataset export back (issue 18): the CSV folder or .zip, or the Excel workbook, in
Casebook's own layout (``core.io.tables``), to cases.

Each row is rebuilt into its record (``core.io.dataset_rows``) with a message per cell that
cannot be read (file or sheet, row, column, what is wrong), placed into its case by its table
and row key, and every case is then validated as a JSON import's case is
(``core.io.interchange``), so the import stays all or nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.errors import Problem
from core.io.consent_notice import SHEET as NOTICE_SHEET
from core.io.dataset_absent import AbsentFields, absent_fields
from core.io.dataset_keys import RowKeys, row_words
from core.io.dataset_mark import HASHED, HASHED_IDS, dataset_marks
from core.io.dataset_missing import listed_columns, missing_columns, missing_text
from core.io.dataset_older import dictionary_forms
from core.io.dataset_rows import (
    CASE_KEY,
    KEPT_PART,
    cell_text,
    merge,
    rebuild,
)
from core.io.dataset_whens import DAY0, disagreeing_whens, take_edited_whens
from core.io.dictionary import CASE_ID, FILE_NAME, HEADERS
from core.io.screening import safe_text
from core.io.spreadsheet_text import plain
from core.io.tables import Table, tables
from core.io.text_encoding import NotUtf8
from core.model import Case
from core.model.case import CASE_ID_PATTERN, new_case_id

DICTIONARY = FILE_NAME.removesuffix(".csv")
ANNOTATION = HEADERS[-1]  # the dictionary's Field Annotation column
WORKBOOK_PART = "xl/workbook.xml"  # in every .xlsx


@dataclass
class _Sheet:
    where: str  # the file (or the workbook and sheet) named in messages
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    # where each row starts as the user finds it: its line in a CSV file (a cell holding line
    # breaks makes a row span several), its row in a sheet (empty rows skipped); None: 2, 3...
    numbers: list[int] | None = None


def iter_dataset_cases(path: Path, problems: list[Problem],
                       on_read: Callable[[int], None] | None = None,
                       on_marks: Callable[[list[str]], None] | None = None, *,
                       new_ids: bool = False,
                       on_older: Callable[[list[str]], None] | None = None,
                       on_absent: Callable[[list[AbsentFields]], None] | None = None,
                       ) -> Iterator[Case]:
    """Each valid case of the dataset at ``path``; every problem is appended to
    ``problems``. ``on_marks``: told, before the first case, the de-identification options
    the dataset was exported with ([] when identified; ``dataset_mark``). ``on_older``:
    told, before the first case, the tables the dataset was exported before (none: not
    called; ``dataset_older``), which its cases are read without. A dataset with
    hashed case ids (no Casebook id) is read with ``new_ids`` only (the import's --as-new,
    which gives each case a new id): each case then stands under a new id of its own; else
    it is refused whole, with what to do. ``on_absent``: told, before the first case, the
    fields of the tables whose file has no column for them and that are not refused
    (``dataset_absent``: a case the import replaces keeps its stored values of them)."""
    from core.io.interchange import _valid_case

    name = safe_text(str(path), 4000)
    try:
        sheets = _read_sheets(path)
    except NotUtf8 as exc:  # UTF-16 from Excel's "Unicode Text": named, with what to do
        problems.append(Problem(name, None, "", str(exc)))
        return
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError,
            csv.Error) as exc:
        problems.append(Problem(name, None, "", f"cannot be read as a dataset: "
                                f"{safe_text(str(exc), 300)}"))
        return
    marks = _marks(sheets)
    if on_marks:
        on_marks(marks)
    places: dict[str, dict[str, _Place]] = {}
    older: list[str] = []
    absent: list[AbsentFields] = []
    docs = _cases(sheets, problems, places, name, older, marks, absent)
    if older and on_older:
        on_older(older)
    if absent and on_absent:
        on_absent(absent)
    size = dataset_size(path)
    for index, (case_id, doc) in enumerate(docs.items()):
        if HASHED in marks and not re.match(CASE_ID_PATTERN, case_id):
            if not new_ids:  # said once, not for every case
                problems.append(Problem(name, None, "case_id", HASHED_IDS))
                return
            doc = {**doc, "case_id": new_case_id()}  # read as any case; --as-new renames it
        found: list[Problem] = []
        case = _valid_case(doc, index, name, found)
        problems += [_at_cell(replace(p, case=case_id), places.get(case_id, {}))
                     for p in found]  # named by the id in the file
        if on_read:  # the bytes "read": the file's share of the cases done (it is read whole)
            on_read(size * (index + 1) // len(docs))
        if case is not None:
            yield case


def dataset_size(path: Path) -> int:
    """The bytes of a dataset: its file, or a folder's CSV files (0 when unreadable)."""
    try:
        if path.is_dir():
            return sum(f.stat().st_size for f in path.glob("*.csv"))
        return path.stat().st_size
    except OSError:
        return 0


def _marks(sheets: dict[str, _Sheet]) -> list[str]:
    """The de-identification options the dataset says it was exported with (its dictionary's
    mark on the case_id row, else none of its tables having a kept column)."""
    names = {t.name for t in tables()}
    dictionary = sheets.get(DICTIONARY)
    annotation = ""
    if dictionary is not None and ANNOTATION in dictionary.header:
        at = dictionary.header.index(ANNOTATION)
        annotation = next((row[at] for row in dictionary.rows
                           if len(row) > at and row[0] == CASE_ID), "")
    return dataset_marks(annotation, [s.header for n, s in sheets.items() if n in names],
                         KEPT_PART)


@dataclass(frozen=True)
class _Place:
    """Where a record came from: its table, the file or sheet, the row number and key."""

    table: Table
    where: str
    row: int
    key: str


def _at_cell(problem: Problem, places: dict[str, _Place]) -> Problem:
    """A model problem (``labs[1].value_entered``) at the cell it comes from, when known."""
    prefix = max((p for p in places if problem.path == p or problem.path.startswith(p + ".")),
                 key=len, default=None)
    if prefix is None:
        return problem
    place = places[prefix]
    rest = re.sub(r"\[\d+\]", "", problem.path[len(prefix) + 1:])
    found = [c for c in place.table.columns[1:]
             if rest and ".".join(c.path) == rest and c.kind != "label"]
    # a when's day and date: a text refused (got "2023-02-30") came from the date column
    refused_text = problem.message.endswith('")') or problem.message.startswith("'")
    column = next((c.name for c in found if c.kind == "date" and refused_text),
                  found[0].name if found else None)
    where = row_words(place.where, place.row, place.table.columns[0].name, place.key) + (
        f", column {column}" if column else f", field {rest}" if rest else "")
    return Problem(place.where, problem.case, where, problem.message)


def _read_sheets(path: Path) -> dict[str, _Sheet]:
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path)
    out: dict[str, _Sheet] = {}
    if path.is_dir():
        for file in sorted(path.glob("*.csv")):
            # bytes decoded, not read_text: that would turn a text's \r\n and \r into \n
            out[file.stem] = _csv_sheet(file.name, _decoded(file.name, file.read_bytes()))
        return out
    with zipfile.ZipFile(path) as zf:
        if WORKBOOK_PART in zf.namelist():  # a workbook under another name (.json, .zip)
            return _read_workbook(path)
        for member in sorted(zf.namelist()):
            if member.endswith(".csv"):
                where = f"{path.name}:{member}"
                text = _decoded(where, zf.read(member))
                out[Path(member).stem] = _csv_sheet(where, text)
    return out


def _decoded(where: str, data: bytes) -> str:
    """A CSV file's text (UTF-8, with or without a byte-order mark); NotUtf8 naming it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotUtf8(where, data) from None


def _csv_sheet(where: str, text: str) -> _Sheet:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    starts: list[int] = []  # the line each row starts on
    ends = 0
    for row in reader:
        starts.append(ends + 1)
        ends = reader.line_num
        rows.append(row)
    # the apostrophe the export put before a would-be formula taken off (spreadsheet_text)
    body = [[plain(c) if c[:1] == "'" else c for c in row] for row in rows[1:]]
    return _Sheet(where, rows[0] if rows else [], body, starts[1:])


def _read_workbook(path: Path) -> dict[str, _Sheet]:
    from openpyxl import load_workbook

    # opened as a file: openpyxl refuses a name not ending in .xlsx (a renamed workbook)
    with open(path, "rb") as fh:
        return _workbook_sheets(path, load_workbook(fh, read_only=True, data_only=True))


def _workbook_sheets(path: Path, wb: Any) -> dict[str, _Sheet]:
    try:
        out: dict[str, _Sheet] = {}
        for ws in wb.worksheets:
            rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            header = rows[0] if rows else []
            while header and header[-1] == "":
                header = header[:-1]
            kept = [(n, r) for n, r in enumerate(rows[1:], 2) if any(r)]
            out[ws.title] = _Sheet(f"{path.name}, sheet {ws.title}", header,
                                   [r[:len(header)] for _, r in kept], [n for n, _ in kept])
        return out
    finally:
        wb.close()


def _cases(sheets: dict[str, _Sheet], problems: list[Problem],
           places: dict[str, dict[str, _Place]], where: str,
           older: list[str], marks: list[str],
           absent: list[AbsentFields]) -> dict[str, dict[str, Any]]:
    """The cases' interchange dicts, by case id in the order they come; ``older`` gets the
    tables missing that the dataset's dictionary shows it was exported before. A column
    left out of a table's file is refused (``dataset_missing``); ``marks``: the dataset's
    de-identification options; ``absent`` gets the fields no column holds, not refused."""
    by_name = {t.name: t for t in tables()}
    for name, sheet in sheets.items():
        if name not in (DICTIONARY, NOTICE_SHEET) and name not in by_name:  # notes: no rows
            problems.append(Problem(sheet.where, None, "", f"'{name}' is not a table of "
                                    "Casebook's dataset"))
    docs: dict[str, dict[str, Any]] = {}
    day0s: dict[str, Any] = {}  # each case's Day 0 as exported (the case report's DAY0)
    keys = RowKeys(problems)
    missing = [t.name for t in tables() if t.name not in sheets]
    if len(missing) == len(tables()):
        problems.append(Problem(where, None, "", "holds none of the tables of a Casebook "
                                f"dataset ({tables()[0].name}.csv, {tables()[1].name}.csv...)"))
        return docs
    workbook = any(s.where.endswith(f", sheet {n}") for n, s in sheets.items())
    dictionary = sheets.get(DICTIONARY)
    forms = dictionary_forms(dictionary.header, dictionary.rows) if dictionary else None
    listed = listed_columns(dictionary.header, dictionary.rows) if dictionary else None
    for name in missing:  # every export writes every table: one left out would lose records,
        if forms is not None and name not in forms:  # unless its exporter had no such table
            older.append(name)
        else:
            problems.append(Problem(where, None, "", _missing_table(name, workbook,
                                                                    forms is not None)))
    for table in tables():
        found = sheets.get(table.name)
        if found is not None and not _other_separator(found, problems):
            lists = listed.get(table.name) if listed else None
            gone = missing_columns(table, found.header, lists, marks)
            # no dictionary to tell an older export from a column deleted: refused only for a
            # case stored new (a case replaced keeps its values: ``dataset_absent``)
            unsure = bool(gone) and listed is None and not marks \
                and all(c.part != KEPT_PART for c in gone)
            if gone and not unsure:
                problems.append(Problem(found.where, None, "",
                                        missing_text(gone, workbook, lists is not None)))
            fields = absent_fields(table, found.header, [] if unsure else gone,
                                   missing_text(gone, workbook, False, kept=True)
                                   if unsure else "", found.where)
            if fields is not None:
                absent.append(fields)
            _place_rows(table, found, docs, problems, places, day0s, keys)
    keys.check_gaps()
    return docs


def _missing_table(name: str, workbook: bool, listed: bool) -> str:
    """Why a table left out is refused, and what to do; ``listed``: the dataset's dictionary
    names the table (its exporter wrote it), else the dataset has no dictionary."""
    count = len(tables())
    if workbook:
        text = (f"the sheet {name} is missing from the workbook (every export writes all "
                f"{count} table sheets, with their header row when empty)")
        put, dictionary = "the sheet", "its data_dictionary sheet"
    else:
        text = (f"{name}.csv is missing from the dataset (every export writes all {count} "
                "table files, with their header row when empty)")
        put, dictionary = "the file", f"its {FILE_NAME}"
    if listed:
        return text + (f"; {dictionary} lists this table's fields, so it was exported: put "
                       f"{put} back from the export and import again")
    return text + (f"; put {put} back from the export, or {dictionary} (a dataset exported "
                   "before Casebook had a table is read without it when its dictionary is "
                   "there), and import again")


def _other_separator(sheet: _Sheet, problems: list[Problem]) -> bool:
    """A CSV file saved with semicolons or tabs between its columns (Excel in a European
    locale): said so, rather than its columns missing."""
    if len(sheet.header) != 1:
        return False
    for mark, words in ((";", "semicolons (;)"), ("\t", "tabs")):
        if mark in sheet.header[0]:
            problems.append(Problem(sheet.where, None, "", f"uses {words} between columns; "
                                    "save it as CSV with commas (,) (in Excel: CSV UTF-8 "
                                    "(Comma delimited)) and import again"))
            return True
    return False


def _place_rows(table: Table, sheet: _Sheet, docs: dict[str, dict[str, Any]],
                problems: list[Problem], places: dict[str, dict[str, _Place]],
                day0s: dict[str, Any], keys: RowKeys) -> None:
    known = {c.name for c in table.columns} | {CASE_ID}
    kept_name = next((h for h in sheet.header if h.endswith(f"_{KEPT_PART}")), None)
    for head in sheet.header:
        if head not in known and head != kept_name:
            problems.append(Problem(sheet.where, None, f"column {head}",
                                    "not a column of this table"))
    row_col = table.columns[0].name
    if CASE_ID not in sheet.header or row_col not in sheet.header:
        problems.append(Problem(sheet.where, None, "", f"the columns {CASE_ID} and {row_col} "
                                "are needed"))
        return
    numbers = sheet.numbers or range(2, len(sheet.rows) + 2)
    for number, values in zip(numbers, sheet.rows, strict=True):
        cells = dict(zip(sheet.header, values, strict=False))
        case_id, key = cells.get(CASE_ID, ""), cells.get(row_col, "")

        def bad(column: str, message: str, case_id: str = case_id,
                number: int = number, key: str = key) -> None:
            problems.append(Problem(sheet.where, case_id or None,
                                    f"{row_words(sheet.where, number, row_col, key)}, "
                                    f"column {column}", message))
        record, errors = rebuild(table, cells)
        for column, message in errors:
            bad(column, message)
        report = record if table is tables()[0] else \
            docs.get(case_id, {}).get("case_report", {})
        both_changed: set[tuple[str, ...]] = set()  # whens whose day and date both changed
        named: list[tuple[str, str]] = []
        if kept_name and cells.get(kept_name):
            try:
                kept = json.loads(cells[kept_name])
                if not isinstance(kept, dict):
                    raise ValueError
            except ValueError:
                bad(kept_name, "is not what Casebook wrote there (leave it as it is, or empty)")
                continue
            if table is tables()[0]:  # the first table: read before the others
                day0s[case_id] = kept.get(DAY0)
            named = take_edited_whens(table, cells, kept, report.get("day0"), both_changed,
                                      day0s.get(case_id))
            for column, message in named:
                bad(column, message)
            merge(record, kept)
            if CASE_KEY in kept and isinstance(kept[CASE_KEY], dict):
                docs.setdefault(case_id, {"case_id": case_id}).update(kept[CASE_KEY])
        for column, message in disagreeing_whens(table, cells, report.get("day0"),
                                                  both_changed):
            if (column, message) not in named:  # a day number not one: named once
                bad(column, message)
        if not case_id:
            bad(CASE_ID, "the case id is empty")
            continue
        doc = docs.setdefault(case_id, {"case_id": case_id})
        at = keys.place(doc, table, case_id, sheet.where, row_col, number, key, record)
        if at is not None:
            places.setdefault(case_id, {})[at] = _Place(table, sheet.where, number, key)
