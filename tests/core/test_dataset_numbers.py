"""A dataset's number cells are read as the form reads a typed number (core.numbers), not by
Python's float(): a decimal comma as a spreadsheet in a European locale saves it is read
(86,4), ``2.000`` (2000 or 2?) is settled by the field's range or refused with both readings,
never silently taken as 2; a malformed number is named with its file, row and column; and the
cells the export writes read back as written (the export's bytes come back the same)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core.errors import InvalidData
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService

C1 = "SEED-C1-CAO2023"


@pytest.fixture
def dataset(casebook: Casebook, reference_cases: list[Case], tmp_path: Path) -> Path:
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "ds", "csv")
    return tmp_path / "ds"


def edit(path: Path, row_key: str, column: str, text: str) -> None:
    """The cell ``column`` of case C1's row ``row_key`` typed as ``text``."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    at = rows[0].index(column)
    hits = [r for r in rows if r[:2] == [C1, row_key]]
    assert len(hits) == 1
    hits[0][at] = text
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def imported(path: Path, tmp_path: Path) -> Case:
    other = open_casebook(tmp_path / "other", user="dr.test")
    try:
        other.interchange.import_files([path])
        return other.cases.open_case(C1)
    finally:
        other.close()


def refused(path: Path, tmp_path: Path) -> str:
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        with pytest.raises(InvalidData) as caught:
            other.interchange.import_files([path])
        assert other.cases.list_cases() == []
    finally:
        other.close()
    return str(caught.value)


def test_a_decimal_comma_and_a_range_settled_number_read_as_the_form_reads_them(
        dataset: Path, tmp_path: Path):
    edit(dataset / "labs.csv", "1", "lab_value_entered", "86,4")   # was float(): refused
    edit(dataset / "labs.csv", "2", "lab_value_entered", "1 500")  # a space groups thousands
    edit(dataset / "patient.csv", "1", "pt_bsa_m2", "1.750")       # 1750 m² is no BSA
    edit(dataset / "mrd_assessments.csv", "1", "mrd_value_fraction", "0,0001")
    case = imported(dataset, tmp_path)
    assert [lab.value_entered for lab in case.labs[:2]] == [86.4, 1500.0]
    assert case.patient.bsa_m2 == 1.75
    assert case.mrd_assessments[0].value_fraction == 0.0001


def test_a_number_of_two_readings_is_refused_naming_file_row_and_column(
        dataset: Path, tmp_path: Path):
    edit(dataset / "labs.csv", "3", "lab_value_entered", "2.000")  # 2000 or 2 × 10⁹/L?
    edit(dataset / "labs.csv", "4", "lab_value_entered", "4.2.1")
    edit(dataset / "treatment_lines.csv", "1", "line_cycles_given", "1,5")
    message = refused(dataset, tmp_path)
    assert (f"labs.csv, case {C1}, line 4 (lab_row 3), column lab_value_entered: '2.000' "
            "could be 2000 or 2: type it without a thousands separator (2000), or as 2"
            in message), message
    assert (f"labs.csv, case {C1}, line 5 (lab_row 4), column lab_value_entered: '4.2.1' is "
            "not a number" in message), message
    assert "column line_cycles_given: '1,5' is not a whole number" in message, message


def test_the_export_reads_back_as_written(dataset: Path, tmp_path: Path):
    """Every number the export writes (86.4, 0.0001 as 0.0001, 1e-05, 2) imports to the same
    value and exports to the same bytes."""
    back = tmp_path / "back"
    other = open_casebook(tmp_path / "other", user="dr.test")
    try:
        other.interchange.import_files([dataset])
        DatasetService(other.interchange).export(back, "csv")
    finally:
        other.close()
    names = sorted(p.name for p in dataset.iterdir())
    assert names == sorted(p.name for p in back.iterdir())
    for name in names:
        assert (back / name).read_bytes() == (dataset / name).read_bytes(), name
