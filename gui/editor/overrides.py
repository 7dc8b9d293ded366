"""Confirming an overridable rule finding with a reason (stored in the case's ``overrides``;
the finding then no longer blocks completion). One undo step. The reason meets the rules of
every other reason (``reason_rules``: one line, at most 500 characters, none of the patient's
identifiers, as the case is being edited): it is kept in clear, so one that breaks them is
refused where it is typed, with the reason dialogs' message, and nothing is stored."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.services.reason_rules import identifier_values, identifiers_reason_problem
from gui.editor.context import EditContext
from gui.editor.feedback import Finding


class OverrideBox(QWidget):
    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.finding: Finding | None = None
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName("Override reason")
        self.reason.setPlaceholderText("reason this does not apply")
        label = QLabel("Override &reason", self)
        label.setBuddy(self.reason)
        self.confirm = QPushButton("Confirm", self)
        self.confirm.setAccessibleName("Confirm")
        self.confirm.setToolTip("Confirm the selected overridable finding with this reason")
        self.confirm.clicked.connect(self.apply)
        self.reason.returnPressed.connect(self.apply)
        self.reason.textChanged.connect(lambda _t: self._update())
        self.problem = QLabel(self)  # what is wrong with the reason typed, under the box
        self.problem.setAccessibleName("Override reason problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        row = QHBoxLayout()
        for widget in (label, self.reason, self.confirm):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.show_finding(None)

    def show_finding(self, finding: Finding | None) -> None:
        self.finding = finding if finding is not None and finding.overridable else None
        self.setVisible(self.finding is not None)
        self._update()

    def _update(self) -> None:
        reason = self.reason.text().strip()
        problem = self.reason_problem(reason) if self.finding is not None and reason else None
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        self.confirm.setEnabled(self.finding is not None and bool(reason) and not problem)

    def reason_problem(self, reason: str) -> str | None:
        """What is wrong with ``reason``: the patient's identifiers are read from the case as
        edited (a name typed and not saved yet counts too)."""
        return identifiers_reason_problem(reason, identifier_values([self.ctx.doc.doc]))

    def apply(self) -> None:
        finding, reason = self.finding, self.reason.text().strip()
        if finding is None or not reason:
            return
        problem = self.reason_problem(reason)
        if problem:  # Return pressed with the button disabled: the message is shown already
            self._update()
            return
        entry = {"rule_id": finding.rule_id, "path": finding.path, "reason": reason}
        if finding.match:
            entry["match"] = finding.match
        count = len(self.ctx.doc.get("overrides") or [])
        self.ctx.insert_rows("overrides", count, [entry], f"Override {finding.rule_id}")
        self.reason.clear()
