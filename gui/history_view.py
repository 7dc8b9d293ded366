"""A case's history from the audit trail: who, when, action, field, old -> new, why.

``CaseHistory`` answers Case > History… (the open case) and the editor's "Field history…"
(one field). The dialog reads the case's entries once through ``AuditService.history`` and
filters them in memory by field (a path prefix, or words of the field's name) and user, so
typing in the filter never queries the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.model import Case
from core.services.audit import AuditRow, AuditService, under_prefix
from gui.case_session import CaseSession
from gui.dialogs.prompter import Prompter
from gui.formatting import local_time

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (("When", 130), ("User", 110), ("Action", 90), ("Field", 260),
           ("Old → new", 330), ("Reason", 200))
COL_WHEN, COL_USER, COL_ACTION, COL_FIELD, COL_CHANGE = range(len(COLUMNS) - 1)  # then Reason
ALL_USERS = "All users"
EMPTY_VALUE = "—"
CELL_CHARS = 120  # longer values are cut in the cell; the tooltip has them whole


@lru_cache(maxsize=4096)
def field_label(path: str | None) -> str:
    """The field in words ("Case report › Title"); the path itself if it cannot be named."""
    if not path:
        return "whole case"
    from gui.editor.path_label import path_label

    try:
        return path_label(path)
    except (KeyError, ValueError):
        return path


def change_text(row: AuditRow) -> str:
    old = EMPTY_VALUE if row.old is None else row.old
    new = EMPTY_VALUE if row.new is None else row.new
    return f"{old} → {new}"


def entry_details(row: AuditRow) -> str:
    """One entry in full, for the pane below the table."""
    lines = [f"{local_time(row.ts)} · {row.user} · {row.action} · {field_label(row.path)}"
             + (f" ({row.path})" if row.path else ""),
             f"Old: {EMPTY_VALUE if row.old is None else row.old}",
             f"New: {EMPTY_VALUE if row.new is None else row.new}"]
    if row.reason:
        lines.append(f"Reason: {row.reason}")
    return "\n".join(lines)


def matches(row: AuditRow, field_text: str, user: str | None) -> bool:
    """Does ``row`` pass the filters? ``field_text``: a path prefix (``labs[0]``) or words of
    the field's name (``title``), case-insensitive; ``user``: one user, or None for all."""
    if user is not None and row.user != user:
        return False
    text = field_text.strip()
    if not text:
        return True
    if under_prefix(row.path, text):
        return True
    return text.casefold() in field_label(row.path).casefold()


class AuditTableModel(QAbstractTableModel):
    """Rows of audit entries; ``set_rows`` replaces them."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[AuditRow] = []

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> AuditRow:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._text(self._rows[index.row()], index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self._rows[index.row()]
            return f"{text}\n({row.path})" if index.column() == COL_FIELD and row.path else text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    @staticmethod
    def _text(row: AuditRow, column: int) -> str:
        if column == COL_WHEN:
            return local_time(row.ts)
        if column == COL_USER:
            return row.user
        if column == COL_ACTION:
            return row.action
        if column == COL_FIELD:
            return field_label(row.path)
        if column == COL_CHANGE:
            return change_text(row)
        return row.reason or ""


class HistoryDialog(QDialog):
    """One case's audit entries with a field filter and a user filter."""

    def __init__(self, audit: AuditService, case: Case, field_text: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.audit = audit
        self.case_id = case.case_id
        self.setWindowTitle(f"History — {case.title or case.case_id}")
        self._entries: list[AuditRow] = []
        self.model = AuditTableModel(self)
        self.field_box = self._make_field_box(field_text)
        self.user_box = QComboBox()
        self.user_box.setAccessibleName("User")
        self.count_label = QLabel()
        self.table = self._make_table()
        self.details = self._make_details()
        self._lay_out()
        self.field_box.textChanged.connect(self.apply_filters)
        self.user_box.currentIndexChanged.connect(self.apply_filters)
        self.reload()

    def _make_field_box(self, text: str) -> QLineEdit:
        box = QLineEdit(text)
        box.setPlaceholderText("Field path or name, e.g. case_report.title, labs[0] or title")
        box.setClearButtonEnabled(True)
        box.setAccessibleName("Field")
        return box

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("History entries")
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        for column, (_label, width) in enumerate(COLUMNS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_CHANGE, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        return table

    def _make_details(self) -> QPlainTextEdit:
        details = QPlainTextEdit()
        details.setReadOnly(True)
        details.setAccessibleName("Entry in full")
        details.setPlaceholderText("Select an entry to read its values in full.")
        details.setMaximumHeight(details.fontMetrics().lineSpacing() * 6 + 12)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        return details

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        valid = current.isValid() and current.row() < self.model.rowCount()
        self.details.setPlainText(entry_details(self.model.row(current.row())) if valid else "")

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        field_caption = QLabel("&Field:")
        field_caption.setBuddy(self.field_box)
        user_label = QLabel("&User:")
        user_label.setBuddy(self.user_box)
        for widget, stretch in ((field_caption, 0), (self.field_box, 2), (user_label, 0),
                                (self.user_box, 1), (self.count_label, 0)):
            filters.addWidget(widget, stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(1180, 560)

    # -- content ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the case's entries again (after a save) and re-apply the filters."""
        self._entries = self.audit.history(self.case_id)
        self._fill_users(sorted({row.user for row in self._entries}))
        self.apply_filters()

    def _fill_users(self, users: list[str]) -> None:
        chosen = self.chosen_user()
        self.user_box.blockSignals(True)
        self.user_box.clear()
        self.user_box.addItem(ALL_USERS, None)
        for user in users:
            self.user_box.addItem(user, user)
        self.user_box.setCurrentIndex(max(0, self.user_box.findData(chosen)))
        self.user_box.blockSignals(False)

    def chosen_user(self) -> str | None:
        return self.user_box.currentData()

    def set_field_filter(self, text: str) -> None:
        self.field_box.setText(text)

    def apply_filters(self) -> None:
        user, text = self.chosen_user(), self.field_box.text()
        shown = [row for row in self._entries if matches(row, text, user)]
        self.model.set_rows(shown)
        self.count_label.setText(f"{len(shown)} of {len(self._entries)} entries")
        self.details.clear()
        if shown:
            self.table.selectRow(len(shown) - 1)  # the newest entry is the last

    def shown_rows(self) -> list[AuditRow]:
        return [self.model.row(i) for i in range(self.model.rowCount())]


class CaseHistory(QObject):
    """Shows the open case's history; one dialog at a time, refreshed after each save."""

    def __init__(self, audit: AuditService, session: CaseSession, prompter: Prompter,
                 parent: QWidget):
        super().__init__(parent)
        self.audit = audit
        self.session = session
        self.prompter = prompter
        self.parent_widget = parent
        self.dialog: HistoryDialog | None = None
        session.saved.connect(self._on_saved)
        session.opened.connect(lambda _case: self._close())
        session.closed.connect(self._close)

    def show_case(self) -> HistoryDialog | None:
        return self.show_field("")

    def show_field(self, path: str) -> HistoryDialog | None:
        """The open case's history, filtered to ``path`` (all of it when empty)."""
        base = self.session.base
        if base is None:
            return None
        if base.version == 0:
            self.prompter.info("This case has not been saved yet: its history starts with "
                               "the first save.")
            return None
        if self.dialog is None:
            self.dialog = HistoryDialog(self.audit, base, path, self.parent_widget)
            self.dialog.finished.connect(self._forget)
        else:
            self.dialog.set_field_filter(path)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _on_saved(self, case: Case) -> None:
        if self.dialog is not None and self.dialog.case_id == case.case_id:
            self.dialog.reload()

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self._forget()

    def _forget(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
