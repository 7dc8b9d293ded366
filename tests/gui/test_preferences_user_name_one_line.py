"""Edit › Preferences › User name is one line (a hematologist's stranger run): "Dr. Mueller" and
"Hematology" pasted from two lines of a signature showed as "Dr. Mueller Hematology", but the
settings file and every audit entry after it held the line break ("Dr. Mueller\\nHematology" in
`casebook audit show`). The name is stored, and recorded, as it shows."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from core.settings import Settings
from tests.gui.conftest import audit_rows, open_from_list, press, type_title

C1 = "SEED-C1-CAO2023"


def paste_user_name(qtbot, seen: list[str]) -> None:
    dialog = QApplication.activeModalWidget()
    field = dialog.findChild(QLineEdit)
    QGuiApplication.clipboard().setText("Dr. Mueller\nHematology")
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    seen.append(field.displayText())
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_pasted_user_name_is_stored_and_recorded_on_one_line(
        qtbot, stored_references, window, casebook):
    seen: list[str] = []
    QTimer.singleShot(0, lambda: paste_user_name(qtbot, seen))
    press(qtbot, window, "Ctrl+,")
    assert seen == ["Dr. Mueller Hematology"]  # what the field showed
    settings = json.loads(casebook.paths.settings_file.read_text(encoding="utf-8"))
    assert settings["user_name"] == "Dr. Mueller Hematology"
    if not window.isActiveWindow():  # the dialog closed; a user clicks the window
        with qtbot.waitActive(window):
            window.activateWindow()
    open_from_list(qtbot, window, C1)
    type_title(qtbot, window, "Blinatumomab for CNS relapse: a case report")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: any(r["user"] == "Dr. Mueller Hematology"
                                for r in audit_rows(casebook, C1)), timeout=5000)
    assert not any("\n" in r["user"] for r in audit_rows(casebook, C1))


def test_a_settings_file_holding_a_line_break_records_the_name_on_one_line():
    assert Settings(user_name="Dr. Mueller\r\nHematology\t").effective_user() == (
        "Dr. Mueller Hematology")
