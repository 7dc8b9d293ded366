"""The Excel dataset (issue 18): one workbook, a sheet per entity and the data dictionary,
typed cells, frozen header rows, the de-identification options honoured; reopened with
openpyxl."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from core.cli import main
from core.io.deident import Deidentifier, DeidOptions, load_key, shift_date
from core.io.dictionary import HEADERS
from core.io.tables import tables
from core.services.datasets import DatasetService
from tests.core.report.test_report_deidentified import MRN, NAME
from tests.core.test_fhir_dataset import CASE, stored  # noqa: F401  (the fixture)


def sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(path)
    out = {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()]
           for ws in wb.worksheets}
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)
    return out


def test_workbook_sheets_headers_and_typed_cells(stored: DatasetService,  # noqa: F811
                                                 tmp_path: Path) -> None:
    target = tmp_path / "all.xlsx"
    result = stored.export(target, "xlsx")
    assert result.cases == 2 and result.files == ("all.xlsx",)
    found = sheets(target)
    assert list(found) == [t.name for t in tables()] + ["data_dictionary"]
    dictionary = found["data_dictionary"]
    assert dictionary[0] == HEADERS
    described = {row[0]: row for row in dictionary[1:]}
    kinds = {c.name: c.kind for t in tables() for c in t.columns}
    typed = {"integer": 0, "number": 0, "date": 0, "text": 0}
    for table in tables():
        header, *rows = found[table.name]
        assert header[0] == "case_id"
        for name in header[1:]:
            assert described[name][1] == table.name  # the dictionary's form is the sheet
        for row in rows:
            for name, value in zip(header, row, strict=True):
                kind = kinds.get(name, "case_id")
                if value is None:
                    continue
                if kind in ("integer", "day", "yesno"):
                    assert isinstance(value, int), (name, value)
                    typed["integer"] += 1
                elif kind == "number":
                    assert isinstance(value, (int, float)), (name, value)
                    typed["number"] += 1
                elif kind == "date":
                    assert isinstance(value, dt.datetime) or len(value) < 10, (name, value)
                    typed["date"] += isinstance(value, dt.datetime)
                else:
                    assert isinstance(value, str), (name, value)
                    typed["text"] += 1
    assert all(typed.values()), typed
    [patient, *_] = found["patient"][1:]
    header = found["patient"][0]
    assert NAME in patient and MRN in patient
    assert patient[header.index("pt_birth_date_date")] == dt.datetime(1961, 7, 23)
    [report] = [r for r in found["case_report"][1:] if r[0] == CASE]
    day0 = found["case_report"][0].index("rep_day0_date")
    assert report[day0] == dt.datetime(2023, 4, 18)


def test_cli_deidentified_workbook(capsys: pytest.CaptureFixture[str],
                                   stored: DatasetService,  # noqa: F811
                                   tmp_path: Path, data_home: Path) -> None:
    target = tmp_path / "deid.xlsx"
    flags = ["--format", "xlsx", "--drop-identifiers", "--hash-ids", "--shift-dates",
             "--drop-text"]
    assert main(["export", CASE, *flags, "-o", str(target), "--confirm-phi"]) == 0
    assert "Exported 1 case(s)" in capsys.readouterr().err
    found = sheets(target)
    flat = [v for rows in found.values() for row in rows for v in row]
    assert NAME not in flat and MRN not in flat and CASE not in flat
    assert "pt_birth_date_date" not in found["patient"][0]
    header, report = found["case_report"][0], found["case_report"][1]
    hashed = Deidentifier(DeidOptions(hash_ids=True), load_key(data_home)).case_id(CASE)
    assert report[0] == hashed
    shift = Deidentifier(DeidOptions(dates="shift"), load_key(data_home)).shift_days(CASE)
    assert report[header.index("rep_day0_date")] == dt.datetime.fromisoformat(
        shift_date("2023-04-18", shift))
    assert not [r for r in found["data_dictionary"] if r[0] == "rep_discussion"]
    with sqlite3.connect(data_home / "casebook.db") as db:
        [(summary,)] = db.execute("SELECT new FROM audit WHERE action = 'export'").fetchall()
    assert summary.startswith("1 case(s) as xlsx to deid.xlsx; identifiers dropped")


def test_dropped_dates_leave_days(stored: DatasetService, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "nodates.xlsx"
    stored.export(target, "xlsx", [CASE], DeidOptions(dates="drop"), confirm_all=True)
    found = sheets(target)
    header = found["case_report"][0]
    assert "rep_day0_date" not in header and "rep_day0_day" in header
    assert not [v for rows in found.values() for row in rows for v in row
                if isinstance(v, dt.datetime)]
