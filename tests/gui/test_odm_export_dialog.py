"""File › Export dataset… with the CDISC ODM format (issue 18): chosen in the dialog with the
keys, de-identified as ticked, one XML file written in the background, valid against the ODM
1.3.2 XSD, audited."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs
from PySide6.QtCore import Qt

from tests.core.test_odm_dataset import NS, XSD, check_references
from tests.gui.test_dataset_export import open_dialog, press_export, tick


def test_odm_export_from_the_dialog(qtbot: Any, stored_references: Any, make_window: Any,
                                    tmp_path: Path, data_home: Path) -> None:
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.format_combo.setFocus()
    for _ in range(dialog.format_combo.count()):
        if dialog.format_combo.currentData() == "odm":
            break
        qtbot.keyClick(dialog.format_combo, Qt.Key.Key_Down)
    assert dialog.format_combo.currentData() == "odm"
    assert dialog.deid_box.isEnabled()  # the options apply to ODM too
    tick(qtbot, dialog.hash_ids)
    tick(qtbot, dialog.drop_identifiers)
    target = tmp_path / "cases.odm.xml"
    qtbot.keyClicks(dialog.path_edit, str(target))
    assert press_export(qtbot, window, dialog) == f"Exported 2 case(s) to cases.odm.xml in {tmp_path}."
    doc = etree.parse(str(target))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(doc), schema.error_log.filter_from_errors()[:5]
    check_references(doc)
    keys = [s.get("SubjectKey") for s in doc.getroot().iterfind(".//o:SubjectData", NS)]
    assert len(keys) == 2 and all(k.startswith("H-") for k in keys)
    assert "SEED-C1-CAO2023" not in target.read_text(encoding="utf-8")
    with sqlite3.connect(data_home / "casebook.db") as db:
        [(summary,)] = db.execute("SELECT new FROM audit WHERE action = 'export'").fetchall()
    assert summary == ("2 case(s) as odm to cases.odm.xml; identifiers dropped, "
                       "case ids hashed")
    assert not window.runner.busy
