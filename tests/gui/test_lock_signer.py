"""Lock… asks who signs, by name (a stranger's run: locking stored "signed by root", the OS
account, and printed it in the PDF): the name is required, said under the field when missing;
it is kept with the lock in the audit trail beside the account, and the next lock on this
workstation suggests it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

from core.settings import load_settings
from gui.dialogs.prompter import QtPrompter
from gui.dialogs.sign_dialog import SignDialog
from gui.history_model import COL_CHANGE, AuditTableModel
from tests.gui.conftest import audit_rows, open_from_list
from tests.gui.fakes import ScriptedPrompter

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"  # stored complete
NAME = "Dr A. Placeholder"


class RealSignDialog(ScriptedPrompter):
    """Scripted questions, but the real Lock dialog."""

    def ask_signer(self, title, question, suggested, account, check=None):
        return QtPrompter().ask_signer(title, question, suggested, account, check)


def lock_from_menu(qtbot, window) -> None:
    """Case › Lock…, as chosen from the menu bar."""
    case_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Case")
    assert isinstance(case_menu, QMenu)
    item = next(a for a in case_menu.actions() if a.text() == "&Lock…")
    qtbot.waitUntil(lambda: window.session.base is not None
                    and window.session.base.status == "complete" and item.isEnabled())
    item.trigger()


def when_shown(qtbot, act) -> list:
    """Run ``act(dialog)`` once the Lock dialog is up; what it returns is appended."""
    seen: list = []

    def user():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignDialog):
            QTimer.singleShot(10, user)
            return
        seen.append(act(dialog))

    QTimer.singleShot(0, user)
    return seen


def history_texts(casebook, case_id: str) -> list[str]:
    """The history window's Old → new column, top-level rows."""
    model = AuditTableModel()
    model.set_rows(casebook.audit.history(case_id))
    return [model.data(model.index(i, COL_CHANGE)) for i in range(model.rowCount())]


def ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_lock_asks_who_signs_and_keeps_the_name(qtbot, casebook, stored_references,
                                                make_window):
    prompter = RealSignDialog()
    window = make_window(prompter=prompter)
    open_from_list(qtbot, window, C1)
    before = len(audit_rows(casebook, C1))

    def sign(dialog):
        shown = (dialog.field.text(), dialog.account.text())
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)  # no name: refused
        refused = (dialog.isVisible(), dialog.problem.isVisible(), dialog.problem.text(),
                   casebook.cases.open_case(C1).status, len(audit_rows(casebook, C1)))
        qtbot.keyClicks(dialog.field, NAME)
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        return shown, refused

    seen = when_shown(qtbot, sign)
    lock_from_menu(qtbot, window)
    qtbot.waitUntil(lambda: bool(seen))
    [((prefilled, account), (visible, shown, problem, status, entries))] = seen
    assert prefilled == "" and account == "Account: dr.test"
    assert visible and shown and problem.startswith("Signed by: give your full name")
    assert (status, entries) == ("complete", before)  # nothing locked, nothing recorded
    stored = casebook.cases.open_case(C1)
    assert (stored.status, stored.locked_by) == ("locked", NAME)
    sign_rows = [r for r in audit_rows(casebook, C1) if r["action"] == "sign"]
    assert [(r["user"], r["path"], r["new"]) for r in sign_rows] == [("dr.test", "locked_by",
                                                                      NAME)]
    assert window.statusBar().currentMessage().startswith(f"Locked: {C1}, signed by {NAME}")
    assert f"signed by {NAME}" in window.case_banner.message.text()
    assert load_settings(casebook.paths.settings_file).signer_name == NAME
    assert casebook.audit.verify().ok
    assert f"Locked — signed by {NAME} (account dr.test)" in history_texts(casebook, C1)

    # the next lock suggests the name; an emptied name is refused; Cancel locks nothing
    assert casebook.cases.open_case(C2).status == "complete"
    window.close()  # the app started again: the name comes from the settings file
    casebook.settings = load_settings(casebook.paths.settings_file)
    window = make_window(prompter=prompter)
    open_from_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.base is not None
                    and window.session.base.case_id == C2)

    def cancel(dialog):
        prefilled = dialog.field.text()
        dialog.field.selectAll()
        qtbot.keyClick(dialog.field, Qt.Key.Key_Delete)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        refused = dialog.isVisible() and dialog.problem.isVisible()
        qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
        return prefilled, refused

    seen = when_shown(qtbot, cancel)
    lock_from_menu(qtbot, window)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(NAME, True)]
    assert casebook.cases.open_case(C2).status == "complete"
    assert not [r for r in audit_rows(casebook, C2) if r["action"] in ("lock", "sign")]
