"""A reason naming the patient is refused in the reason dialog, as purge refuses it: the
reason is kept in clear in the audit trail. The dialog says why and stays open with the text
typed, so the user fixes it; nothing is stored until a reason without identifiers is given."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from core.services.cases import CaseService
from gui.dialogs.prompter import QtPrompter
from gui.dialogs.status_dialogs import ReasonDialog
from tests.core.test_reason_rules import stored
from tests.gui.conftest import audit_rows
from tests.gui.fakes import ScriptedPrompter
from tests.gui.test_trash_locked import select, trashed_ids

C1 = "SEED-C1-CAO2023"
NAME = "Jane Placeholder"


class RealReasonDialog(ScriptedPrompter):
    """Scripted questions, but the real reason dialog."""

    def ask_reason(self, title, prompt, check=None):
        return QtPrompter().ask_reason(title, prompt, check)


def test_trashing_a_locked_case_with_the_patient_s_name_as_reason(
        qtbot, casebook, stored_references, make_window):
    lenient = CaseService(casebook.ctx, blocking=lambda case: [])  # identifiers: rule V57
    case = lenient.open_case(C1)
    case.patient.name = NAME
    lenient.set_status(C1, "locked", lenient.save_case(case).version)
    window = make_window(prompter=RealReasonDialog())
    window.case_model.reload()
    before = stored(casebook)
    seen = []

    def user():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReasonDialog):  # not shown yet
            QTimer.singleShot(10, user)
            return
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.keyClicks(dialog.field, "Entered twice for jane placeholder")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen.append((dialog.isVisible(), dialog.problem.isVisible(), dialog.problem.text(),
                     dialog.field.text(), stored(casebook) == before))
        dialog.field.selectAll()
        qtbot.keyClicks(dialog.field, "Entered twice")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, user)
    qtbot.keyClick(select(window, C1), Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: C1 in trashed_ids(casebook))
    [(visible, shown, problem, typed, unchanged)] = seen
    assert visible and shown and unchanged
    assert problem == ("The reason contains one of the patient's identifiers; give a reason "
                       "without them.")
    assert typed == "Entered twice for jane placeholder"
    assert audit_rows(casebook, C1)[-1]["reason"] == "Entered twice"
