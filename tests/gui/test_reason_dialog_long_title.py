"""Amend… a locked case with a long title (reference case 2's, 170 characters) at 1024x768:
the question was cut at both ends, the title's first line and "Reason for the change:" hidden
under the field (a hematologist's stranger run). The dialog was sized to the question as its
label's own preferred width wraps it, then made narrower, so the question needed more lines
than it had room for. It is as tall as the question wrapped at the dialog's width."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from gui.dialogs.status_dialogs import ReasonDialog
from tests.gui.test_reason_dialog_room import cut_short

TITLE = ("Blinatumomab for early hematologic relapse of B-ALL with cerebrospinal fluid and "
         "cerebral parenchymal involvement: a case report (reference case 2, reconstructed)")
PROMPT = (f"“{TITLE}” was locked by Dr Anna Schmidt Consultant on 2026-12-08 01:29. Changing it records "
          "an amendment in the audit trail and in the PDF.\nReason for the change:")


def test_a_long_title_leaves_the_question_whole(qtbot):
    dialog = ReasonDialog("Amend a locked case", PROMPT)
    qtbot.addWidget(dialog)
    question = next(w for w in dialog.findChildren(QLabel) if w.text() == PROMPT)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    seen = []

    def user():
        QApplication.processEvents()
        seen.append((cut_short(question), question.geometry().bottom()
                     < dialog.field.geometry().top()))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no reason: refused, with a message
        QApplication.processEvents()
        seen.append((dialog.problem.isVisible(), cut_short(question),
                     cut_short(dialog.problem)))
        qtbot.keyClicks(dialog.field, "typo in title")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, user)
    assert dialog.ask() == "typo in title"
    assert seen[0] == (False, True)  # whole, above the field
    assert seen[1] == (True, False, False)


def test_lock_with_a_long_title_leaves_the_question_whole(qtbot):
    from gui.dialogs.sign_dialog import SignDialog

    question_text = (f"Lock “{TITLE} — follow-up to day 204, amended after the second "
                     "marrow”? You sign it now, by name; any later change needs a reason and "
                     "is recorded as an amendment.")
    dialog = SignDialog("Lock case", question_text, "Dr Anna Schmidt", "hematology")
    qtbot.addWidget(dialog)
    question = next(w for w in dialog.findChildren(QLabel) if w.text() == question_text)
    dialog.show()
    QApplication.processEvents()
    assert not cut_short(question)
    assert question.geometry().bottom() < dialog.field.geometry().top()
