"""File › Export dataset… with the FHIR format (issue 18): chosen in the dialog with the keys,
de-identified as ticked, one Bundle written in the background, audited."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from PySide6.QtCore import Qt

from tests.gui.test_dataset_export import open_dialog, press_export, tick


def test_fhir_export_from_the_dialog(qtbot: Any, stored_references: Any, make_window: Any,
                                     tmp_path: Path, data_home: Path) -> None:
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.format_combo.setFocus()
    qtbot.keyClick(dialog.format_combo, Qt.Key.Key_Down)
    assert dialog.format_combo.currentData() == "fhir"
    assert dialog.deid_box.isEnabled()  # the options apply to FHIR too
    tick(qtbot, dialog.hash_ids)
    tick(qtbot, dialog.drop_identifiers)
    target = tmp_path / "cases.fhir.json"
    qtbot.keyClicks(dialog.path_edit, str(target))
    assert press_export(qtbot, window, dialog) == f"Exported 2 case(s) to cases.fhir.json in {tmp_path}."
    bundle = json.loads(target.read_text(encoding="utf-8"))
    get_fhir_model_class("Bundle").model_validate(bundle)
    patients = [e["resource"] for e in bundle["entry"]
                if e["resource"]["resourceType"] == "Patient"]
    assert len(patients) == 2
    assert all(p["identifier"][0]["value"].startswith("H-") for p in patients)
    assert "SEED-C1-CAO2023" not in target.read_text(encoding="utf-8")
    with sqlite3.connect(data_home / "casebook.db") as db:
        [(summary,)] = db.execute("SELECT new FROM audit WHERE action = 'export'").fetchall()
    assert summary == ("2 case(s) as fhir to cases.fhir.json; identifiers dropped, "
                       "case ids hashed")
    assert not window.runner.busy
