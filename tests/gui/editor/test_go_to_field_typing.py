"""Typing right after "Go to field" (stranger run): Mark complete › "Treatment lines › row 1 ›
Administrations › row 6 › ATC: required" › Go to field, then `L01BA01` and Tab stored "1". The
keys reach the cell before the window is active again (the reasons dialog has just closed):
each key's live edit loaded the cell again, all of it selected, because the cell editor was
taken as not being typed in (it had no focus *yet*), so the next key replaced it. Now the cell
that has its window's cursor keeps every key typed (a form field did already: checked too)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from gui.dialogs.prompter import QtPrompter
from gui.dialogs.status_dialogs import ReasonsDialog
from tests.gui.conftest import open_as_draft, press
from tests.gui.fakes import ScriptedPrompter

C1 = "SEED-C1-CAO2023"
ATC = "treatment_lines[0].administrations[5].atc"


class RealReasonsDialog(ScriptedPrompter):
    """Scripted questions, but the real dialog listing the reasons."""

    def show_reasons(self, message, reasons, title="Cannot mark complete"):
        return QtPrompter().show_reasons(message, reasons, title)


def go_to_field(qtbot, window, path: str) -> list[str]:
    """Mark complete (refused), choose the reason at ``path``, click Go to field; the
    reasons listed."""
    seen: list[str] = []

    def user() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReasonsDialog):  # not shown yet
            QTimer.singleShot(10, user)
            return
        paths = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole)
                 for i in range(dialog.list.count())]
        seen.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
        dialog.list.setCurrentRow(paths.index(path))
        qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, user)
    complete = window.toolbar.widgetForAction(window.commands.mark_complete)
    qtbot.mouseClick(complete, Qt.MouseButton.LeftButton)
    return seen


def type_to_window(qtbot, window, text: str) -> None:
    """Keys as the window system hands them to the window: to its cursor's widget (its
    focus widget), whether or not the window is active yet."""
    for char in text:
        qtbot.keyClick(window.focusWidget(), char)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)


def test_typing_right_after_go_to_field_keeps_every_key(
        qtbot, stored_references, casebook, make_window):
    window = make_window(prompter=RealReasonsDialog())
    open_as_draft(qtbot, casebook, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.focus_path(ATC)  # the cell, emptied with Delete
    admin = window.focusWidget()
    qtbot.keyClick(admin, Qt.Key.Key_Delete)
    assert window.editor.current_case().treatment_lines[0].administrations[5].atc is None
    seen = go_to_field(qtbot, window, ATC)
    assert any("Administrations › row 6 › ATC: required" in text for text in seen)
    assert window.focusWidget() is admin  # the cell selected, its table the window's cursor
    index = admin.currentIndex()
    assert (admin.storage_row(index.row()), admin.source.columns[index.column()].key) == (
        5, "atc")
    type_to_window(qtbot, window, "L01BA01")
    assert index.data() == "L01BA01"
    assert window.editor.current_case().treatment_lines[0].administrations[5].atc == "L01BA01"
    window.editor.focus_path("patient.weight_kg")  # a form field, the window still inactive
    weight = window.focusWidget()
    weight.selectAll()
    type_to_window(qtbot, window, "68.5")
    assert weight.text() == "68.5"
    assert window.editor.current_case().patient.weight_kg == 68.5
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C1)
    assert stored.treatment_lines[0].administrations[5].atc == "L01BA01"
    assert stored.patient.weight_kg == 68.5
