"""The problems panel: every rule finding (rule id, severity, path, message) and every typed
value a field could not hold (tagged "INPUT", not stored; the tag is not shown: the message
names the field and what is wrong, gui.editor.rule_words); Enter or a double-click jumps to the
field. A finding whose "did you mean" proposes one value offers it (gui.editor.quick_fix): the
button under the list, the row's right-click menu or Ctrl+. stores it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.editor.context import EditContext
from gui.editor.feedback import Finding, distinct
from gui.editor.overrides import OverrideBox
from gui.editor.path_label import path_label
from gui.editor.problem_counts import problem_counts
from gui.editor.quick_fix import SHORTCUT, apply_fix, fix_text
from gui.editor.row_numbers import RowNumbers
from gui.editor.rule_words import rule_words, shown_rule, with_rule
from gui.formatting import counted
from gui.header_text import elide_titles

SEVERITY_ORDER = {"error": 0, "required": 1, "warning": 2, "info": 3}
SEVERITY_COLORS = {"error": QColor("#fde2e1"), "required": QColor("#eceff4"),
                   "warning": QColor("#fff4d6"), "info": QColor("#e6f0fb")}
ModelIndex = QModelIndex | QPersistentModelIndex


SEVERITY_MARKS = {"error": "✖", "required": "○", "warning": "⚠", "info": "i"}
MARK_WIDTH, RULE_WIDTH = 28, 44  # px; the rule column is at least as wide as its widest id
# cut to "RE…" in 44 px; "CARE 10b" wraps at its space. REQUIRED itself is no longer shown
# (an editor's tag, gui.editor.rule_words): its width is kept, as the column's look was tested
WIDEST_RULE = "REQUIRED"
MIN_MESSAGE_WIDTH = 140  # px: narrower, the mark and rule go into the message column


class ProblemsModel(QAbstractTableModel):
    """Severity, rule, message (with the field in words underneath) and the field path."""

    COLUMNS = ("!", "Rule", "Message", "Field")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self._where: list[str] = []  # each finding's field in words
        self.narrow = False  # the mark and rule columns are hidden: the message names them

    def set_narrow(self, narrow: bool) -> None:
        self.narrow = narrow
        if self.findings:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.findings) - 1, 2))

    def set_findings(self, findings: list[Finding],
                     label: Callable[[str], str] = path_label) -> None:
        """``label``: a path in words (the panel's numbers rows as the tables show them)."""
        self.beginResetModel()
        self.findings = sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.path))
        self._where = [label(f.path) for f in self.findings]
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
        where = self._where[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = SEVERITY_MARKS.get(finding.severity, finding.severity)
            # narrow: "⚠ V03: Entered BSA …", "✖ Anchor year: 'abc' is not a number …"
            text = with_rule(finding.rule_id, finding.message)
            head = f"{mark} {text}" if self.narrow else finding.message
            values = (mark, shown_rule(finding.rule_id), f"{head}\n{where}", finding.path)
            return values[column]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            values = (finding.severity, rule_words(finding.rule_id), finding.message, where)
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
        # wrapped: unwrapped, its longest text ("0 errors, 0 warnings; 15 more to fill before
        # Complete; 5 more shown once saved", a new case) was the panel's least width, and
        # Ctrl+N widened the panel to about 490 px, the form squeezed behind a scroll bar
        self.summary.setWordWrap(True)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Problems")
        elide_titles(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rule_width = max(RULE_WIDTH,
                              self.view.fontMetrics().horizontalAdvance(WIDEST_RULE) + 12)
        self.view.setColumnWidth(0, MARK_WIDTH)
        self.view.setColumnWidth(1, self.rule_width)
        self.view.setColumnHidden(3, True)  # the path is shown in words under the message
        # The message keeps the room however far the panel is squeezed (a splitter gave it
        # what was left: the message was about one character wide at 1024 px): below
        # MIN_MESSAGE_WIDTH the mark and rule move into it. Its rows are measured again
        # whenever its width changes (a row measured while the panel was hidden, at a sliver
        # of width, stayed 281 px tall once shown).
        self.view.viewport().installEventFilter(self)
        self._fit_rows = QTimer(self, singleShot=True, interval=0)
        self._fit_rows.timeout.connect(self.view.resizeRowsToContents)
        header.sectionResized.connect(self._on_column_resized)
        self.view.activated.connect(self._on_activated)
        self.setFocusProxy(self.view)
        self.override_box = OverrideBox(ctx, self)
        self._build_fix()
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        layout.addWidget(self.fix_button)
        layout.addWidget(self.override_box)
        ctx.feedback_changed.connect(self.refresh)
        ctx.unstored_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        feedback = self.ctx.feedback
        unstored = [Finding("INPUT", "error", path, f"{text} — not stored")
                    for path, text in self.ctx.unstored.items()]
        findings = distinct(feedback.findings)
        self.model.set_findings([*unstored, *findings, *distinct(feedback.required)],
                                RowNumbers(self.ctx).label)
        self.view.resizeRowsToContents()
        counts = problem_counts(self.ctx)  # as the banner above the editor counts them
        note = " (clinical engine error)" if feedback.engine == "error" else ""
        confirmed = f", {feedback.overridden} confirmed" if feedback.overridden else ""
        required = (f"; {counts.required} more to fill before Complete"
                    if counts.required else "")
        hidden = f"; {feedback.hidden} more shown once saved" if feedback.hidden else ""
        self.summary.setText(f"{counted(counts.errors, 'error')}, "
                             f"{counted(counts.warnings, 'warning')}"
                             f"{confirmed}{required}{hidden}{note}")
        self.override_box.show_finding(None)
        self._show_fix(None)

    def _build_fix(self) -> None:
        """'Use "blinatumomab"' for the selected finding that proposes one value: a button
        under the list, the row's right-click menu, Ctrl+. in the list."""
        self.fix_action = QAction("Use the value proposed", self.view)
        self.fix_action.setShortcut(QKeySequence(SHORTCUT))
        self.fix_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.fix_action.triggered.connect(self.apply_fix)
        go = QAction("Go to field", self.view)
        go.triggered.connect(lambda: self._on_activated(self.view.currentIndex()))
        self.view.addAction(self.fix_action)
        self.view.addAction(go)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.fix_button = QPushButton(self)
        self.fix_button.clicked.connect(self.apply_fix)
        self._show_fix(None)

    def _selected(self) -> Finding | None:
        row = self.view.currentIndex().row()
        findings = self.model.findings
        return findings[row] if 0 <= row < len(findings) else None

    def show_fix(self) -> None:
        """The fix of the selected finding shown again (the case turned read-only: hidden;
        editable again after Amend…: back, with the same row selected)."""
        self._show_fix(self._selected())

    def _show_fix(self, finding: Finding | None) -> None:
        fix = finding is not None and finding.proposal is not None and not self.ctx.read_only
        text = fix_text(finding) if fix and finding is not None else "Use the value proposed"
        self.fix_action.setText(text)
        self.fix_action.setVisible(fix)
        self.fix_button.setText(text)
        self.fix_button.setToolTip(f"Store it in the field, as if typed there ({SHORTCUT}); "
                                   "Ctrl+Z takes it back")
        self.fix_button.setVisible(fix)

    def apply_fix(self) -> None:
        """Store the value the selected finding proposes; the list keeps the keyboard."""
        finding = self._selected()
        if finding is not None and apply_fix(self.ctx, finding):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        narrow = self.view.viewport().width() < MARK_WIDTH + self.rule_width + MIN_MESSAGE_WIDTH
        if narrow != self.model.narrow:
            self.model.set_narrow(narrow)
            self.view.setColumnHidden(0, narrow)
            self.view.setColumnHidden(1, narrow)

    def _on_column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 2:  # the message wraps at its new width: rows measured once it settles
            self._fit_rows.start()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row()
        findings = self.model.findings
        self.override_box.show_finding(findings[row] if 0 <= row < len(findings) else None)
        self._show_fix(findings[row] if 0 <= row < len(findings) else None)

    def _on_activated(self, index: QModelIndex) -> None:
        self.path_activated.emit(self.model.data(index, Qt.ItemDataRole.UserRole))
