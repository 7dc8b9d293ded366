"""File › Import a CSV folder… and File › Import… of a dataset whose column a spreadsheet
deleted: before, the app imported it without a word, and Replace cleared the column's values
(a weight) from the stored cases. Now the error names the file or sheet and the column, before
the question about the cases already here is asked, and nothing stored changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt

from core.model import Case
from core.services import open_casebook
from core.services.datasets import DatasetService
from tests.core.test_dataset_missing_column import GONE, WEIGHT, drop_columns
from tests.gui.test_import_folder_gui import csv_folder, file_menu

CASE = "SEED-C1-CAO2023"


def by_keys(qtbot: Any, window: Any, key: Qt.Key) -> None:
    """The File menu opened and the item of the underlined letter ``key`` chosen."""
    menu = file_menu(window)
    letters = [m.group(1).lower() for a in menu.actions()
               if (m := re.search(r"&(\w)", a.text()))]
    assert letters.count(chr(key).lower()) == 1  # the letter reaches that item alone
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(menu.isVisible)
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        qtbot.keyClick(menu, key)


@pytest.mark.expected_errors("a dataset with a deleted column is refused")
def test_a_deleted_column_over_stored_cases_is_named_and_nothing_cleared(
        qtbot: Any, window: Any, casebook: Any, prompter: Any, tmp_path: Path,
        reference_cases: list[Case]) -> None:
    casebook.cases.import_cases(reference_cases)
    window.case_model.reload()
    qtbot.waitUntil(lambda: window.case_model.total == 2)
    before = casebook.cases.open_case(CASE).to_json_dict()
    folder = csv_folder(tmp_path, reference_cases)
    drop_columns(folder / "patient.csv", WEIGHT)
    prompter.script("choose_folder", folder)
    prompter.script("choose_import_mode", "replace")  # would Replace, if asked
    by_keys(qtbot, window, Qt.Key.Key_F)
    [(message,)] = prompter.calls("error")
    assert "1 problem found; nothing was written." in message
    assert "patient.csv: " + GONE.format(place="file") in message
    assert prompter.calls("choose_import_mode") == []  # refused before the question
    assert casebook.cases.open_case(CASE).patient.weight_kg == 68  # not cleared
    assert casebook.cases.open_case(CASE).to_json_dict() == before
    assert window.case_model.total == 2
    assert not window.runner.busy


@pytest.mark.expected_errors("a workbook with a deleted column is refused")
def test_a_workbook_with_a_deleted_column_imports_nothing(
        qtbot: Any, window: Any, casebook: Any, prompter: Any, tmp_path: Path,
        reference_cases: list[Case]) -> None:
    other = open_casebook(tmp_path / "elsewhere", user="dr.test")
    try:
        other.cases.import_cases(reference_cases)
        path = tmp_path / "ds.xlsx"
        DatasetService(other.interchange).export(path, "xlsx")
    finally:
        other.close()
    book = load_workbook(path)
    sheet = book["patient"]
    sheet.delete_cols(next(c.column for c in sheet[1] if c.value == WEIGHT))
    book.save(path)
    prompter.script("choose_open_files", [path])
    by_keys(qtbot, window, Qt.Key.Key_I)
    [(message,)] = prompter.calls("error")
    assert "ds.xlsx, sheet patient: " + GONE.format(place="sheet") in message
    assert window.case_model.total == 0
    assert casebook.cases.list_cases() == []
