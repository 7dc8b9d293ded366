"""Edit › Preferences… offers the date format dates may be typed in (the README named the setting
`date_format`, but only settings.json could change it). Found by a stranger run: a fellow used to
month/day/year chose it and typed 04/18/2023 into Day 0 date."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from tests.gui.conftest import open_from_list, press

C1 = "SEED-C1-CAO2023"


def choose_month_first(qtbot, seen):
    dialog = QApplication.activeModalWidget()
    combo = next(c for c in dialog.findChildren(QComboBox)
                 if c.currentText().startswith("day/month/year: 18/04/2023"))
    seen.append([combo.itemText(i) for i in range(combo.count())])
    combo.setFocus()
    while not combo.currentText().startswith("month/day/year"):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_date_format_chosen_in_preferences_reads_typed_dates(qtbot, stored_references, window,
                                                              casebook):
    seen: list = []
    QTimer.singleShot(0, lambda: choose_month_first(qtbot, seen))
    press(qtbot, window, "Ctrl+,")
    assert "month/day/year: 04/18/2023" in seen[0]
    settings = json.loads(casebook.paths.settings_file.read_text(encoding="utf-8"))
    assert settings["date_format"] == "%m/%d/%Y"
    if not window.isActiveWindow():  # the dialog closed; a user clicks the window
        with qtbot.waitActive(window):
            window.activateWindow()
    open_from_list(qtbot, window, C1)
    window.editor.focus_path("case_report.day0")
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, "04/18/2023")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: str(casebook.cases.open_case(C1).case_report.day0) == "2023-04-18",
                    timeout=5000)

