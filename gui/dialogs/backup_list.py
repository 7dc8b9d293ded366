"""File > Restore from backup…: the backups in the data folder, newest first, with their date,
kind, case count and whether they verified when written; or another backup file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.services.backup import BackupInfo
from gui.formatting import local_time
from gui.screen_fit import resize_to_fit

BACKUP_FILTER = "Casebook backup (*.zip manifest.json);;All files (*)"
HEADERS = ("Made", "Kind", "Cases", "Verified", "Where")
COLUMN_WIDTHS = (150, 140, 70, 120)  # the last column takes the rest


def verified_text(backup: BackupInfo) -> str:
    text = "✓ good" if backup.good else "✗ not verified"
    return text + (" (old, unsigned)" if backup.legacy else "")


class BackupListDialog(QDialog):
    """``ask()`` returns the chosen backup, a backup file chosen with "Other file…", or None."""

    def __init__(self, backups: Sequence[BackupInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = list(backups)
        self._other: Path | None = None
        self.tree = self._make_tree()
        self.buttons = self._make_buttons()
        intro = QLabel("Choose the backup to put back. The current database is kept as a "
                       "backup first, so a restore can itself be undone.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        resize_to_fit(self, 760, 380)
        self._on_selection()

    def _make_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setAccessibleName("Backups")
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(HEADERS)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for backup in self.backups:
            tree.addTopLevelItem(_backup_item(backup))
        header = tree.header()
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        first = tree.topLevelItem(self._first_good()) if self.backups else None
        if first is not None:
            tree.setCurrentItem(first)
        tree.itemSelectionChanged.connect(self._on_selection)
        tree.itemDoubleClicked.connect(lambda *_: self.accept())
        return tree

    def _first_good(self) -> int:
        return next((i for i, b in enumerate(self.backups) if b.good), 0)

    def _make_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        other = QPushButton("&Other backup file…")
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        other.clicked.connect(self._on_other_file)
        return buttons

    def _on_selection(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def _on_other_file(self) -> None:
        from gui.dialogs.prompter import remember_folder, start_in  # it imports this module

        name, _ = QFileDialog.getOpenFileName(self, "Open a Casebook backup", start_in(),
                                              BACKUP_FILTER)
        if name:
            remember_folder(Path(name))
            self._other = Path(name)
            self.accept()

    def chosen(self) -> BackupInfo | None:
        item = self.tree.currentItem()
        return self.backups[self.tree.indexOfTopLevelItem(item)] if item else None

    def ask(self) -> BackupInfo | Path | None:
        if self.exec() != QDialog.DialogCode.Accepted:
            return None
        return self._other or self.chosen()


def _backup_item(backup: BackupInfo) -> QTreeWidgetItem:
    item = QTreeWidgetItem([local_time(backup.created_at), backup.kind_text, f"{backup.cases:,}",
                            verified_text(backup), backup.path.name])
    item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setToolTip(3, backup.audit_message)
    item.setToolTip(4, str(backup.path))
    return item
