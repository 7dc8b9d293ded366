"""Case › Compare selected cases: 2 to 6 cases side by side in a window of its own (not
modal: the list and the open case stay usable). The rows are core.services.compare's, the
ones ``casebook compare`` prints; this module only shows them.

The cases are read in the background: six full cases (the reference cases) take about
50 ms to read, two 10-35 ms, on a busy development machine; the progress dialog shows only
if it takes longer than its delay."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.compare_limits import MAX_CASES, MIN_CASES
from gui.background import Progress
from gui.header_text import elide_titles
from gui.progress import run_with_progress
from gui.status_message import show_fitted

if TYPE_CHECKING:
    from core.services.compare import Comparison
    from gui.main_window import MainWindow

TITLE_ROW = "Title"  # the first row: each case's title whole, wrapped (its header: the id)
DIFFERS_MARK = "≠ "  # before the label of a row whose values differ (bold too)


def can_compare(count: int) -> bool:
    return MIN_CASES <= count <= MAX_CASES


class CompareDialog(QDialog):
    """The comparison table, with Copy (tab-separated, for a spreadsheet) and Close."""

    def __init__(self, comparison: Comparison, parent: QWidget | None = None):
        super().__init__(parent)
        self.comparison = comparison
        self.setWindowTitle(f"Compare {len(comparison.case_ids)} cases")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self.table = self._make_table(comparison)
        note = QLabel("Rows marked ≠ (bold) differ between the cases. Values as saved; "
                      "ages of 90 and over as ≥90.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setToolTip("Copy the table as tab-separated text (pastes into a "
                                    "spreadsheet)")
        self.copy_button.setAccessibleName("Copy")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(960, 640)

    def _make_table(self, comparison: Comparison) -> QTableWidget:
        table = QTableWidget(len(comparison.rows) + 1, len(comparison.case_ids), self)
        table.setAccessibleName("Compared cases")
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        elide_titles(table)
        # the case id heads its column and the title, whole, is the first row: a title in the
        # header was cut to the column's width (about 45 of its 150 characters at 1024x768)
        titles_differ = len(set(comparison.titles)) > 1  # marked as any row that differs
        title_label = QTableWidgetItem((DIFFERS_MARK if titles_differ else "") + TITLE_ROW)
        _mark(title_label, titles_differ)
        table.setVerticalHeaderItem(0, title_label)
        for column, (case_id, title) in enumerate(zip(comparison.case_ids, comparison.titles,
                                                      strict=True)):
            header = QTableWidgetItem(case_id)
            header.setToolTip(f"{case_id}: {title}" if title else case_id)
            table.setHorizontalHeaderItem(column, header)
            cell = QTableWidgetItem(title)
            cell.setToolTip(title)
            cell.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            _mark(cell, titles_differ)
            table.setItem(0, column, cell)
        for row, item in enumerate(comparison.rows, start=1):
            label = QTableWidgetItem((DIFFERS_MARK if item.differs else "") + item.label)
            label.setToolTip("The cases differ" if item.differs else "The same in every case")
            label.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            cells = [label] + [QTableWidgetItem(v) for v in item.values]
            for cell in cells:
                _mark(cell, item.differs)
            table.setVerticalHeaderItem(row, label)
            for column, cell in enumerate(cells[1:]):
                cell.setToolTip(cell.text())
                cell.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                table.setItem(row, column, cell)
        head = table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # rows as high as their text at the columns' width, kept so as the window is resized
        # (once the columns have all been stretched: one event-loop turn later)
        fit = QTimer(table, singleShot=True, interval=0)
        fit.timeout.connect(table.resizeRowsToContents)
        head.sectionResized.connect(lambda *_: fit.start())
        return table

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.comparison.tsv())


def compare_selected(window: MainWindow) -> None:
    """Open the comparison of the 2 to 6 cases selected in the list. They are read and
    compared in the background (six full cases take about 50 ms); a case that cannot be read
    is named in a message and nothing opens."""
    ids = window.case_list.selected_ids()
    if not can_compare(len(ids)):
        show_fitted(window.statusBar(), f"Select {MIN_CASES} to {MAX_CASES} cases in the list "
                    f"to compare them ({len(ids)} selected).")
        return
    cases = window.casebook.cases

    def work(_progress: Progress) -> Comparison:
        from core.services.compare import compare  # loaded at first use, not at start

        return compare([cases.open_case(case_id) for case_id in ids],
                       {case_id for case_id in ids if cases.is_trashed(case_id)})

    def done(comparison: Comparison) -> None:
        dialog = CompareDialog(comparison, window)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def failed(message: str) -> None:
        window.prompter.error(f"The cases could not be compared: {message}")

    run_with_progress(window.runner, window, "Reading the cases to compare…", work, done,
                      failed)


def _mark(cell: QTableWidgetItem, differs: bool) -> None:
    """Bold when the cases differ there."""
    font = cell.font()
    font.setBold(differs)
    cell.setFont(font)
