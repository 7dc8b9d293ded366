"""Status flow defects a review found. (1) An amendment of a locked case that brought an error
blocking 'complete' was saved and the case stayed locked, signed over the error: now the save
is refused with each error named at its field, nothing is stored, and the typed text stays in
the form (and as a draft); an error whose rule allows an override is saved once the override
is confirmed in Problems with a reason. (2) Lock… stayed enabled on a complete case holding
such errors and refused only when clicked: it now follows the Problems panel's last
evaluation as the user edits (no evaluation of its own at each keystroke), its tips saying
why it is disabled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from core.services.amend_check import OVERRIDE_HINT
from gui.dialogs.prompter import QtPrompter
from gui.dialogs.status_dialogs import ReasonsDialog
from tests.gui.conftest import audit_rows, draft_keys, open_from_list, press, type_in_field
from tests.gui.fakes import ScriptedPrompter

C1 = "SEED-C1-CAO2023"  # a reference case, stored complete, no errors
WEIGHT = "patient.weight_kg"
TITLE = "case_report.title"
V03 = "Patient › Weight: Weight must be 0.5–300 kg (entered: 680)"


def stored(casebook) -> tuple:
    """Case 1 as stored: status, version, signer, weight, title, and its audit entries."""
    case = casebook.cases.open_case(C1)
    return (case.status, case.version, case.locked_by, case.patient.weight_kg,
            case.case_report.title, len(audit_rows(casebook, C1)))


@pytest.fixture
def locked(casebook, stored_references):
    case = casebook.cases.open_case(C1)
    return casebook.cases.set_status(C1, "locked", case.version)


def amend(qtbot, window, prompter, reason: str = "Corrected from the chart") -> None:
    prompter.script("ask_reason", reason)
    qtbot.mouseClick(window.case_banner.amend_button, Qt.MouseButton.LeftButton)
    assert window.session.amending() and not window.editor.is_read_only()


def test_an_amendment_bringing_an_error_is_refused_and_the_typing_kept(
        qtbot, locked, window, casebook, prompter):
    open_from_list(qtbot, window, C1)
    before = stored(casebook)
    amend(qtbot, window, prompter)
    weight = type_in_field(qtbot, window, WEIGHT, "680")
    prompter.script("show_reasons", WEIGHT)  # the user goes to the field named

    press(qtbot, window, "Ctrl+S")

    [(message, reasons)] = prompter.calls("show_reasons")
    assert message.startswith(f"The amendment to {C1} was not saved: it would bring errors "
                              "that block 'complete' into a locked (signed) case. Nothing was "
                              "stored. Your changes are still in the form")
    assert reasons == [V03] and prompter.titles == ["Amendment not saved"]
    assert stored(casebook) == before  # nothing stored, no audit entry
    assert window.focusWidget() is weight and weight.text() == "680"  # kept, the cursor on it
    assert window.session.amending() and window.session.is_dirty()
    assert C1 in draft_keys(casebook)  # and kept as a draft (never lost)
    bar = window.statusBar()  # the whole message is its tooltip when cut to the window
    see = "Problems" if window.editor.problems_panel.isVisible() else "Problems: Ctrl+Shift+P"
    assert (bar.toolTip() or bar.currentMessage()) == (
        f"Amendment not saved: errors at Weight (see {see}).")

    type_in_field(qtbot, window, WEIGHT, "68.5")  # corrected: the amendment is saved
    press(qtbot, window, "Ctrl+S")
    status, version, signer, kg, _title, _entries = stored(casebook)
    assert (status, version, signer, kg) == ("locked", before[1] + 1, "dr.test", 68.5)
    assert window.statusBar().currentMessage().startswith("Saved the amendment")
    assert not window.session.is_dirty() and window.editor.is_read_only()


def test_an_overridable_error_is_saved_once_confirmed_in_problems(
        qtbot, locked, window, casebook, prompter):
    open_from_list(qtbot, window, C1)
    before = stored(casebook)
    amend(qtbot, window, prompter)
    field = type_in_field(qtbot, window, TITLE, before[4] + " seen on 2023-04-18")
    press(qtbot, window, "Ctrl+S")
    [(_message, [reason])] = prompter.calls("show_reasons")
    assert reason.startswith("Title & keywords › Case report › Title: '2023-04-18' looks like "
                              "a date")
    assert reason.endswith(OVERRIDE_HINT)  # the way out offered with the error
    assert stored(casebook) == before and field.text().endswith("2023-04-18")

    panel = window.editor.problems_panel  # the override, as the hint says
    if not panel.isVisible():  # the panels gave way to the form: View › Feedback panels
        window.panel_layout.panels["feedback"].action.trigger()
        qtbot.waitUntil(panel.isVisible)
    press(qtbot, window, "Ctrl+Shift+P")
    row = next(i for i, f in enumerate(panel.model.findings) if f.rule_id == "V57")
    panel.view.setCurrentIndex(panel.model.index(row, 1))
    assert panel.override_box.isVisible() and panel.override_box.isEnabled()
    qtbot.mouseClick(panel.override_box.reason, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.override_box.reason, "the publication date, not the patient's")
    qtbot.keyClick(panel.override_box.reason, Qt.Key.Key_Return)
    window.editor.feedback_runner.wait()
    press(qtbot, window, "Ctrl+S")

    assert len(prompter.calls("show_reasons")) == 1  # not refused again
    case = casebook.cases.open_case(C1)
    assert (case.status, case.version) == ("locked", before[1] + 1)
    assert case.case_report.title.endswith("2023-04-18")
    assert [(o.rule_id, o.path) for o in case.overrides] == [("V57", TITLE)]


def test_lock_follows_the_problems_as_the_user_edits(qtbot, stored_references, window,
                                                     casebook, prompter, monkeypatch):
    evaluations = []  # Lock's state reads the editor's evaluation, runs none of its own
    real = casebook.cases.completion_blockers
    monkeypatch.setattr(casebook.cases, "completion_blockers",
                        lambda case: evaluations.append(case) or real(case))
    open_from_list(qtbot, window, C1)
    lock, button = window.commands.lock, window.case_banner.lock_button
    assert lock.isEnabled() and button.isVisible() and button.isEnabled()
    assert lock.toolTip() == "Lock (sign) a complete case"
    before = stored(casebook)

    type_in_field(qtbot, window, WEIGHT, "680")
    assert not lock.isEnabled() and not button.isEnabled()
    assert lock.statusTip() == lock.toolTip() == (
        "Lock is unavailable: 1 error, 1 warning (see Problems: Ctrl+Shift+P); "
        "correct the error, or undo the changes (Ctrl+Z).")  # the 800x800 window hides the panel
    menu = next(a.menu() for a in window.menuBar().actions()
                if a.menu() and lock in a.menu().actions())
    menu.popup(QPoint(0, 0))  # Case › Lock… by its letter: disabled, nothing happens
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_L)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    assert not prompter.calls("confirm")  # Lock is not asked for

    window.editor.focus_path(WEIGHT)
    press(qtbot, window, "Ctrl+Z")
    window.editor.feedback_runner.wait()
    assert not window.session.is_dirty()
    assert lock.isEnabled() and button.isEnabled()
    assert lock.toolTip() == "Lock (sign) a complete case"
    assert not evaluations
    assert stored(casebook) == before

    prompter.script("confirm", True)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    case = casebook.cases.open_case(C1)
    assert (case.status, case.locked_by) == ("locked", "dr.test")


class RealReasonsDialog(ScriptedPrompter):
    """Scripted questions, but the real dialog listing the reasons."""

    def show_reasons(self, message, reasons, title="Cannot mark complete"):
        return QtPrompter().show_reasons(message, reasons, title)


def test_the_refusal_is_the_reasons_dialog_titled_for_the_amendment(
        qtbot, locked, make_window, casebook):
    window = make_window(prompter=RealReasonsDialog())
    open_from_list(qtbot, window, C1)
    amend(qtbot, window, window.prompter)
    weight = type_in_field(qtbot, window, WEIGHT, "680")
    window.editor.focus_path(TITLE)  # elsewhere: Go to field brings the cursor back
    seen = []

    def user():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReasonsDialog):  # not shown yet
            QTimer.singleShot(10, user)
            return
        seen.append((dialog.windowTitle(), dialog.list.count()))
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # Go to field

    QTimer.singleShot(0, user)
    press(qtbot, window, "Ctrl+S")
    assert seen == [("Amendment not saved", 1)]
    qtbot.waitUntil(lambda: window.focusWidget() is weight)
    assert weight.text() == "680" and casebook.cases.open_case(C1).version == locked.version
