"""Lock (sign) a case: the question, and the signer's full name, suggested from the last lock
on this workstation, with the OS account it is recorded under beside it. OK with an empty
name, or one ``check`` finds a problem in, says so under the field and stays open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.services.signing import MAX_SIGNER, SIGNER_FIELD, signer_problem
from gui.dialogs.one_line import OneLineDialog


class SignDialog(OneLineDialog):
    def __init__(self, title: str, question: str, suggested: str, account: str,
                 parent: QWidget | None = None,
                 check: Callable[[str], str | None] | None = None):
        super().__init__(title, parent, check, suggested)
        label = QLabel(question)
        label.setWordWrap(True)
        self.field.setObjectName("SignedBy")
        self.field.setAccessibleName(SIGNER_FIELD)
        self.field.setPlaceholderText("your full name, e.g. Dr A. Placeholder")
        self.field.setMaxLength(MAX_SIGNER + 50)  # a longer paste is refused with a message
        self.field.setToolTip(f"One line, at most {MAX_SIGNER} characters")
        self.field.selectAll()
        self.account = QLabel(f"Account: {account}")
        self.account.setObjectName("SignAccount")
        form = QFormLayout()
        form.addRow(f"&{SIGNER_FIELD}:", self.field)
        form.addRow("", self.account)
        form.addRow("", self.problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Lock")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)  # a message under the field grows it downwards only
        self.fit_width(520)

    def problem_of(self, text: str) -> str | None:
        return signer_problem(text) or super().problem_of(text)
