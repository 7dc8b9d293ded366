"""Day 0 corrected in a dataset's spreadsheet: the records entered as day numbers stay day
numbers (relative to the corrected Day 0), the records entered as dates keep their dates (found
by a review: the day numbers came back as dates keeping their old calendar dates, because the
row's date, computed from the old Day 0, looked corrected). The export keeps Day 0's date as
exported in the case report's kept column (``~day0``) to tell the two apart."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.cli import main
from core.services import open_casebook
from tests.conftest import REFERENCE_CASEBOOK

CASE = "SEED-C1-CAO2023"


def _source(tmp_path: Path) -> Path:
    """The reference cases; Case 1's Day 0 a full date, its labs entered as day numbers but
    the third, entered as a date (day 3)."""
    doc = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))
    case = next(c for c in doc["cases"] if c["case_id"] == CASE)
    case["case_report"]["day0"] = "2023-01-15"
    assert all(type(lab["day"]) is int for lab in case["labs"][:2])
    case["labs"][2]["day"] = "2023-01-18"
    path = tmp_path / "source.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _edit_csv(path: Path, column: str, old: str, new: str) -> None:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    at = rows[0].index(column)
    [row] = [r for r in rows[1:] if r[0] == CASE]
    assert row[at] == old
    row[at] = new
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _edit_workbook(path: Path, column: str, old: str, new: str) -> None:
    wb = load_workbook(path)
    sheet = wb["case_report"]
    header = [c.value for c in sheet[1]]
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value == CASE]
    cell = row[header.index(column)]
    assert str(cell.value)[:10] == old
    cell.value = new
    wb.save(path)


@pytest.mark.parametrize("name", ["folder", "dataset.xlsx"])
def test_records_entered_as_days_keep_their_days_when_day0_is_corrected(capsys, tmp_path,
                                                                        data_home, name):
    assert main(["import", str(_source(tmp_path))]) == 0
    dataset = tmp_path / name
    fmt = "xlsx" if name.endswith(".xlsx") else "csv"
    assert main(["export", "--format", fmt, "-o", str(dataset)]) == 0
    if fmt == "csv":
        _edit_csv(dataset / "case_report.csv", "rep_day0_date", "2023-01-15", "2023-01-20")
    else:
        _edit_workbook(dataset, "rep_day0_date", "2023-01-15", "2023-01-20")
    capsys.readouterr()

    assert main(["import", "--replace", str(dataset)]) == 0
    assert "replaced 1, 1 unchanged" in capsys.readouterr().err
    casebook = open_casebook(data_home, user="dr.test")
    try:
        case = casebook.cases.open_case(CASE)
        assert case.case_report.day0 is not None and case.case_report.day0.date == "2023-01-20"
        days = [lab.day for lab in case.labs[:3]]
        assert days[0] is not None and (days[0].day, days[0].date) == (0, None)  # day 0: the
        assert days[1] is not None and (days[1].day, days[1].date) == (0, None)  # new Day 0
        assert days[2] is not None and days[2].date == "2023-01-18"  # a date stays its date
        # the other records entered as day numbers too: none became a date
        assert all(lab.day.date is None for i, lab in enumerate(case.labs)
                   if i != 2 and lab.day is not None)
    finally:
        casebook.close()
