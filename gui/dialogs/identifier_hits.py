"""Before a de-identified PDF: the identifiers found in the case's texts, to be masked."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.model.labels import path_label
from core.report import Hit
from gui.screen_fit import resize_to_fit

COLUMNS = ("Field", "Text found", "Kind")


def hits_table(hits: Sequence[Hit]) -> QTableWidget:
    table = QTableWidget(len(hits), len(COLUMNS))
    table.setAccessibleName("Identifiers found")
    table.setHorizontalHeaderLabels(COLUMNS)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    for row, hit in enumerate(hits):
        for column, text in enumerate((path_label(hit.path), hit.text,
                                       hit.kind.replace("_", " "))):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setToolTip(hit.path)  # the field's path, as rule V57 names it
            table.setItem(row, column, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.setColumnWidth(0, 240)
    return table


class IdentifierHitsDialog(QDialog):
    """Lists (field, text, kind); "Mask and continue" accepts, Cancel makes no PDF."""

    def __init__(self, hits: Sequence[Hit], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Identifiers in the case's texts")
        intro = QLabel(f"{len(hits)} possible identifier(s) were found in free text. They will "
                       "be replaced by “[… removed]” in the de-identified PDF. Fields that are "
                       "not identifiers can be confirmed in the case's privacy check (rule V57).")
        intro.setWordWrap(True)
        self.table = hits_table(hits)
        buttons = QDialogButtonBox()
        mask = buttons.addButton("&Mask and continue", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        mask.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        resize_to_fit(self, 680, 380)

    def ask(self) -> bool:
        return self.exec() == QDialog.DialogCode.Accepted
