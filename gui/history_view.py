"""A case's history from the audit trail: who, when, action, field, old -> new, why.

``CaseHistory`` answers Case > History… (the open case) and the editor's "Field history…"
(one field). The dialog reads the case's entries once through ``AuditService.history`` and
filters them in memory by field (words of the field's name as the Field column shows it, or
a path prefix) and user, so typing in the filter never queries the database. A field's history
shows that field's name in the box, never its path; edited, the box filters by its words.
Times show to the second; a creation is one row that expands to its fields
(``gui.history_model``); Export… writes the case's entries with the columns of ``casebook
audit export`` (the same service call), off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from core.model import Case
from core.services.audit import AuditRow, AuditService
from core.services.audit_words import action_words
from gui.background import BackgroundRunner
from gui.case_session import CaseSession
from gui.dialogs.prompter import Prompter
from gui.formatting import local_time
from gui.header_text import elide_titles
from gui.history_model import (
    COL_ACTION,
    COL_CHANGE,
    COL_FIELD,
    COL_WHEN,
    COLUMNS,
    AuditTableModel,
    entry_details,
    field_label,
    matches,
)
from gui.no_wheel import no_wheel
from gui.save_target import choose_save_target
from gui.screen_fit import resize_to_fit

__all__ = ["COL_CHANGE", "COL_FIELD", "AuditTableModel", "CaseHistory", "HistoryDialog",
           "field_label"]
ALL_USERS = "All users"
CSV_FILTER = "CSV files (*.csv)"
FIELD_MOST = 540  # the Field column follows its names up to this; longer ones are cut inside
# (540: the names start with their section's name, "Bone marrow › Bone-marrow assessments › ...")
CELL_ROOM = 16  # a cell's text margins
FIELD_EXAMPLES = "Weight, Anchor year or Labs › row 1"  # each one filters (tested)
FIELD_HINT = f"Field name, e.g. {FIELD_EXAMPLES}"


class MiddleElide(QStyledItemDelegate):
    """A field name too long for its column is cut in the middle ("Bone-marrow assessments ›
    row 1 › … › Blast percentage"): its start and the field's own name stay; the tooltip has
    it whole."""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class HistoryDialog(QDialog):
    """One case's audit entries with a field filter and a user filter."""

    def __init__(self, audit: AuditService, case: Case, field_path: str = "",
                 parent: QWidget | None = None, prompter: Prompter | None = None):
        super().__init__(parent)
        self.audit = audit
        self.prompter = prompter
        self.runner = BackgroundRunner(self)
        self.case_id = case.case_id
        self.setWindowTitle(f"History — {case.title or case.case_id}")
        self._entries: list[AuditRow] = []
        self.model = AuditTableModel(self)
        # one field's history (the editor's Field history…): its path, while the box shows
        # that field's name
        self.field_path = field_path
        self.field_box = self._make_field_box()
        self.field_box.setText(field_label(field_path) if field_path else "")
        self.user_box = QComboBox()
        self.user_box.setAccessibleName("User")
        no_wheel(self.user_box)  # scrolling past never changes the filter
        self.count_label = QLabel()
        self.export_button = QPushButton("&Export…")
        self.export_button.setAccessibleName("Export to CSV")
        self.export_button.setToolTip("Write this case's audit entries to a CSV file (the "
                                      "columns of `casebook audit export`)")
        self.export_button.clicked.connect(self.export_csv)
        self.export_button.setEnabled(prompter is not None)
        self.export_label = QLabel()
        self.table = self._make_table()
        self.details = self._make_details()
        self._lay_out()
        self.field_box.textChanged.connect(self.apply_filters)
        self.user_box.currentIndexChanged.connect(self.apply_filters)
        self.reload()

    def _make_field_box(self) -> QLineEdit:
        box = QLineEdit()
        box.setPlaceholderText(FIELD_HINT)
        box.setToolTip("Words of the field's name as the Field column shows it: "
                       f"{FIELD_EXAMPLES}")
        box.setClearButtonEnabled(True)
        box.setAccessibleName("Field")
        return box

    def _make_table(self) -> QTreeView:
        """A tree: a creation is one row ("created, 42 fields") that expands to its fields."""
        table = QTreeView()
        table.setModel(self.model)
        table.setAccessibleName("History entries")
        elide_titles(table)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setUniformRowHeights(True)
        table.setRootIsDecorated(True)
        header = table.header()
        header.setHighlightSections(False)
        for column, (_label, width) in enumerate(COLUMNS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_CHANGE, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # a creation's field rows are indented twice (the branch, then the level): their time
        # was cut at 170 px
        when = table.fontMetrics().horizontalAdvance(local_time("2026-12-31T23:59:59+00:00",
                                                                seconds=True))
        header.resizeSection(COL_WHEN, when + 2 * table.indentation() + CELL_ROOM)
        self._field_delegate = MiddleElide(table)
        table.setItemDelegateForColumn(COL_FIELD, self._field_delegate)
        return table

    def _fit_field_column(self) -> None:
        """The Field column as wide as the longest field name shown, up to FIELD_MOST: at
        260 px the names of a table's rows were cut ('Bone-marrow assessments › row 1 › Bas…')."""
        metrics = self.table.fontMetrics()
        widest = max((metrics.horizontalAdvance(field_label(row.path))
                      for row in self.model.all_rows()), default=0)
        width = min(max(widest + CELL_ROOM, COLUMNS[COL_FIELD][1]), FIELD_MOST)
        self.table.header().resizeSection(COL_FIELD, width)
        # the Action column as wide as its words ("Restored from trash" was cut at 90 px)
        action = max((metrics.horizontalAdvance(action_words(row.action))
                      for row in self.model.all_rows()), default=0)
        self.table.header().resizeSection(
            COL_ACTION, max(action + CELL_ROOM, COLUMNS[COL_ACTION][1]))

    def _make_details(self) -> QPlainTextEdit:
        details = QPlainTextEdit()
        details.setReadOnly(True)
        details.setAccessibleName("Entry in full")
        details.setPlaceholderText("Select an entry to read its values in full.")
        details.setMaximumHeight(details.fontMetrics().lineSpacing() * 6 + 12)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        return details

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.details.setPlainText(entry_details(self.model.entry(current))
                                  if current.isValid() else "")

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
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.export_label)
        layout.addWidget(buttons)
        resize_to_fit(self, 1180, 560)

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
        user = self.user_box.currentData()  # None: all users
        return user if isinstance(user, str) else None

    def set_field_filter(self, path: str) -> None:
        """One field's history (``path``; "" for all): the box shows the field's name."""
        self.field_path = path
        text = field_label(path) if path else ""
        if self.field_box.text() == text:
            self.apply_filters()
        else:
            self.field_box.setText(text)  # filtered as it changes

    def apply_filters(self) -> None:
        user, text = self.chosen_user(), self.field_box.text()
        if self.field_path and text != field_label(self.field_path):
            self.field_path = ""  # the box was edited: its words filter now
        path = self.field_path or None
        shown = [row for row in self._entries if matches(row, text, user, path)]
        self.model.set_rows(shown, self._entries)
        self._fit_field_column()
        self.count_label.setText(f"{len(shown)} of {len(self._entries)} entries")
        self.details.clear()
        if shown:  # the newest entry is the last
            self.table.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 0))

    def shown_rows(self) -> list[AuditRow]:
        """Every row shown, a creation's field rows included."""
        return self.model.all_rows()

    # -- export (the columns of `casebook audit export`, written in the background) ---------
    def export_csv(self) -> None:
        if self.prompter is None:
            return
        path = choose_save_target(self.prompter, "Export the history to CSV",
                                  f"{self.case_id}-audit.csv", self.audit.ctx.paths.root,
                                  CSV_FILTER)
        if path is None:
            return
        audit, case_id = self.audit, self.case_id
        self.export_button.setEnabled(False)
        self.export_label.setText(f"Exporting to {path}…")

        def work(_progress: object) -> int:  # the save dialog asked about replacing the file
            return audit.export_csv(path, case_id, force=True)

        self.runner.start(work, on_done=lambda n: self._on_exported(n, path),
                          on_failed=self._on_export_failed)

    def _on_exported(self, count: int, path: Path) -> None:
        if not isValid(self):
            return  # the window closed while the file was written
        self.export_button.setEnabled(True)
        self.export_label.setText(f"Exported {count} entr{'y' if count == 1 else 'ies'} to "
                                  f"{path}.")

    def _on_export_failed(self, message: str) -> None:
        if not isValid(self):
            return
        self.export_button.setEnabled(True)
        self.export_label.setText("")
        if self.prompter is not None:
            self.prompter.error(message)


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
            self.dialog = HistoryDialog(self.audit, base, path, self.parent_widget,
                                        self.prompter)
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
