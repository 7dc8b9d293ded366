"""Amend… a locked case, OK with no reason: the message under the field took its room from the
question above it, which was cut to its first two lines (who locked it and when showed; "records
an amendment in the audit trail" and "Reason for the change:" did not). Found by a stranger run
at 1024x768. The dialog grows to hold both."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from gui.dialogs.status_dialogs import ReasonDialog

PROMPT = ("“Imatinib for chronic myeloid leukemia in chronic phase: a case report (week 1)” was "
          "locked by Dr Jane Fellow on 2026-12-06 16:55. Changing it records an amendment in "
          "the audit trail and in the PDF.\nReason for the change:")


def cut_short(label: QLabel) -> bool:
    return label.height() < label.heightForWidth(label.width())


def test_the_refusal_message_leaves_the_question_whole(qtbot):
    dialog = ReasonDialog("Amend a locked case", PROMPT)
    qtbot.addWidget(dialog)
    question = next(w for w in dialog.findChildren(QLabel) if w.text() == PROMPT)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    seen = []

    def user():
        seen.append(cut_short(question))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no reason: refused, with a message
        QApplication.processEvents()
        seen.append((dialog.problem.isVisible(), cut_short(question),
                     cut_short(dialog.problem)))
        qtbot.keyClicks(dialog.field, "typo in title")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, user)
    assert dialog.ask() == "typo in title"
    assert seen[0] is False
    assert seen[1] == (True, False, False)
