"""CARE completeness: each section with the required items still open (activate to jump),
and the clinical engine's CARE checklist."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from gui.editor.binding import join_path
from gui.editor.context import EditContext
from gui.editor.row_numbers import RowNumbers
from gui.editor.section_list import MARKS, section_state
from gui.editor.sections import SECTIONS, Section

PATH_ROLE = Qt.ItemDataRole.UserRole
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1
KIT_ROLE = Qt.ItemDataRole.UserRole + 2
GIVEN_WIDTH = 96  # "not reported"
CARE_MARKS = {"complete": "✓", "partial": "◐", "missing": "○", "not_reported": "–"}


def open_required(section: Section, doc: dict[str, Any],
                  numbers: RowNumbers | None = None) -> list[tuple[str, str]]:
    """(field path, label) of required items with neither a value nor a reason; a table's row
    by its number in the table (``numbers``: as shown, sorted by date)."""
    out = []
    for part in section.parts:
        rows = part.kind == "table"
        for i, (prefix, record) in enumerate(part.records(doc)):
            for spec in part.fields:
                if spec.req == "R" and spec.is_simple and record.get(spec.name) in (None, [], "") \
                        and f"{spec.name}_nf" not in record:
                    shown = numbers.number(part.model, part.path, i) if numbers else i + 1
                    row = f" (row {shown})" if rows else ""
                    out.append((join_path(prefix, spec.name), f"{spec.label}{row}"))
    return out


class CompletenessPanel(QWidget):
    path_activated = Signal(str)
    section_activated = Signal(str)

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Completeness")
        self.tree.setHeaderLabels(["Item", "Given"])
        header = self.tree.header()  # the item takes the width; "Given" stays readable
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, GIVEN_WIDTH)
        self.tree.itemActivated.connect(self._on_activated)
        self.setFocusProxy(self.tree)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)
        ctx.feedback_changed.connect(self.refresh)  # filled by the editor's first evaluation
        ctx.unstored_changed.connect(self.refresh)

    def refresh(self) -> None:
        tops = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        expanded = {item.text(0) for item in tops if item is not None and item.isExpanded()}
        self.tree.clear()
        self._add_care_items()
        self._add_kit_items(expanded)
        doc, numbers = self.ctx.doc.doc, RowNumbers(self.ctx)
        for section in SECTIONS:
            done, total, state, unstored = section_state(section, self.ctx)
            item = QTreeWidgetItem([f"{MARKS[state]} {section.name}", f"{done}/{total}"])
            item.setData(0, SECTION_ROLE, section.name)
            for path, text in [*((p, f"not stored: {t}") for p, t in unstored),
                               *((p, f"missing: {label}") for p, label
                                 in open_required(section, doc, numbers))]:
                child = QTreeWidgetItem([text, ""])
                child.setData(0, PATH_ROLE, path)
                child.setToolTip(0, path)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(item.text(0) in expanded)

    def _add_care_items(self) -> None:
        care = self.ctx.feedback.care
        if not care:
            return
        top = QTreeWidgetItem(["CARE checklist", ""])
        for entry in care:
            child = QTreeWidgetItem([f"{CARE_MARKS.get(entry.status, '·')} {entry.item}",
                                     entry.status.replace("_", " ")])
            child.setToolTip(0, entry.detail)
            child.setData(0, PATH_ROLE, entry.path)
            top.addChild(child)
        self.tree.addTopLevelItem(top)
        top.setExpanded(True)

    def _add_kit_items(self, expanded: set[str]) -> None:
        """'Submission kit': what the manuscript still lacks (an uncited reference, an author
        without affiliation, a figure without legend...), each leading to its field."""
        kit = self.ctx.feedback.kit
        if self.ctx.feedback.engine == "none":
            return
        title = f"Submission kit: {len(kit)} to do" if kit else "Submission kit: ready"
        top = QTreeWidgetItem([title, ""])
        top.setData(0, KIT_ROLE, True)
        for entry in kit:
            child = QTreeWidgetItem([f"{CARE_MARKS['missing']} {entry.item}", "to do"])
            child.setToolTip(0, entry.item)
            child.setData(0, PATH_ROLE, entry.path)
            top.addChild(child)
        self.tree.addTopLevelItem(top)
        was_open = any(name.startswith("Submission kit") for name in expanded)
        top.setExpanded(was_open)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        path = item.data(0, PATH_ROLE)
        section = item.data(0, SECTION_ROLE)
        if path:
            self.path_activated.emit(path)
        elif section:
            self.section_activated.emit(section)
