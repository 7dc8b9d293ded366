"""Confirming an overridable rule finding with a reason (stored in the case's ``overrides``;
the finding then no longer blocks completion). One undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (label, self.reason, self.confirm):
            layout.addWidget(widget)
        self.show_finding(None)

    def show_finding(self, finding: Finding | None) -> None:
        self.finding = finding if finding is not None and finding.overridable else None
        self.setVisible(self.finding is not None)
        self._update()

    def _update(self) -> None:
        self.confirm.setEnabled(self.finding is not None and bool(self.reason.text().strip()))

    def apply(self) -> None:
        finding, reason = self.finding, self.reason.text().strip()
        if finding is None or not reason:
            return
        entry = {"rule_id": finding.rule_id, "path": finding.path, "reason": reason}
        if finding.match:
            entry["match"] = finding.match
        count = len(self.ctx.doc.get("overrides") or [])
        self.ctx.insert_rows("overrides", count, [entry], f"Override {finding.rule_id}")
        self.reason.clear()
