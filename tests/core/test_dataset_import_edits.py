"""Import back of a dataset (issue 18) as a research data manager uses it: texts keep their line
ends from a CSV folder as from a zip, and a day or a date corrected in the spreadsheet is what
is imported (found by a stranger run: the kept column's day number silently won over both)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

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
    other = open_casebook(tmp_path / "empty", user="dr.test")
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
        assert (f"labs.csv, case {reference_cases[0].case_id}, row 2, column lab_day_date"
                in text)
        assert "February 2023 has no day 30" in text
        assert other.cases.list_cases() == []
    finally:
        other.close()
