"""File › Export dataset…: the path box's placeholder says what the chosen format writes (a
folder or .zip for CSV, one file for the others) and follows the format as it changes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_dataset_export import open_dialog


def test_placeholder_follows_the_format(qtbot, stored_references, make_window):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    seen = {dialog.format_combo.currentData(): dialog.path_edit.placeholderText()}
    dialog.format_combo.setFocus()
    for _ in range(dialog.format_combo.count() - 1):
        qtbot.keyClick(dialog.format_combo, Qt.Key.Key_Down)
        seen[dialog.format_combo.currentData()] = dialog.path_edit.placeholderText()
    assert seen == {"csv": "a folder to create, or a .zip file",
                    "fhir": "a .json file (FHIR R4 Bundle)",
                    "xlsx": "an .xlsx file (Excel workbook)",
                    "odm": "an .xml file (CDISC ODM)",
                    "json": "a .json file (Casebook JSON)"}
    qtbot.keyClick(dialog.format_combo, Qt.Key.Key_Home)
    assert dialog.path_edit.placeholderText() == "a folder to create, or a .zip file"
