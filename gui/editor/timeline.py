"""The timeline: every dated event of the case with its day number; activate to jump. An event
from placeholder values is marked † beside its day, as the PDF's timeline marks its first cell,
its tooltip and the note under the list saying what † means."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from core.model.when import parse_when
from core.report.placeholders import PLACEHOLDER_MARK, PLACEHOLDER_NOTE
from gui.editor.context import EditContext
from gui.editor.derived import DAY0_PATH

PATH_ROLE = Qt.ItemDataRole.UserRole


class TimelineView(QWidget):
    path_activated = Signal(str)

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Timeline")
        self.tree.setHeaderLabels(["Day", "Date", "Event"])
        self.tree.setRootIsDecorated(False)
        # room for a day with its placeholder mark, "d229 †"
        self.tree.setColumnWidth(0, max(52, self.fontMetrics().horizontalAdvance(
            f"d-999\u00a0{PLACEHOLDER_MARK}") + 16))
        self.tree.setColumnWidth(1, 84)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._on_activated)
        self.setFocusProxy(self.tree)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)
        # the PDF's note under its timeline table, shown when a row is marked
        self.legend = QLabel(PLACEHOLDER_NOTE, self)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Timeline note")
        self.legend.hide()
        layout.addWidget(self.legend)
        ctx.feedback_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        day0 = self._day0_date()
        for event in self.ctx.feedback.timeline:
            day = "" if event.day is None else f"d{event.day}"
            when = "" if event.when == day else event.when  # a date: show it beside the day
            if not when and day0 is not None and event.day is not None:  # as the exports do
                when = (day0 + dt.timedelta(days=event.day)).isoformat()
            if event.placeholder:  # in the first cell, as the PDF's table marks a row: the end
                # of a long event is cut off in the narrow panel
                day = f"{day}\u00a0{PLACEHOLDER_MARK}" if day else PLACEHOLDER_MARK
            item = QTreeWidgetItem([day, when, event.label])
            item.setData(0, PATH_ROLE, event.path)
            item.setToolTip(2, f"{event.label}\n{event.path}")
            if event.placeholder:
                for column in range(3):
                    tip = item.toolTip(column)
                    item.setToolTip(column, f"{tip}\n{PLACEHOLDER_NOTE}" if tip
                                    else PLACEHOLDER_NOTE)
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        self.legend.setVisible(any(e.placeholder for e in self.ctx.feedback.timeline))

    def _day0_date(self) -> dt.date | None:
        """Day 0's date, known to the day (a day number counts from it), or None."""
        value = self.ctx.doc.get(DAY0_PATH)
        try:
            day0 = parse_when(value) if value is not None else None
        except ValueError:  # WhenError, or a value of another kind
            return None
        if day0 is None or day0.date is None or len(day0.date) != 10:
            return None
        return dt.date.fromisoformat(day0.date)

    def items(self) -> list[tuple[str, str, str]]:
        rows = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [(item.text(0), item.text(1), item.text(2)) for item in rows if item is not None]

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        path = item.data(0, PATH_ROLE)
        if path:
            self.path_activated.emit(path)
