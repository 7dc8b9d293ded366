"""Import back (issue 18): a CSV dataset (folder or zip) and an Excel workbook in Casebook's
layout import into an empty folder losslessly (the JSON exports are byte for byte the same);
a badly edited spreadsheet gives a message per cell and imports nothing."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from core.cli import main
from core.errors import InvalidData
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService
from core.synth.generator import generate_cases


@pytest.fixture
def exported(casebook: Casebook, reference_cases: list[Case],
             tmp_path: Path) -> Iterator[tuple[Casebook, bytes]]:
    casebook.cases.import_cases([*reference_cases, *generate_cases(50, seed=18)])
    target = tmp_path / "original.json"
    casebook.interchange.export_cases(target)
    yield casebook, target.read_bytes()


def imported_json(path: Path, tmp_path: Path, name: str) -> bytes:
    """Import the dataset ``path`` into an empty data folder; its JSON export."""
    other = open_casebook(tmp_path / f"empty-{name}", user="dr.test")
    try:
        report = other.interchange.import_files([path])
        assert report.imported == 52
        target = tmp_path / f"back-{name}.json"
        other.interchange.export_cases(target)
        return target.read_bytes()
    finally:
        other.close()


@pytest.mark.parametrize("name", ["dataset.zip", "folder", "dataset.xlsx"])
def test_round_trip_is_lossless(exported: tuple[Casebook, bytes], tmp_path: Path,
                                name: str) -> None:
    casebook, original = exported
    target = tmp_path / name
    DatasetService(casebook.interchange).export(target, "xlsx" if name.endswith("xlsx")
                                                else "csv")
    assert imported_json(target, tmp_path, name) == original


def test_the_kept_column_is_in_the_dictionary(exported: tuple[Casebook, bytes],
                                              tmp_path: Path) -> None:
    casebook, _ = exported
    DatasetService(casebook.interchange).export(tmp_path / "d", "csv")
    with open(tmp_path / "d" / "data_dictionary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["Variable / Field Name"]: r for r in csv.DictReader(fh)}
    assert "leave it as it is" in rows["lab_kept"]["Field Note"]
    with open(tmp_path / "d" / "labs.csv", encoding="utf-8-sig", newline="") as fh:
        assert "lab_kept" in next(csv.reader(fh))


def test_a_badly_edited_workbook_imports_nothing(casebook: Casebook,
                                                 reference_cases: list[Case],
                                                 tmp_path: Path) -> None:
    casebook.cases.import_cases(reference_cases)
    target = tmp_path / "edited.xlsx"
    DatasetService(casebook.interchange).export(target, "xlsx")
    wb = load_workbook(target)
    labs = wb["labs"]
    header = [c.value for c in labs[1]]
    labs.cell(row=2, column=header.index("lab_value_entered") + 1, value="high")
    patient = wb["patient"]
    header = [c.value for c in patient[1]]
    patient.cell(row=2, column=header.index("pt_sex") + 1, value="X")
    patient.cell(row=3, column=header.index("pt_ecog") + 1, value=9)  # the model's bound: 5
    wb.save(target)
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        with pytest.raises(InvalidData) as caught:
            other.interchange.import_files([target])
        text = str(caught.value)
        assert "edited.xlsx, sheet labs" in text and "row 2 (lab_row 1), column lab_value_entered" in text
        assert "'high' is not a number" in text
        assert "edited.xlsx, sheet patient" in text and "row 2 (pt_row 1), column pt_sex" in text
        assert "unknown code 'X'" in text
        assert ("edited.xlsx, sheet patient, case SEED-C2-CAO2023, row 3 (pt_row 1), column pt_ecog: "
                "'9': ECOG must be between 0 and 5") in text  # as the form refuses it
        assert other.cases.list_cases() == []
    finally:
        other.close()
    with sqlite3.connect(tmp_path / "empty" / "casebook.db") as db:
        assert db.execute("SELECT COUNT(*) FROM cases").fetchone() == (0,)


def test_cli_imports_a_csv_folder(capsys: pytest.CaptureFixture[str], casebook: Casebook,
                                  reference_cases: list[Case], tmp_path: Path,
                                  monkeypatch: Any) -> None:
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "folder", "csv")
    casebook.close()
    monkeypatch.setenv("CASEBOOK_HOME", str(tmp_path / "empty"))
    assert main(["import", str(tmp_path / "folder")]) == 0
    assert "Imported 2 case(s)" in capsys.readouterr().err
