"""The case list's Case id column sized to the ids it shows: a fixed 100 px cut 'SEED-C2-CAO2023-…'
to 'SEED-C2-CA…' even with the list wide enough for it (found by a stranger run at 1024x768).
The column grows to the widest id loaded, up to ``MOST``, and never so far that the Status beside
it leaves the list's viewport (``gui.list_columns.status_beside_id``); a width the user set by
dragging the header is kept."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView

from gui.list_columns import COL_CASE_ID, COL_STATUS, COLUMNS

LEAST = COLUMNS[COL_CASE_ID][2]  # the column's width before it followed the ids
MOST = 220  # an id longer than this is cut (its tooltip carries it whole)
CELL_ROOM = 16  # a cell's text margins and the grid line
CHECKED_ROWS = 500  # the first page: measuring more would cost with each page loaded


class IdColumnFit(QObject):
    """Keeps ``table``'s Case id column fitted; see the module docstring."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._fitted = LEAST  # the width this last set: another one was set by hand
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self.fit_soon)
        table.viewport().installEventFilter(self)
        self._by_hand = False
        table.horizontalHeader().sectionResized.connect(self._on_resized)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.fit_soon()
        return False

    def fit_soon(self, *_args: object) -> None:
        QTimer.singleShot(0, self, self.fit)

    def _on_resized(self, column: int, _old: int, new: int) -> None:
        if column == COL_CASE_ID and new not in (self._fitted, LEAST):
            self._by_hand = True  # dragged (or restored as dragged): left as it is

    def wanted(self) -> int:
        """The widest loaded id's width, within LEAST and MOST, and leaving the Status room."""
        table, model = self.table, self.table.model()
        metrics = table.fontMetrics()
        rows = min(model.rowCount(), CHECKED_ROWS)
        widest = max((metrics.horizontalAdvance(str(model.index(r, COL_CASE_ID).data() or ""))
                      for r in range(rows)), default=0)
        header = table.horizontalHeader()
        room = table.viewport().width()
        if not header.isSectionHidden(COL_STATUS):
            room -= header.sectionSize(COL_STATUS)
        return max(LEAST, min(widest + CELL_ROOM, MOST, room))

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        if self._by_hand or header.isSectionHidden(COL_CASE_ID):
            return
        width = self.wanted()
        if header.sectionSize(COL_CASE_ID) != width:
            self._fitted = width
            header.resizeSection(COL_CASE_ID, width)
