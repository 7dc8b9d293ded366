"""A dataset exported, opened in a spreadsheet, a column deleted, imported back: before, it was
read without complaint, a case imported came in without the column's values and a stored case
replaced had them cleared (pt_weight_kg 68 -> none). Now the import is refused whole, naming the
file or sheet and the column by its header, saying what would have happened to its values, and
nothing stored changes; ``casebook import`` says so and exits 1. A label or derived column
left out (never read back) and a de-identified export's columns (never exported) are not asked
for."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.cli import main
from core.errors import InvalidData
from core.io.deident import DeidOptions
from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService
from tests.core.test_dataset_import_checks import refused, stored

CASE = "SEED-C1-CAO2023"
WEIGHT = "pt_weight_kg"
GONE = ("the column pt_weight_kg (Weight) is missing from this {place}'s header row; the "
        "dataset's data dictionary lists it, so the export wrote it. Imported without it, its "
        "values would be empty in every case imported and cleared from every stored case "
        "replaced, so nothing is imported: put the column back from the export (with its "
        "header as exported) and import again; to clear values on purpose, keep the column "
        "and empty its cells")


@pytest.fixture
def dataset(casebook: Casebook, reference_cases: list[Case], tmp_path: Path) -> Path:
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "ds", "csv")
    return tmp_path / "ds"


def drop_columns(path: Path, *names: str) -> None:
    """The columns ``names`` deleted from the CSV file ``path``, as a spreadsheet saves it."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    at = [rows[0].index(name) for name in names]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([[c for i, c in enumerate(r) if i not in at] for r in rows])


def weight(casebook: Casebook) -> float | None:
    return casebook.cases.open_case(CASE).patient.weight_kg


@pytest.mark.parametrize("kind", ["folder", "zip", "xlsx"])
def test_a_deleted_column_is_named_and_nothing_is_imported(
        casebook: Casebook, dataset: Path, tmp_path: Path, kind: str) -> None:
    if kind == "xlsx":
        path = tmp_path / "ds.xlsx"
        DatasetService(casebook.interchange).export(path, "xlsx")
        book = load_workbook(path)
        sheet = book["patient"]
        [at] = [c.column for c in sheet[1] if c.value == WEIGHT]
        sheet.delete_cols(at)
        book.save(path)
        said = "ds.xlsx, sheet patient: " + GONE.format(place="sheet")
    else:
        drop_columns(dataset / "patient.csv", WEIGHT)
        path, said = dataset, "patient.csv: " + GONE.format(place="file")
        if kind == "zip":
            path = tmp_path / "ds.zip"
            with zipfile.ZipFile(path, "w") as zf:
                for file in sorted(dataset.glob("*.csv")):
                    zf.write(file, file.name)
            said = "ds.zip:" + said
    assert said in refused(path, tmp_path).splitlines()  # a new case: nothing imported
    before = stored(casebook, tmp_path, "before")
    with pytest.raises(InvalidData) as caught:  # over the stored cases: nothing cleared
        casebook.interchange.import_files([path], "replace", reason="x")
    assert said in str(caught.value)
    assert stored(casebook, tmp_path, "after") == before
    assert weight(casebook) == 68


def test_several_columns_and_the_kept_column_are_named_together(dataset: Path,
                                                                tmp_path: Path) -> None:
    drop_columns(dataset / "patient.csv", WEIGHT, "pt_height_cm", "pt_kept")
    drop_columns(dataset / "labs.csv", "lab_nf")
    text = refused(dataset, tmp_path)
    assert ("patient.csv: the columns pt_weight_kg (Weight), pt_height_cm (Height), pt_kept "
            "(Patient: kept by Casebook (missing-value reasons, provenance...)) are missing "
            "from this file's header row; the dataset's data dictionary lists them, so the "
            "export wrote them. Imported without them, their values would be empty in every "
            "case imported and cleared from every stored case replaced, so nothing is "
            "imported: put the columns back from the export (with their headers as exported) "
            "and import again") in text
    assert "labs.csv: the column lab_nf (Laboratory results: missing-value reasons) is missing" in text
    assert text.startswith("2 problems found; nothing was written.")


def test_without_a_dictionary_the_export_s_columns_are_asked_for(dataset: Path,
                                                                 tmp_path: Path) -> None:
    (dataset / "data_dictionary.csv").unlink()
    drop_columns(dataset / "patient.csv", WEIGHT)
    text = refused(dataset, tmp_path)
    assert ("patient.csv: the column pt_weight_kg (Weight) is missing from this file's header "
            "row. Imported without it, its values would be empty") in text


def test_a_label_or_derived_column_left_out_loses_nothing(casebook: Casebook, dataset: Path,
                                                          tmp_path: Path) -> None:
    drop_columns(dataset / "patient.csv", "pt_sex_label", "pt_bsa_m2_derived")
    before = stored(casebook, tmp_path, "before")
    report = casebook.interchange.import_files([dataset], "replace")
    assert (report.replaced, report.unchanged) == (0, 2)  # the same cases: nothing lost
    assert stored(casebook, tmp_path, "after") == before


@pytest.mark.parametrize("dictionary", [True, False])
def test_a_deidentified_export_s_columns_are_not_asked_for(
        casebook: Casebook, tmp_path: Path, dictionary: bool,
        reference_cases: list[Case]) -> None:
    """Its identifiers, free text and dates were never exported: not missing."""
    casebook.cases.import_cases(reference_cases)
    path = tmp_path / "deid"
    DatasetService(casebook.interchange).export(
        path, "csv", options=DeidOptions(drop_identifiers=True, drop_text=True, dates="drop"),
        confirm_all=True)
    if not dictionary:
        (path / "data_dictionary.csv").unlink()
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        assert other.interchange.import_files([path]).imported == 2
    finally:
        other.close()


def test_cli_import_names_the_column_and_exits_1(casebook: Casebook, dataset: Path,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(dataset, copy)
    drop_columns(dataset / "patient.csv", WEIGHT)
    data = tmp_path / "cli"
    assert main(["--data-dir", str(data), "import", str(copy)]) == 0  # a new folder's cases
    capsys.readouterr()
    for args in ([], ["--replace"]):
        assert main(["--data-dir", str(data), "import", *args, str(dataset)]) == 1
        err = capsys.readouterr().err
        assert "1 problem found; nothing was written." in err
        assert "patient.csv: " + GONE.format(place="file") in err
        assert "Traceback" not in err
    assert main(["validate", str(dataset)]) == 1  # validate reads it as import does
    assert "pt_weight_kg (Weight) is missing" in capsys.readouterr().out
    cli = open_casebook(data, user="dr.test")
    try:
        assert weight(cli) == 68  # kept as stored
    finally:
        cli.close()
