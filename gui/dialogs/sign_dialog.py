"""Lock (sign) a case: the question, and the signer's full name, suggested from the last lock
on this workstation, with the OS account it is recorded under beside it. OK with an empty
name, or one ``check`` finds a problem in, says so under the field and stays open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.reasons import fold_reason
from core.services.signing import MAX_SIGNER, SIGNER_FIELD, signer_problem


class SignDialog(QDialog):
    def __init__(self, title: str, question: str, suggested: str, account: str,
                 parent: QWidget | None = None,
                 check: Callable[[str], str | None] | None = None):
        super().__init__(parent)
        self._check = check
        self.setWindowTitle(title)
        label = QLabel(question)
        label.setWordWrap(True)
        self.field = QLineEdit(suggested)
        self.field.setObjectName("SignedBy")
        self.field.setAccessibleName(SIGNER_FIELD)
        self.field.setPlaceholderText("your full name, e.g. Dr A. Placeholder")
        self.field.setMaxLength(MAX_SIGNER + 50)  # a longer paste is refused with a message
        self.field.setToolTip(f"One line, at most {MAX_SIGNER} characters")
        self.field.textChanged.connect(self._fold)
        self.field.selectAll()
        self.account = QLabel(f"Account: {account}")
        self.account.setObjectName("SignAccount")
        self.problem = QLabel()
        self.problem.setObjectName("FieldProblem")
        self.problem.setStyleSheet("color: #b71c1c;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.field.textEdited.connect(lambda _text: self.problem.hide())
        form = QFormLayout()
        form.addRow(f"&{SIGNER_FIELD}:", self.field)
        form.addRow("", self.account)
        form.addRow("", self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Lock")
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)  # a message under the field grows it downwards only
        self.resize(520, self.sizeHint().height())

    def _fold(self, text: str) -> None:
        """A pasted line break or tab becomes a space: a name is one line."""
        folded = fold_reason(text)
        if folded != text:
            at = self.field.cursorPosition()
            self.field.setText(folded)
            self.field.setCursorPosition(min(at, len(folded)))

    def _on_ok(self) -> None:
        text = self.field.text().strip()
        problem = signer_problem(text) or (self._check(text) if self._check else None)
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.adjustSize()
            self.field.setFocus()
            return
        self.accept()

    def ask(self) -> str | None:
        return self.field.text().strip() if self.exec() == QDialog.DialogCode.Accepted else None
