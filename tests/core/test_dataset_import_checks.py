"""A CSV dataset import refuses, naming the file, the row and what is wrong, what it cannot
place faithfully (stranger run), and changes nothing stored: a row key given twice (a
spreadsheet read 1.10 as the number 1.1: the second row replaced the first), a key whose
parent row is not there, a gap in the keys, a table file or sheet left out (with --replace
it emptied that table of every stored case), a file saved with semicolons. Files of another
kind (FHIR, ODM, one CSV table, a renamed workbook) are told for what they are, by import
and validate alike, and validate reads the dataset folders, zips and workbooks import reads."""

from __future__ import annotations

import csv
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.cli import main
from core.errors import InvalidData
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService

CASE = "SEED-C1-CAO2023"


@pytest.fixture
def dataset(casebook: Casebook, reference_cases: list[Case], tmp_path: Path) -> Path:
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "ds", "csv")
    return tmp_path / "ds"


def stored(casebook: Casebook, tmp_path: Path, name: str) -> bytes:
    target = tmp_path / f"{name}.json"
    casebook.interchange.export_cases(target)
    return target.read_bytes()


def refused(path: Path, tmp_path: Path) -> str:
    """The message of importing ``path`` into an empty data folder, which stays empty."""
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        with pytest.raises(InvalidData) as caught:
            other.interchange.import_files([path])
        assert other.cases.list_cases() == []
    finally:
        other.close()
    with sqlite3.connect(tmp_path / "empty" / "casebook.db") as db:
        assert db.execute("SELECT COUNT(*) FROM cases").fetchone() == (0,)
    return str(caught.value)


def edit_key(path: Path, old: str, new: str) -> None:
    """The row key ``old`` of the case CASE made ``new`` (as a spreadsheet saves it)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    hits = [r for r in rows if r[:2] == [CASE, old]]
    assert len(hits) == 1
    hits[0][1] = new
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_a_row_key_read_as_a_number_is_refused_not_placed_over_another(
        casebook: Casebook, dataset: Path, tmp_path: Path) -> None:
    markers = dataset / "immunophenotype_markers.csv"
    edit_key(markers, "1.10", "1.1")
    text = refused(dataset, tmp_path)
    assert ("immunophenotype_markers.csv, case SEED-C1-CAO2023, line 11, column mark_row: row "
            "key 1.1 appears twice (lines 2 and 11); a spreadsheet may have read 1.10 as the "
            "number 1.1: keep the column as text") in text
    before = stored(casebook, tmp_path, "before")
    with pytest.raises(InvalidData):  # over the stored cases: nothing replaced
        casebook.interchange.import_files([dataset], "replace", reason="x")
    assert stored(casebook, tmp_path, "after") == before


def test_a_key_without_its_parent_row_or_after_a_gap_is_refused(dataset: Path,
                                                                tmp_path: Path) -> None:
    edit_key(dataset / "immunophenotype_markers.csv", "1.1", "9.1")
    edit_key(dataset / "labs.csv", "2", "7")  # a row deleted in a spreadsheet leaves a gap
    text = refused(dataset, tmp_path)
    assert ("immunophenotype_markers.csv, case SEED-C1-CAO2023, line 2, column mark_row: row "
            "key 9.1 belongs under the row 9 of the table immunophenotype_panels, which this "
            "case does not have") in text
    assert "labs.csv, case SEED-C1-CAO2023, line 3, column lab_row: row key 7 comes after a " \
        "missing row key 2" in text


@pytest.mark.parametrize("kind", ["folder", "zip", "xlsx"])
def test_a_missing_table_is_refused_and_replaces_nothing(casebook: Casebook, dataset: Path,
                                                         tmp_path: Path, kind: str) -> None:
    if kind == "folder":
        (dataset / "labs.csv").unlink()
        path, said = dataset, "ds: labs.csv is missing from the dataset (every export writes " \
            "all 36 table files, with their header row when empty)"
    elif kind == "zip":
        path = tmp_path / "ds.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for file in sorted(dataset.glob("*.csv")):
                if file.name != "labs.csv":
                    zf.write(file, file.name)
        said = "ds.zip: labs.csv is missing from the dataset"
    else:
        path = tmp_path / "ds.xlsx"
        DatasetService(casebook.interchange).export(path, "xlsx")
        wb = load_workbook(path)
        del wb["labs"]
        wb.save(path)
        said = "ds.xlsx: the sheet labs is missing from the workbook"
    before = stored(casebook, tmp_path, "before")
    assert b'"labs":[{' in before
    with pytest.raises(InvalidData) as caught:
        casebook.interchange.import_files([path], "replace", reason="x")
    assert said in str(caught.value)
    assert stored(casebook, tmp_path, "after") == before


def test_a_file_saved_with_semicolons_says_so(dataset: Path, tmp_path: Path) -> None:
    path = dataset / "labs.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    text = refused(dataset, tmp_path)
    assert "labs.csv: uses semicolons (;) between columns; save it as CSV with commas (,)" in text
    assert "are needed" not in text and "not a column" not in text


def test_other_kinds_of_file_are_named(casebook: Casebook, dataset: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    service = DatasetService(casebook.interchange)
    service.export(tmp_path / "f.json", "fhir")
    service.export(tmp_path / "o.xml", "odm")
    expected = {
        tmp_path / "f.json": "f.json: this is a FHIR Bundle, not a Casebook file: Casebook "
        "exports FHIR but does not import it; import the Casebook JSON export",
        tmp_path / "o.xml": "o.xml: this is a CDISC ODM file (XML), not a Casebook file: "
        "Casebook exports ODM but does not import it",
        dataset / "labs.csv": "labs.csv: this is one table of a CSV dataset: import the whole "
        "dataset folder or .zip it belongs to",
    }
    for path, said in expected.items():
        assert said in refused(path, tmp_path)
        assert main(["validate", str(path)]) == 1
        assert said in capsys.readouterr().out


def test_validate_and_import_read_a_folder_a_zip_and_a_renamed_workbook(
        casebook: Casebook, dataset: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    service = DatasetService(casebook.interchange)
    service.export(tmp_path / "ds.zip", "csv")
    service.export(tmp_path / "wb.xlsx", "xlsx")
    renamed = tmp_path / "wb.json"
    renamed.write_bytes((tmp_path / "wb.xlsx").read_bytes())
    for path in (dataset, tmp_path / "ds.zip", renamed):
        assert main(["validate", str(path)]) == 0
        assert "2 case(s) read, 0 error(s)." in capsys.readouterr().err
    other = open_casebook(tmp_path / "other", user="dr.test")
    try:
        assert other.interchange.import_files([renamed]).imported == 2
    finally:
        other.close()
