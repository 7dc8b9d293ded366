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

from core.model.editor_sections import section_path
from core.report import Hit
from core.report.options import RARE_COMBINATION, kind_words
from gui.header_text import elide_titles
from gui.screen_fit import resize_to_fit

COLUMNS = ("Field", "Text found", "Kind")


def hit_place(hit: Hit) -> str:
    """Where ``hit`` is, as the editor shows it: its field in words, a table's row numbered as
    the editor's table shows it (by date: "Labs › Laboratory results › row 22 › Note"), not in
    stored order; a hit made without its case (no ``place``) falls back to the path's words."""
    return hit.place or section_path(hit.path)


def hits_table(hits: Sequence[Hit]) -> QTableWidget:
    table = QTableWidget(len(hits), len(COLUMNS))
    table.setAccessibleName("Identifiers found")
    elide_titles(table)
    table.setHorizontalHeaderLabels(COLUMNS)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    for row, hit in enumerate(hits):
        for column, text in enumerate((hit_place(hit), hit.text, kind_words(hit.kind))):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setToolTip(hit.path)  # the field's path, as the rules name it
            table.setItem(row, column, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    # the field named from the section list ("Title & keywords › Case report › Discussion")
    # reads whole, within reason: the text found keeps the rest of the 680 px dialog
    table.setColumnWidth(0, min(max(240, table.sizeHintForColumn(0)), 340))
    return table


def intro_text(hits: Sequence[Hit]) -> str:
    """What was found and what the PDF does with it, by kind: a text found (rule V57, an
    address V58) is replaced; rule V60's subdivision, beside an extreme age, is left out."""
    rare = [h for h in hits if h.kind == RARE_COMBINATION]
    texts = [h for h in hits if h.kind != RARE_COMBINATION]
    out = []
    if texts:
        out.append(f"{len(texts)} possible identifier(s) were found in free text. They will be "
                   "replaced by “[… removed]” in the de-identified PDF.")
        if any(h.kind != "address" for h in texts):
            out.append("Texts that are not identifiers can be confirmed in the case's privacy "
                       "check (rule V57, in Problems).")
        if any(h.kind == "address" for h in texts):
            out.append("What looks like part of an address (rule V58) is not confirmed: only "
                       "the country and the state or province may be recorded, so edit the "
                       "text in the case.")
    for hit in rare:
        out.append(f"The subdivision {hit.text} with an extreme age at Day 0 (90 or over, or "
                   "under one year) is a rare combination (rule V60): the de-identified PDF "
                   "leaves it out. To print it, confirm it in the case's Problems with a "
                   "reason; or clear the subdivision (the country stays).")
    return " ".join(out)


class IdentifierHitsDialog(QDialog):
    """Lists (field, text, kind); "Mask and continue" accepts, Cancel makes no PDF."""

    def __init__(self, hits: Sequence[Hit], parent: QWidget | None = None):
        super().__init__(parent)
        rare = [h for h in hits if h.kind == RARE_COMBINATION]
        self.setWindowTitle("Rare combination in the case" if len(rare) == len(hits) else
                            "Identifiers in the case's texts")
        self.intro = intro = QLabel(intro_text(hits))
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
