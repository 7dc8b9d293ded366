"""File › Import a CSV folder… of a dataset whose row key 1.10 a spreadsheet saved as 1.1: the
app refused nothing, and the tenth marker came back empty over the first (stranger run). The
error names the file, the row and the key, and nothing is stored."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from core.model import Case
from tests.gui.test_import_folder_gui import csv_folder, file_menu


@pytest.mark.expected_errors("a dataset with a row key given twice is refused")
def test_a_row_key_given_twice_is_named_and_nothing_stored(
        qtbot: Any, window: Any, casebook: Any, prompter: Any, tmp_path: Path,
        reference_cases: list[Case]) -> None:
    folder = csv_folder(tmp_path, reference_cases)
    markers = folder / "immunophenotype_markers.csv"
    with open(markers, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    [row] = [r for r in rows if r[:2] == ["SEED-C1-CAO2023", "1.10"]]
    row[1] = "1.1"  # as Excel, R or pandas read the key: a number
    with open(markers, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    prompter.script("choose_folder", folder)
    menu = file_menu(window)
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(menu.isVisible)
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        qtbot.keyClick(menu, Qt.Key.Key_F)
    [(message,)] = prompter.calls("error")
    assert "nothing was written" in message
    assert ("immunophenotype_markers.csv, case SEED-C1-CAO2023, line 11, column mark_row: row "
            "key 1.1 appears twice (lines 2 and 11); a spreadsheet may have read 1.10 as the "
            "number 1.1: keep the column as text") in message
    assert window.case_model.total == 0
    assert casebook.cases.list_cases() == []
    assert not window.runner.busy
