"""The problems panel: every rule finding (rule id, severity, path, message) and every typed
value a field could not hold (rule "INPUT", not stored); Enter or a double-click jumps to the
field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.editor.context import EditContext
from gui.editor.feedback import Finding
from gui.editor.overrides import OverrideBox
from gui.editor.path_label import path_label

SEVERITY_ORDER = {"error": 0, "required": 1, "warning": 2, "info": 3}
SEVERITY_COLORS = {"error": QColor("#fde2e1"), "required": QColor("#eceff4"),
                   "warning": QColor("#fff4d6"), "info": QColor("#e6f0fb")}
ModelIndex = QModelIndex | QPersistentModelIndex


SEVERITY_MARKS = {"error": "✖", "required": "○", "warning": "⚠", "info": "i"}


class ProblemsModel(QAbstractTableModel):
    """Severity, rule, message (with the field in words underneath) and the field path."""

    COLUMNS = ("!", "Rule", "Message", "Field")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.path))
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            where = path_label(finding.path)
            values = (SEVERITY_MARKS.get(finding.severity, finding.severity), finding.rule_id,
                      f"{finding.message}\n{where}", finding.path)
            return values[column]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            values = (finding.severity, finding.rule_id, finding.message, finding.path)
            return values[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(SEVERITY_COLORS.get(finding.severity, QColor("white")))
        if role == Qt.ItemDataRole.UserRole:
            return finding.path
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None


class ProblemsPanel(QWidget):
    path_activated = Signal(str)

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ProblemsModel(self)
        self.summary = QLabel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Problems")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, 28)
        self.view.setColumnWidth(1, 44)
        self.view.setColumnHidden(3, True)  # the path is shown in words under the message
        self.view.activated.connect(self._on_activated)
        self.setFocusProxy(self.view)
        self.override_box = OverrideBox(ctx, self)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        layout.addWidget(self.override_box)
        ctx.feedback_changed.connect(self.refresh)
        ctx.unstored_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        feedback = self.ctx.feedback
        unstored = [Finding("INPUT", "error", path, f"{text} — not stored")
                    for path, text in self.ctx.unstored.items()]
        self.model.set_findings([*unstored, *feedback.findings, *feedback.required])
        self.view.resizeRowsToContents()
        errors = len(unstored) + sum(f.severity == "error" for f in feedback.findings)
        warnings = sum(f.severity == "warning" for f in feedback.findings)
        note = " (clinical engine error)" if feedback.engine == "error" else ""
        confirmed = f", {feedback.overridden} confirmed" if feedback.overridden else ""
        required = (f"; {len(feedback.required)} more to fill before Complete"
                    if feedback.required else "")
        self.summary.setText(f"{errors} errors, {warnings} warnings{confirmed}{required}{note}")
        self.override_box.show_finding(None)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row()
        findings = self.model.findings
        self.override_box.show_finding(findings[row] if 0 <= row < len(findings) else None)

    def _on_activated(self, index: QModelIndex) -> None:
        self.path_activated.emit(self.model.data(index, Qt.ItemDataRole.UserRole))
