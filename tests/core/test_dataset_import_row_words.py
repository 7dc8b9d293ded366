"""A statistician's finding: an import error of a CSV dataset said "row 3" for the file's line 3,
which holds lab_row 2, and an Excel-style date was quoted twice ("'20/01/2023' is not a date
... (got "20/01/2023")"). A row is named by its line and its row key; a value the message
already quotes is not repeated."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core.errors import InvalidData
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService


def _refused(folder: Path, tmp_path: Path) -> str:
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        with pytest.raises(InvalidData) as caught:
            other.interchange.import_files([folder])
        assert other.cases.list_cases() == []
        return str(caught.value)
    finally:
        other.close()


def _exported_labs(casebook: Casebook, reference_cases: list[Case],
                   tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """The reference cases exported as a CSV folder: its labs.csv and its rows, header first."""
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "folder", "csv")
    labs = tmp_path / "folder" / "labs.csv"
    with open(labs, encoding="utf-8-sig", newline="") as fh:
        return labs, list(csv.reader(fh))


def test_a_row_is_named_by_its_line_and_its_key(casebook: Casebook,
                                               reference_cases: list[Case],
                                               tmp_path: Path) -> None:
    labs, rows = _exported_labs(casebook, reference_cases, tmp_path)
    header = rows[0]
    line3 = rows[2]  # the file's line 3: the header is line 1
    assert line3[header.index("lab_row")] == "2"
    line3[header.index("lab_day_day")] = ""
    line3[header.index("lab_day_date")] = "20/01/2023"  # as Excel shows a date
    line3[header.index("lab_value_entered")] = "n/a"
    with open(labs, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    text = _refused(tmp_path / "folder", tmp_path)
    case = reference_cases[0].case_id
    assert (f"labs.csv, case {case}, line 3 (lab_row 2), column lab_value_entered: 'n/a' is "
            "not a number") in text
    assert (f"labs.csv, case {case}, line 3 (lab_row 2), column lab_day_date: '20/01/2023' is "
            "not a date (2023-04-18, 2023-04, 2023) or a day number (d168, d-30)\n") in text + "\n"
    assert "(got " not in text and "row 3" not in text


def test_the_line_counts_the_line_breaks_inside_cells(casebook: Casebook,
                                                     reference_cases: list[Case],
                                                     tmp_path: Path) -> None:
    """A text cell holding line breaks makes its row span several lines of the file: the rows
    after it are named by the line they start on (a reviewer found "line 4" for line 6)."""
    labs, rows = _exported_labs(casebook, reference_cases, tmp_path)
    header = rows[0]
    rows[1][header.index("lab_note")] = "first line\nsecond line\nthird line"  # lines 2-4
    rows[2][header.index("lab_value_entered")] = "n/a"  # the file's line 5, lab_row 2
    with open(labs, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    assert ",n/a," in labs.read_text(encoding="utf-8").splitlines()[4]  # line 5
    text = _refused(tmp_path / "folder", tmp_path)
    assert (f"labs.csv, case {reference_cases[0].case_id}, line 5 (lab_row 2), column "
            "lab_value_entered: 'n/a' is not a number") in text
