"""Complete, Lock and Amend as a user meets them (issue 14): a refused completion stores
nothing and names each field in words, also listed in Problems, with a jump to it; a complete
or locked case shows a banner; a locked case is read-only (Undo too) until "Amend…"."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gui.dialogs.status_dialogs import ReasonDialog, ReasonsDialog
from tests.gui.conftest import audit_rows, open_from_list, press, type_title

C1 = "SEED-C1-CAO2023"  # stored complete; reopened as a draft where a test needs one
WEIGHT = "patient.weight_kg"


def reopened(casebook):
    case = casebook.cases.open_case(C1)
    return casebook.cases.set_status(C1, "draft", case.version)


def locked(casebook):
    case = casebook.cases.open_case(C1)
    return casebook.cases.set_status(C1, "locked", case.version)


def type_into(qtbot, window, path, text):
    window.editor.focus_path(path)
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    return field


def problem_paths(window) -> set[str]:
    return {f.path for f in window.editor.problems_panel.model.findings}


def test_refused_completion_stores_nothing_and_jumps_to_the_field(
        qtbot, stored_references, window, casebook, prompter):
    draft = reopened(casebook)
    before = len(audit_rows(casebook, C1))
    open_from_list(qtbot, window, C1)
    field = type_into(qtbot, window, WEIGHT, "680")
    prompter.script("show_reasons", WEIGHT)  # the user chooses the reason: go to its field
    window.commands.mark_complete.trigger()
    [(message, reasons)] = prompter.calls("show_reasons")
    assert "cannot be marked complete" in message
    assert reasons == ["Patient › Weight: Weight must be 0.5–300 kg (entered: 680)"]  # not 680.0
    assert not prompter.calls("confirm_save_and_complete")  # nothing to ask: refused first
    stored = casebook.cases.open_case(C1)
    assert (stored.version, stored.status, stored.patient.weight_kg) == (
        draft.version, "draft", draft.patient.weight_kg)
    assert len(audit_rows(casebook, C1)) == before  # no save, no status entry
    assert window.session.is_dirty() and field.text() == "680"
    assert window.focusWidget() is field
    qtbot.waitUntil(lambda: WEIGHT in problem_paths(window))  # Problems follows typing


def test_every_reason_is_in_problems_in_words(qtbot, casebook, window, prompter):
    from core.model import Case

    casebook.cases.import_cases([Case(case_id="SYN-BARE1", case_report={"title": "Bare"})])
    window.case_model.reload()
    qtbot.waitUntil(lambda: window.case_model.row_of("SYN-BARE1") >= 0)
    open_from_list(qtbot, window, "SYN-BARE1")
    window.commands.mark_complete.trigger()
    [(_message, reasons)] = prompter.calls("show_reasons")
    assert len(reasons) > 10
    assert not any("[" in r or "_" in r for r in reasons), reasons  # no raw paths
    blockers = casebook.cases.completion_blockers(casebook.cases.open_case("SYN-BARE1"))
    assert [str(b) for b in blockers] == reasons
    qtbot.waitUntil(lambda: {b.path for b in blockers} <= problem_paths(window))
    panel = window.editor.problems_panel
    assert "to fill before Complete" in panel.summary.text()
    assert casebook.cases.open_case("SYN-BARE1").status == "draft"
    row = next(i for i, f in enumerate(panel.model.findings) if f.rule_id == "CARE 5b")
    assert panel.model.findings[row].message == \
        "CARE 5b Main concerns and symptoms: missing (no symptom recorded)"
    window.editor.side_tabs.setCurrentWidget(panel)
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(row, 2))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)  # Enter on a reason: its section and table
    assert window.editor.current_section() == "Clinical findings"


def test_complete_and_locked_cases_show_a_banner(qtbot, stored_references, window, casebook,
                                                 prompter):
    reopened(casebook)
    open_from_list(qtbot, window, C1)
    banner = window.case_banner
    assert not banner.isVisible()
    window.commands.mark_complete.trigger()
    assert banner.isVisible() and "Complete: marked complete" in banner.message.text()
    # who and when: read from the audit trail off the UI thread, then shown
    qtbot.waitUntil(lambda: "Complete: marked complete by dr.test" in banner.message.text())
    assert "Marked complete: SEED-C1-CAO2023" in window.statusBar().currentMessage()
    prompter.script("confirm", True)
    qtbot.mouseClick(banner.lock_button, Qt.MouseButton.LeftButton)
    text = banner.message.text()
    assert "Locked: signed by dr.test on" in text and "read-only" in text
    assert banner.amend_button.isVisible() and not banner.lock_button.isVisible()
    assert casebook.cases.open_case(C1).status == "locked"


def test_a_locked_case_is_read_only_until_amend(qtbot, stored_references, window, casebook,
                                                prompter):
    stored = locked(casebook)
    open_from_list(qtbot, window, C1)
    form = window.editor.section_page("Title & keywords").forms["case_report"]
    field = form.bindings["title"].editor
    assert field.isEnabled() and field.isReadOnly()  # read and copied, but takes no typing
    window.editor.focus_path("case_report.title")
    qtbot.keyClicks(window.focusWidget(), "Typed into a locked case")
    assert field.text() == stored.title and not window.session.is_dirty()
    assert not prompter.calls("ask_reason")  # no dialog popping up on a keystroke
    assert window.editor.is_read_only()
    assert not window.editor.problems_panel.override_box.isEnabled()  # an override is a change
    assert not window.commands.undo.isEnabled() and window.commands.amend.isEnabled()

    prompter.script("ask_reason", None)  # Amend…, then Cancel: still read-only
    qtbot.mouseClick(window.case_banner.amend_button, Qt.MouseButton.LeftButton)
    assert window.editor.is_read_only()

    prompter.script("ask_reason", "Title had a typo")
    window.commands.amend.trigger()
    assert not window.editor.is_read_only() and not window.commands.amend.isEnabled()
    assert "Amending, reason: “Title had a typo”" in window.case_banner.message.text()
    type_title(qtbot, window, "Corrected title")
    assert window.commands.undo.isEnabled()
    press(qtbot, window, "Ctrl+S")
    case = casebook.cases.open_case(C1)
    assert (case.status, case.case_report.title) == ("locked", "Corrected title")
    assert window.statusBar().currentMessage() == (
        f"Saved the amendment to {C1} (version {case.version}), reason “Title had a typo”.")
    rows = [r for r in audit_rows(casebook, C1) if r["action"] == "amendment"]
    assert rows and {r["reason"] for r in rows} == {"Title had a typo"}
    assert window.editor.is_read_only()  # the next change needs Amend… again
    assert not window.commands.undo.isEnabled()


def test_an_empty_reason_is_refused_at_the_field(qtbot):
    dialog = ReasonDialog("Amend a locked case", "Reason for the change:")
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    answers = []

    def user():
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # empty: refused, with a message
        answers.append((dialog.isVisible(), dialog.problem.isVisible(), dialog.problem.text()))
        qtbot.keyClicks(dialog.field, "Late pathology result")
        answers.append(dialog.problem.isVisible())
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, user)
    assert dialog.ask() == "Late pathology result"
    visible, shown, text = answers[0]
    assert visible and shown and text.startswith("Reason: give a reason")
    assert answers[1] is False  # typing clears the message


def test_the_refusal_dialog_goes_to_the_chosen_field(qtbot):
    from core.errors import Blocker

    reasons = [Blocker("patient.sex", "required (a value or a reason)", "Patient › Sex",
                       "REQUIRED"),
               Blocker(WEIGHT, "Weight must be 0.5–300 kg (entered: 680)", "Patient › Weight",
                       "V03")]
    dialog = ReasonsDialog("The case cannot be marked complete:", reasons)
    qtbot.addWidget(dialog)
    assert dialog.list.item(1).text() == "• Patient › Weight: Weight must be 0.5–300 kg " \
                                         "(entered: 680)"

    def user():
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    QTimer.singleShot(0, user)
    assert dialog.ask() == WEIGHT
    assert QApplication.activeModalWidget() is None


def test_the_preview_of_a_locked_case_states_its_status_and_amendments(
        qtbot, stored_references, window, casebook, prompter):
    from io import BytesIO

    from pypdf import PdfReader

    locked(casebook)
    open_from_list(qtbot, window, C1)
    prompter.script("ask_reason", "Weight from the clinic letter")
    window.commands.amend.trigger()
    type_into(qtbot, window, WEIGHT, "71.5")
    press(qtbot, window, "Ctrl+S")
    press(qtbot, window, "Ctrl+P")
    dialog = window.print_handler.dialog
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=60_000)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(dialog.pdf)).pages)
                    .split())
    assert "Record status: Locked, signed by dr.test on" in text
    assert "Weight from the clinic letter" in text and "Patient › Weight" in text
    dialog.close()


def test_the_real_prompter_asks_save_and_mark_complete_or_cancel(qtbot):
    from PySide6.QtWidgets import QMessageBox

    from gui.dialogs.prompter import QtPrompter

    seen = []

    def answer(save: bool):
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        seen.append(sorted(b.text().replace("&", "") for b in box.buttons()))
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        button = next(b for b in box.buttons() if b is not cancel) if save else cancel
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, lambda: answer(True))
    assert QtPrompter().confirm_save_and_complete("Case 1") is True
    QTimer.singleShot(0, lambda: answer(False))
    assert QtPrompter().confirm_save_and_complete("Case 1") is False
    assert seen[0] == ["Cancel", "Save and mark complete"]
