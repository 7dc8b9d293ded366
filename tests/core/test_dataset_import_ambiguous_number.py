"""A dataset's number that could be either of two values 1000-fold apart is never read one way
silently (review): Nuclei scored '1.500', which the form asks about (3395f44: being whole
settles nothing, it is 1500 or a mistyped 1.5), was imported as 1500. The import now refuses
it as the form does, naming the file, row, column and both readings, and stores nothing of the
dataset (all or nothing); the number as the export writes it ('1500') still comes back."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from core.cli import main
from core.model import Case
from core.paths import data_paths
from core.services import Casebook
from core.services.datasets import DatasetService

COLUMN = "cyto_nuclei_scored"


def _exported(casebook: Casebook, reference_cases: list[Case], folder: Path) -> str:
    """Reference case 1 with 200 nuclei scored, stored and exported to ``folder``; its id."""
    doc = reference_cases[0].model_dump()
    doc["cytogenetics"][0]["nuclei_scored"] = 200
    casebook.cases.import_cases([Case.model_validate(doc)])
    DatasetService(casebook.interchange).export(folder, "csv")
    return reference_cases[0].case_id


def _set_cell(folder: Path, text: str) -> None:
    path = folder / "cytogenetics.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index(COLUMN)] = text
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _stored(home: Path, case_id: str) -> tuple[int, str]:
    """The case's version and document as stored."""
    with sqlite3.connect(data_paths(home).database) as con:
        return con.execute("SELECT version, document FROM cases WHERE id = ?",
                           (case_id,)).fetchone()


def test_cli_import_refuses_an_ambiguous_count_and_stores_nothing(
        capsys, casebook: Casebook, reference_cases: list[Case], data_home: Path,
        tmp_path: Path):
    folder = tmp_path / "ds"
    case_id = _exported(casebook, reference_cases, folder)
    casebook.close()
    before = _stored(data_home, case_id)
    _set_cell(folder, "1.500")
    capsys.readouterr()
    assert main(["import", "--replace", "--reason", "nuclei recounted", str(folder)]) != 0
    err = capsys.readouterr().err
    assert (f"cytogenetics.csv, case {case_id}, line 2 (cyto_row 1), column {COLUMN}: '1.500' "
            "could be 1500 or 1.5: type it without a thousands separator (1500), or as 1.5"
            in err), err
    assert "Traceback" not in err
    assert _stored(data_home, case_id) == before  # the stored case untouched

    _set_cell(folder, "1500")  # as the export writes it: taken
    assert main(["import", "--replace", "--reason", "nuclei recounted", str(folder)]) == 0
    version, document = _stored(data_home, case_id)
    assert version == before[0] + 1 and '"nuclei_scored":1500' in document.replace(" ", "")
