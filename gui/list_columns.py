"""The case list's columns and how its table looks, shared by the list the window paints first
(``gui.start_list``, before the services are open) and the full one (``gui.case_list``). Plain
Qt: nothing here loads the services (issue 20, start-up)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from gui.formatting import local_time, status_label
from gui.header_text import elide_titles

if TYPE_CHECKING:
    from core.services.listing import SortKey

PAGE_SIZE = 500
# (sort key, header, width in pixels): fixed widths, never sized to contents over all rows.
# Shown in this order but for Status, which stands beside the case id (``status_beside_id``).
COLUMNS: tuple[tuple[SortKey, str, int], ...] = (  # sort key, heading, width
    ("case_id", "Case id", 100),
    ("title", "Title", 160),  # cut at the list's edge in a narrow list, never the status
    ("status", "Status", 76),
    ("main_dx", "Main diagnosis", 180),
    ("day0", "Day 0", 84),
    ("updated", "Last change", 124),
)
COL_CASE_ID, COL_TITLE, COL_STATUS, COL_DX, COL_DAY0, COL_UPDATED = range(len(COLUMNS))
CASE_ID_ROLE = Qt.ItemDataRole.UserRole


class ListRow(Protocol):
    """What a row of the list shows (``CaseSummary``, or ``core.first_page.ListedCase``)."""

    @property
    def case_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def day0(self) -> str | None: ...
    @property
    def main_dx(self) -> str | None: ...
    @property
    def updated_at(self) -> str: ...


def cell_text(row: ListRow, column: int) -> str:
    if column == COL_CASE_ID:
        return row.case_id
    if column == COL_TITLE:
        return row.title or "(untitled case)"
    if column == COL_DAY0:
        return row.day0 or ""
    if column == COL_DX:
        return row.main_dx or ""
    if column == COL_STATUS:
        return status_label(row.status)
    return local_time(row.updated_at)


Index = QModelIndex | QPersistentModelIndex


class CaseRowsModel(QAbstractTableModel):
    """What both lists' models show of their rows (``shown``): the cells, the case id under
    ``CASE_ID_ROLE``, the headings, and rows selectable but never edited."""

    def shown(self) -> Sequence[ListRow]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt
        return 0 if parent.isValid() else len(self.shown())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rows = self.shown()
        if not index.isValid() or index.row() >= len(rows):
            return None
        row = rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(row, index.column())
        return row.case_id if role == CASE_ID_ROLE else None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section][1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)


def set_up_table(table: QTableView) -> None:
    """Rows selected whole, not editable, sorted by the header (last change first)."""
    table.setAccessibleName("Cases")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the list (the arrows move in it): it went
    # from cell to cell, the controls and filters after the list out of Tab's reach
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setSortingEnabled(False)  # set the indicator first: enabling sorts immediately
    table.horizontalHeader().setSortIndicator(COL_UPDATED, Qt.SortOrder.DescendingOrder)
    table.setSortingEnabled(True)
    table.verticalHeader().hide()
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    elide_titles(table)
    for column, (_key, _label, width) in enumerate(COLUMNS):
        header.resizeSection(column, width)
    header.setStretchLastSection(True)
    status_beside_id(header)


def status_beside_id(header: QHeaderView) -> None:
    """Status right after the case id, before the title: whether a case is Draft, Complete or
    Locked shows in any list wider than those two (after the title it was cut at 1024x768,
    the list 216-276 px wide, and needed a sideways scroll); a long title runs off the edge
    instead. Also applied to the columns saved by an older version (``restored_columns``)."""
    header.moveSection(header.visualIndex(COL_STATUS), header.visualIndex(COL_CASE_ID) + 1)


def restored_columns(header: QHeaderView) -> None:
    """After ``restoreState``: the status beside the case id, and every heading readable."""
    status_beside_id(header)
    readable_widths(header)


HEADING_ROOM = 24  # beside a heading: the margins and the sort arrow


def readable_widths(header: QHeaderView) -> None:
    """Widen any column of the list narrower than its heading (a width saved too small, e.g.
    squeezed while the list was narrow, showed 'tatu' over '…' after the next start); the
    stretched last column fills what is left, as it is."""
    model = header.model()
    if model is None:
        return
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    stretched = max(shown, key=header.visualIndex) if shown and header.stretchLastSection() \
        else None
    metrics = header.fontMetrics()
    for column in shown:
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        least = metrics.horizontalAdvance(label) + HEADING_ROOM
        if column != stretched and header.sectionSize(column) < least:
            header.resizeSection(column, least)
