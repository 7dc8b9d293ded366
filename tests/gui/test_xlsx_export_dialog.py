"""File › Export dataset… with the Excel format (issue 18): chosen in the dialog with the keys,
de-identified as ticked, one workbook written in the background, audited."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.gui.test_dataset_export import open_dialog, press_export, tick


def test_xlsx_export_from_the_dialog(qtbot: Any, stored_references: Any, make_window: Any,
                                     tmp_path: Path, data_home: Path) -> None:
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.format_combo.setFocus()
    for _ in range(dialog.format_combo.count()):
        if dialog.format_combo.currentData() == "xlsx":
            break
        qtbot.keyClick(dialog.format_combo, Qt.Key.Key_Down)
    assert dialog.format_combo.currentData() == "xlsx"
    assert dialog.deid_box.isEnabled()
    tick(qtbot, dialog.hash_ids)
    target = tmp_path / "cases.xlsx"
    qtbot.keyClicks(dialog.path_edit, str(target))
    assert press_export(qtbot, window, dialog) == f"Exported 2 case(s) to cases.xlsx in {tmp_path}."
    wb = load_workbook(target, read_only=True)
    assert wb.sheetnames[0] == "case_report" and wb.sheetnames[-1] == "data_dictionary"
    ids = {row[0] for row in wb["case_report"].iter_rows(min_row=2, values_only=True)}
    assert len(ids) == 2 and all(str(i).startswith("H-") for i in ids)
    wb.close()
    with sqlite3.connect(data_home / "casebook.db") as db:
        [(summary,)] = db.execute("SELECT new FROM audit WHERE action = 'export'").fetchall()
    assert summary == "2 case(s) as xlsx to cases.xlsx; case ids hashed"
    assert not window.runner.busy
