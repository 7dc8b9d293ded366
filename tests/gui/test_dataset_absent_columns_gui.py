"""File › Import… of a dataset exported before Casebook had a field (its patient file has no
weight column, its data dictionary no row for it), Replace chosen over the stored cases: the
stored weight is kept (before, it was cleared with no word said), the height the file holds
replaces the stored one, and the message names the column kept."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from core.model import Case
from core.services.datasets import DatasetService
from tests.core.test_dataset_absent_columns import CASE, WEIGHT_SAID, old_columns, set_cell
from tests.gui.test_transfer import run_transfer


def test_replace_with_an_older_dataset_keeps_the_weight_and_says_so(
        qtbot: Any, window: Any, casebook: Any, prompter: Any, tmp_path: Path,
        reference_cases: list[Case]) -> None:
    casebook.cases.import_cases(reference_cases)
    folder = tmp_path / "old"
    DatasetService(casebook.interchange).export(folder, "csv")
    old_columns(folder, "patient", "pt_weight_kg")
    set_cell(folder / "patient.csv", CASE, "1", "pt_height_cm", "175")
    path = tmp_path / "old.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for file in sorted(folder.glob("*.csv")):
            zf.write(file, file.name)
    prompter.script("choose_open_files", [path])
    prompter.script("choose_import_mode", "replace")
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == ("Imported 0 case(s), replaced 1, 1 unchanged (left as they were) from "
                       f"1 file(s).\n{WEIGHT_SAID.format(path=path, n=2)}")
    assert prompter.calls("info") == [(message,)]
    assert prompter.calls("choose_import_mode") == [(2,)]
    patient = casebook.cases.open_case(CASE).patient
    assert (patient.weight_kg, patient.height_cm) == (68, 175)
