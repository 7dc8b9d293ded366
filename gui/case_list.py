"""The case list: a lazy table model fed by SQL pages, and the panel around it.

Sorting and filtering happen in SQL (ARCHITECTURE: a proxy sort over 100k rows takes seconds);
the model loads 500-row pages as the view scrolls (canFetchMore/fetchMore), each page by the
key of the last row loaded, not by OFFSET.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.services.values import CaseSummary, ListQuery
from gui.id_column import IdColumnFit
from gui.list_columns import (  # noqa: F401 - COL_* and PAGE_SIZE are imported from here too
    CASE_ID_ROLE,
    COL_CASE_ID,
    COL_DAY0,
    COL_DX,
    COL_STATUS,
    COL_TITLE,
    COL_UPDATED,
    COLUMNS,
    PAGE_SIZE,
    CaseRowsModel,
    cell_text,
    set_up_table,
)

QueryFn = Callable[[ListQuery], list[CaseSummary]]
CountFn = Callable[[ListQuery], int]
Index = QModelIndex | QPersistentModelIndex

FILTER_DELAY_MS = 150


class CaseTableModel(CaseRowsModel):
    """Rows of ``query_fn(ListQuery)``, a page at a time; ``count_fn`` gives the total."""

    total_changed = Signal(int)

    def __init__(self, query_fn: QueryFn, count_fn: CountFn, parent: Any = None):
        super().__init__(parent)
        self._query_fn = query_fn
        self._count_fn = count_fn
        self._query = ListQuery(limit=PAGE_SIZE)
        self._rows: list[CaseSummary] = []
        self._total = 0
        self.reload()

    # -- what to show ----------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def stale(self) -> bool:
        """The rows shown are an older query's (a search on its way: ``SearchCaseModel``)."""
        return False

    def set_filter_text(self, text: str) -> None:
        if text != self._query.text:
            self._set_query(replace(self._query, text=text))

    def set_trashed(self, trashed: bool) -> None:
        if trashed != self._query.trashed:
            self._set_query(replace(self._query, trashed=trashed))

    def _set_query(self, query: ListQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Re-query from the first page (after a save, a filter or a sort change)."""
        self.beginResetModel()
        self._total = self._count_fn(replace(self._query, offset=0))
        self._rows = self._query_fn(replace(self._query, offset=0, limit=PAGE_SIZE))
        self.endResetModel()
        self.total_changed.emit(self._total)

    # -- paging ----------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        page = self._query_fn(self._next_page_query())
        if not page:
            self._total = len(self._rows)  # the table shrank since the count
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def _next_page_query(self) -> ListQuery:
        """The page after the last loaded row, by its key (sort value + rowid): SQLite starts
        there in the sort index, so page 150 costs what page 1 does. The model only grows at
        its end (a scroll-bar drag fetches page by page), so no page is ever reached by
        position; a source whose rows carry no key is paged by OFFSET."""
        key = getattr(self._rows[-1], "list_key", None) if self._rows else None
        if key is None:
            return replace(self._query, offset=len(self._rows), limit=PAGE_SIZE)
        return replace(self._query, offset=0, after=key, limit=PAGE_SIZE)

    # -- Qt model --------------------------------------------------------------------------
    def shown(self) -> list[CaseSummary]:
        return self._rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (COLUMNS[column][0], descending) == (self._query.sort, self._query.descending):
            return
        self._set_query(replace(self._query, sort=COLUMNS[column][0], descending=descending))

    # -- lookups ---------------------------------------------------------------------------
    def summary(self, row: int) -> CaseSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: str) -> int:
        """Row of a loaded case, or -1 (only loaded pages are searched)."""
        return next((i for i, r in enumerate(self._rows) if r.case_id == case_id), -1)


class CaseListPanel(QWidget):
    """Filter box, trash toggle and the table; emits ``open_requested(case_id)``."""

    open_requested = Signal(str)

    def __init__(self, model: CaseTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.filter_box = self._make_filter_box()
        self.trash_toggle = QCheckBox("Sho&w trash")  # Alt+T is the form's (Title)
        self.trash_toggle.toggled.connect(model.set_trashed)
        self.table = self._make_table(model)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_box.textChanged.connect(self._filter_timer.start)
        self.filter_box.returnPressed.connect(self._on_filter_return)
        self._menu_actions: list[QAction | None] = []
        self._lay_out()

    def _make_filter_box(self) -> QLineEdit:
        box = QLineEdit()
        box.setPlaceholderText("Filter by title, case id or diagnosis")
        box.setClearButtonEnabled(True)
        box.setAccessibleName("Filter cases")
        return box

    def _make_table(self, model: CaseTableModel) -> QTableView:
        table = QTableView()
        table.setModel(model)
        set_up_table(table)
        self.id_fit = IdColumnFit(table)  # the Case id column as wide as the ids shown
        table.doubleClicked.connect(self._on_double_clicked)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.trash_toggle)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def add_below_filter(self, widget: QWidget) -> None:
        """A widget between the filter box and the table (the search area)."""
        self._layout.insertWidget(1, widget)

    def add_table_action(self, action: QAction, *keys: Qt.Key) -> None:
        """Keys that act on the selected cases only while the table has focus (Enter opens,
        Delete trashes), so they never reach the editor's fields."""
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(action)

    def set_menu_actions(self, actions: list[QAction | None]) -> None:
        """The table's right-click menu: these actions (None: a separator), as enabled for
        the selection."""
        self._menu_actions = actions
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)

    def _show_menu(self, pos: QPoint) -> None:
        menu = QMenu(self.table)
        for action in self._menu_actions:
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _on_filter_return(self) -> None:
        """Enter in the filter box: filter now and go to the first case (Enter again opens).
        In an empty box, Enter only shows the whole list and the keyboard stays: it went to
        the list, so a second Enter opened the case at the top, which nobody had chosen (Down
        goes into the list, ``gui.search_keys``). Not into the rows of an older query still
        shown while the one typed is searched: Enter again opened a case it did not match
        (``gui.search_keys`` goes in when the answer comes)."""
        self.apply_filter()
        if self.filter_box.text().strip() and not self.model.stale:
            self.enter_list()

    def enter_list(self) -> bool:
        """The keyboard into the list, its first row selected alone; False without rows."""
        if not self.model.rowCount():
            return False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().setCurrentIndex(self.model.index(0, 0),
                                                    flags.ClearAndSelect | flags.Rows)
        self.table.scrollToTop()
        return True

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter_text(self.filter_box.text())

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        summaries = (self.model.summary(r) for r in rows)
        return [s.case_id for s in summaries if s]

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            case_id = index.data(CASE_ID_ROLE)
            return case_id if isinstance(case_id, str) else None
        ids = self.selected_ids()
        return ids[0] if ids else None

    def select_case(self, case_id: str) -> None:
        """Select the case's row alone (selectRow would read the keyboard modifiers of the
        last key event: with Ctrl still counted as held it toggled the row off)."""
        row = self.model.row_of(case_id)
        if row >= 0:
            flags = QItemSelectionModel.SelectionFlag
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), flags.ClearAndSelect | flags.Rows)

    def showing_trash(self) -> bool:
        return self.trash_toggle.isChecked()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id:
            self.open_requested.emit(case_id)
