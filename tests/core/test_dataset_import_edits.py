"""Import back of a dataset (issue 18) as a research data manager uses it: texts keep their line
ends from a CSV folder as from a zip, and a day or a date corrected in the spreadsheet is what
is imported (found by a stranger run: the kept column's day number silently won over both)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.errors import InvalidData
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService

Rows = list[list[str]]


def _edit(path: Path, change: Callable[[Rows], None]) -> None:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _import(folder: Path, tmp_path: Path) -> Casebook:
    other = open_casebook(tmp_path / "empty", user="dr.test")  # a new folder each tmp_path
    other.interchange.import_files([folder])
    return other


def test_line_ends_of_a_text_survive_a_csv_folder(casebook: Casebook,
                                                  reference_cases: list[Case],
                                                  tmp_path: Path) -> None:
    case = reference_cases[0]
    text = "Line one\r\nline two\rline three\nline four"
    case = case.model_copy(update={"case_report": case.case_report.model_copy(
        update={"discussion": text, "discussion_nf": None})})
    casebook.cases.import_cases([case])
    DatasetService(casebook.interchange).export(tmp_path / "folder", "csv")
    other = _import(tmp_path / "folder", tmp_path)
    try:
        assert other.cases.open_case(case.case_id).case_report.discussion == text
    finally:
        other.close()


@pytest.fixture
def labs_csv(casebook: Casebook, reference_cases: list[Case], tmp_path: Path) -> Path:
    """The reference cases as a CSV folder; Case 1's labs are entered as day numbers from a
    Day 0 given as a calendar date."""
    doc = reference_cases[0].to_json_dict()
    doc["case_report"]["day0"] = "2023-01-15"
    case = Case.model_validate(doc)
    assert case.labs[0].day is not None and case.labs[0].day.day == 0
    assert case.labs[1].day is not None and case.labs[1].day.day == 0
    casebook.cases.import_cases([case, *reference_cases[1:]])
    DatasetService(casebook.interchange).export(tmp_path / "folder", "csv")
    return tmp_path / "folder" / "labs.csv"


def _cell(rows: Rows, number: int, column: str) -> str:
    return rows[number - 1][rows[0].index(column)]


def _set(rows: Rows, number: int, column: str, text: str) -> None:
    rows[number - 1][rows[0].index(column)] = text


def test_a_corrected_day_or_date_is_imported(labs_csv: Path, reference_cases: list[Case],
                                             tmp_path: Path) -> None:
    def change(rows: Rows) -> None:
        assert _cell(rows, 2, "case_id") == reference_cases[0].case_id
        assert (_cell(rows, 2, "lab_day_day"), _cell(rows, 2, "lab_day_date")) == \
            ("0", "2023-01-15")
        _set(rows, 2, "lab_day_date", "2023-01-20")  # the date corrected
        _set(rows, 3, "lab_day_day", "7")  # the day number corrected, the date left
    _edit(labs_csv, change)
    other = _import(labs_csv.parent, tmp_path)
    try:
        labs = other.cases.open_case(reference_cases[0].case_id).labs
        assert labs[0].day is not None and labs[0].day.date == "2023-01-20"
        assert labs[1].day is not None and labs[1].day.day == 7
        assert labs[2].day is not None and labs[2].day.day == 0  # untouched: a day number
    finally:
        other.close()


def test_a_date_that_cannot_exist_is_refused_at_its_cell(labs_csv: Path,
                                                         reference_cases: list[Case],
                                                         tmp_path: Path) -> None:
    _edit(labs_csv, lambda rows: _set(rows, 2, "lab_day_date", "2023-02-30"))
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        with pytest.raises(InvalidData) as caught:
            other.interchange.import_files([labs_csv.parent])
        text = str(caught.value)
        assert (f"labs.csv, case {reference_cases[0].case_id}, line 2 (lab_row 1), column lab_day_date"
                in text)
        assert "February 2023 has no day 30" in text
        assert other.cases.list_cases() == []
    finally:
        other.close()


@pytest.fixture
def dated_labs(casebook: Casebook, reference_cases: list[Case], tmp_path: Path) -> Path:
    """As ``labs_csv``, with Case 1's third lab entered as a calendar date (day 3)."""
    doc = reference_cases[0].to_json_dict()
    doc["case_report"]["day0"] = "2023-01-15"
    doc["labs"][2]["day"] = "2023-01-18"
    casebook.cases.import_cases([Case.model_validate(doc), *reference_cases[1:]])
    DatasetService(casebook.interchange).export(tmp_path / "folder", "csv")
    DatasetService(casebook.interchange).export(tmp_path / "dataset.xlsx", "xlsx")
    return tmp_path / "folder" / "labs.csv"


def _refused(folder: Path, tmp_path: Path) -> str:
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        with pytest.raises(InvalidData) as caught:
            other.interchange.import_files([folder])
        assert other.cases.list_cases() == []  # all or nothing
        return str(caught.value)
    finally:
        other.close()


def test_a_corrected_date_of_a_dated_record_is_imported(dated_labs: Path,
                                                        reference_cases: list[Case],
                                                        tmp_path: Path) -> None:
    def change(rows: Rows) -> None:
        assert (_cell(rows, 4, "lab_day_day"), _cell(rows, 4, "lab_day_date")) == \
            ("3", "2023-01-18")
        _set(rows, 4, "lab_day_date", "2023-01-20")  # only the day of the month corrected
    _edit(dated_labs, change)
    other = _import(dated_labs.parent, tmp_path)
    try:
        labs = other.cases.open_case(reference_cases[0].case_id).labs
        assert labs[2].day is not None and labs[2].day.date == "2023-01-20"
    finally:
        other.close()


def test_a_corrected_day_number_of_a_dated_record_moves_its_date(
        dated_labs: Path, reference_cases: list[Case], tmp_path: Path) -> None:
    """Entered as a date: a day number changed beside the date as exported was silently
    dropped (the date won); it now moves the date (still a date: Day 0 plus the day). A day
    and a date both changed that name different days are refused at the day's cell."""
    _edit(dated_labs, lambda rows: _set(rows, 4, "lab_day_day", "5"))
    other = _import(dated_labs.parent, tmp_path)
    try:
        found = other.cases.open_case(reference_cases[0].case_id).labs[2].day
        assert found is not None and found.date == "2023-01-20"
    finally:
        other.close()
    _edit(dated_labs, lambda rows: _set(rows, 4, "lab_day_date", "2023-01-19"))  # day 4
    text = _refused(dated_labs.parent, tmp_path / "second")
    assert (f"labs.csv, case {reference_cases[0].case_id}, line 4 (lab_row 3), column lab_day_day: day 5 "
            "and the date 2023-01-19 in lab_day_date are not the same day (the date is day 4 "
            "from Day 0 2023-01-15); correct the other one too, or empty the one that is "
            "wrong") in text


def test_the_day_number_of_day_0_stays_0(dated_labs: Path, tmp_path: Path) -> None:
    report = dated_labs.parent / "case_report.csv"
    _edit(report, lambda rows: _set(rows, 2, "rep_day0_day", "2"))  # was 0, silently dropped
    assert "line 2 (rep_row 1), column rep_day0_day: Day 0 is day 0: correct its date in rep_day0_date " \
        "instead" in _refused(dated_labs.parent, tmp_path)


def test_a_day_and_a_date_both_changed_must_agree(labs_csv: Path, reference_cases: list[Case],
                                                  tmp_path: Path) -> None:
    """Entered as a day number: a day and a date both corrected are taken when they agree,
    refused (not the date taken silently) when they do not."""
    def change(rows: Rows) -> None:
        _set(rows, 2, "lab_day_day", "5")
        _set(rows, 2, "lab_day_date", "2023-01-20")  # day 5: they agree
        _set(rows, 3, "lab_day_day", "6")
        _set(rows, 3, "lab_day_date", "2023-01-17")  # day 2
        _set(rows, 4, "lab_day_day", "three")  # beside its date, not read before
    _edit(labs_csv, change)
    text = _refused(labs_csv.parent, tmp_path)
    assert (f"labs.csv, case {reference_cases[0].case_id}, line 3 (lab_row 2), column lab_day_day: day 6 "
            "and the date 2023-01-17 in lab_day_date are not the same day (the date is day 2 "
            "from Day 0 2023-01-15); correct the other one too, or empty the one that is "
            "wrong") in text
    assert text.count("line 4 (lab_row 3), column lab_day_day: 'three' is not a day number") == 1
    assert "line 2 " not in text
    _edit(labs_csv, lambda rows: _set(rows, 4, "lab_day_day", "0"))
    _edit(labs_csv, lambda rows: _set(rows, 3, "lab_day_day", "2"))
    other = _import(labs_csv.parent, tmp_path / "second")
    try:
        labs = other.cases.open_case(reference_cases[0].case_id).labs
        assert labs[0].day is not None and labs[0].day.date == "2023-01-20"
        assert labs[1].day is not None and labs[1].day.date == "2023-01-17"
    finally:
        other.close()


def test_a_date_corrected_in_the_workbook_is_imported(dated_labs: Path,
                                                      reference_cases: list[Case],
                                                      tmp_path: Path) -> None:
    """In Excel the date is a date cell: its day corrected there is imported, and so is a day
    number corrected beside a date left as it was."""
    workbook = dated_labs.parent.parent / "dataset.xlsx"
    wb = load_workbook(workbook)
    labs = wb["labs"]
    header = [c.value for c in labs[1]]
    date_cell = labs.cell(row=4, column=header.index("lab_day_date") + 1)
    assert date_cell.value == dt.datetime(2023, 1, 18)
    date_cell.value = dt.datetime(2023, 1, 20)
    wb.save(workbook)
    other = _import(workbook, tmp_path)
    try:
        found = other.cases.open_case(reference_cases[0].case_id).labs[2].day
        assert found is not None and found.date == "2023-01-20"
    finally:
        other.close()
    labs.cell(row=4, column=header.index("lab_day_day") + 1, value=9)
    date_cell.value = dt.datetime(2023, 1, 18)  # as exported
    wb.save(workbook)
    other = _import(workbook, tmp_path / "second")
    try:
        found = other.cases.open_case(reference_cases[0].case_id).labs[2].day
        assert found is not None and found.date == "2023-01-24"
    finally:
        other.close()
