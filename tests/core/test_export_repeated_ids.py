"""A case id named twice on `casebook export` is exported once, in the order first named, and
the command says so on its standard error. Before, the JSON file held the case twice (and
could not be imported back: "the same case id appears twice") and every row of a CSV dataset
was doubled. The collapse is the services' (every caller gets it), the line the command's."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from core.cli import main
from core.services import open_casebook
from core.services.datasets import DatasetService
from tests.conftest import REFERENCE_CASEBOOK

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


@pytest.fixture
def stored() -> None:
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0


def test_json_export_of_an_id_named_twice_holds_it_once_and_imports_back(
        stored, tmp_path: Path, capsys) -> None:
    out = tmp_path / "dup.json"
    capsys.readouterr()
    assert main(["export", C2, C1, C2, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Exported 2 case(s)" in err
    assert f"{C2} named twice: exported once" in err
    ids = [c["case_id"] for c in json.loads(out.read_text(encoding="utf-8"))["cases"]]
    assert ids == [C2, C1]
    assert main(["--data-dir", str(tmp_path / "other"), "import", str(out)]) == 0


def test_csv_dataset_of_an_id_named_three_times_has_its_rows_once(
        stored, tmp_path: Path, capsys) -> None:
    out = tmp_path / "dup.zip"
    capsys.readouterr()
    assert main(["export", C1, C1, C1, "--format", "csv", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Exported 1 case(s)" in err and f"{C1} named 3 times: exported once" in err
    with zipfile.ZipFile(out) as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("patient.csv").decode("utf-8-sig"))))
    assert [r["case_id"] for r in rows] == [C1]


def test_the_service_collapses_repeated_ids_for_every_caller(
        stored, tmp_path: Path, data_home: Path) -> None:
    cb = open_casebook(data_home, user="dr.test")
    try:
        assert cb.interchange.export_cases(tmp_path / "a.json", [C1, C1]) == 1
        assert [c.case_id for c in cb.interchange.iter_cases([C1, C2, C1])] == [C1, C2]
        result = DatasetService(cb.interchange).export(tmp_path / "b.xlsx", "xlsx", [C2, C2])
    finally:
        cb.close()
    assert result.cases == 1


def test_a_one_file_export_says_file_not_files(stored, tmp_path: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["export", "--format", "xlsx", "-o", str(tmp_path / "d.xlsx")]) == 0
    assert "(1 file, not de-identified)" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "d.zip")]) == 0
    assert " files, not de-identified)" in capsys.readouterr().err
