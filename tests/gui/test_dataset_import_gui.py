"""The app's Import reads a dataset export back (issue 18): an Excel workbook and a CSV zip
in Casebook's layout, in the background, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from core.model import Case
from core.services import open_casebook
from core.services.datasets import DatasetService
from tests.gui.test_transfer import run_transfer


def dataset(tmp_path: Path, reference_cases: list[Case], name: str) -> Path:
    """``name`` (.xlsx or .zip) exported from another data folder holding both cases."""
    other = open_casebook(tmp_path / "elsewhere", user="dr.test")
    try:
        other.cases.import_cases(reference_cases)
        target = tmp_path / name
        DatasetService(other.interchange).export(target, "xlsx" if name.endswith("xlsx")
                                                 else "csv")
        return target
    finally:
        other.close()


@pytest.mark.parametrize("name", ["cases.xlsx", "cases.zip"])
def test_import_a_dataset_in_the_background(qtbot: Any, window: Any, casebook: Any,
                                            prompter: Any, tmp_path: Path,
                                            reference_cases: list[Case], name: str) -> None:
    prompter.script("choose_open_files", [dataset(tmp_path, reference_cases, name)])
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == "Imported 2 case(s) from 1 file(s)."
    assert window.case_model.total == 2
    assert casebook.cases.open_case("SEED-C1-CAO2023").to_json_dict() == \
        reference_cases[0].to_json_dict() | {
            k: v for k, v in casebook.cases.open_case("SEED-C1-CAO2023").to_json_dict().items()
            if k in ("version", "status", "locked_by", "locked_at")}
    assert not window.runner.busy


@pytest.mark.expected_errors("a badly edited workbook is refused with an error")
def test_a_badly_edited_workbook_shows_the_cell(qtbot: Any, window: Any, casebook: Any,
                                               prompter: Any, tmp_path: Path,
                                               reference_cases: list[Case]) -> None:
    target = dataset(tmp_path, reference_cases, "cases.xlsx")
    wb = load_workbook(target)
    labs = wb["labs"]
    header = [c.value for c in labs[1]]
    labs.cell(row=3, column=header.index("lab_value_entered") + 1, value="n/a")
    wb.save(target)
    prompter.script("choose_open_files", [target])
    run_transfer(qtbot, window, window.commands.import_json)
    [(error,)] = prompter.calls("error")
    assert "nothing was written" in error
    assert "cases.xlsx, sheet labs" in error and "row 3 (lab_row 2), column lab_value_entered" in error
    assert "'n/a' is not a number" in error
    assert window.case_model.total == 0
