"""The table view of a record list: type straight into cells, Tab/Enter to move, rows sorted
by *when* (ties keep entry order), copy/paste blocks of cells as TSV, Ctrl+Tab to leave."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableView,
    QWidget,
)

from gui.editor.delegates import FieldDelegate, ctrl_tab
from gui.editor.table_model import RecordTableModel
from gui.editor.widgets.choice_box import is_open_list_key
from gui.header_text import elide_titles

# Narrow enough that the first value columns show at a 1440 px window (e.g. a lab's value).
COLUMN_WIDTHS = {"when": 92, "int": 78, "float": 88, "bool": 70, "enum": 140, "coded": 96,
                 "text": 150, "narrative": 260, "text_list": 190, "int_list": 150,
                 "enum_list": 220}
DERIVED_WIDTH = 104
DAY_WIDTH = 56


class WhenSortProxy(QSortFilterProxyModel):
    """Rows in *when* order; undated rows last; entry order breaks ties."""

    def __init__(self, source: RecordTableModel) -> None:
        super().__init__(source)
        self.source = source
        self.setSourceModel(source)
        self.setDynamicSortFilter(True)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt override
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        return self.source.sort_key(left.row()) < self.source.sort_key(right.row())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Rows numbered down the table as shown (1, 2, 3), not as stored (the proxy passed the
        stored number on: 1, 3, 2 once sorted); gui.editor.row_numbers numbers them the same
        wherever a row is named."""
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return super().headerData(section, orientation, role)


class RecordTableView(QTableView):
    def __init__(self, source: RecordTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.proxy = WhenSortProxy(source)
        self.setModel(self.proxy)
        delegate = FieldDelegate(lambda: source.ctx.date_format, self)  # read live
        delegate.typed_not_stored.connect(source.ctx.typing_changed)
        self.setItemDelegate(delegate)
        self.setTabKeyNavigation(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        elide_titles(self)  # a narrow column's title keeps its start
        self._size_columns()
        self.proxy.rowsInserted.connect(self.updateGeometry)
        self.proxy.rowsRemoved.connect(self.updateGeometry)
        self.proxy.modelReset.connect(self.updateGeometry)
        if source.when_field:
            self.proxy.sort(0, Qt.SortOrder.AscendingOrder)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Tall enough for the rows there are (3 to 12), so short lists leave room."""
        rows = min(max(self.model().rowCount() + 1, 3), 12)
        height = (self.horizontalHeader().height() + rows * self.verticalHeader().defaultSectionSize()
                  + self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth())
        return QSize(super().sizeHint().width(), height)

    def _size_columns(self) -> None:
        metrics = self.fontMetrics()
        for i, column in enumerate(self.source.columns):
            base = COLUMN_WIDTHS.get(column.spec.kind, 120) if column.spec else (
                DAY_WIDTH if column.key.endswith(":day") else DERIVED_WIDTH)
            title = metrics.horizontalAdvance(column.title) + 16
            self.setColumnWidth(i, max(base, min(title, 220)))

    # -- the first columns in view -----------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.show_first_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.show_first_columns()

    def show_first_columns(self) -> None:
        """A table shown, or narrowed or widened, starts at its left edge: it kept its sideways
        scroll (Ctrl+F at 1024x768 hid Treatment lines' Start column; an empty table scrolled
        while narrow opened scrolled to the right once wider). A cell being typed in stays, and
        the current cell of a table the user is in comes back into view."""
        if self.state() == QAbstractItemView.State.EditingState:
            return
        self.horizontalScrollBar().setValue(0)
        if self.hasFocus() and self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())

    # -- rows in storage order <-> view order ------------------------------------------------
    def storage_row(self, view_row: int) -> int:
        return self.proxy.mapToSource(self.proxy.index(view_row, 0)).row()

    def view_index(self, storage_row: int, column: int) -> QModelIndex:
        return self.proxy.mapFromSource(self.source.index(storage_row, column))

    def shown_row(self, storage_row: int) -> int:
        """The row's place down the table (0-based), as its number shows it."""
        index = self.view_index(storage_row, 0)
        return index.row() if index.isValid() else storage_row

    def current_storage_row(self) -> int | None:
        index = self.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else None

    def go_to(self, storage_row: int, column: int = 0) -> None:
        index = self.view_index(storage_row, column)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def first_editable_column(self) -> int:
        return next((i for i, c in enumerate(self.source.columns) if c.editable), 0)

    # -- mouse -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """A click never scrolls the clicked cell away: Qt scrolls a cell the edge cuts off into
        sight a double-click interval after the click on it, a whole column at a time, and the
        next click (to edit it) hit the column that had slid under the pointer (a double-click
        meant for one cell edited its neighbour). Keyboard moves still scroll (auto-scroll is
        only off during the press; dragging a selection past the edge still scrolls)."""
        auto_scroll = self.hasAutoScroll()
        self.setAutoScroll(False)
        try:
            super().mousePressEvent(event)
        finally:
            self.setAutoScroll(auto_scroll)

    # -- keys ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        forward = ctrl_tab(event)
        if forward is not None:
            self.leave(forward)
            return
        if is_open_list_key(event) and self.open_list():
            return
        if self._types_a_value(event):
            # A click on the selected cell asks Qt to open its editor a double-click interval
            # later; until then Qt refuses to edit on a key and gives the key to its keyboard
            # search (below), so what was typed right after the click was lost. An edit
            # request "CurrentChanged" stops that wait and opens nothing (it is no trigger
            # here): the key then opens the editor at once and is typed into it.
            # (no event: Qt takes a null one; PySide6's stubs lack that overload)
            self.edit(self.currentIndex(), QAbstractItemView.EditTrigger.CurrentChanged,
                      None)  # type: ignore[call-overload]
        super().keyPressEvent(event)

    def _types_a_value(self, event: QKeyEvent) -> bool:
        text = event.text()
        command = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | (
            Qt.KeyboardModifier.MetaModifier)
        return (bool(text) and text.isprintable() and not event.modifiers() & command
                and self.state() != QAbstractItemView.State.EditingState
                and self.currentIndex().isValid())

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt override
        """No jump to the row whose cell starts with the letters typed (Qt's default): here
        letters are values, and a jump made the next keys change another row's cell (typed
        into a derived cell, or in the moment after a click, they moved the cursor there)."""

    def open_list(self) -> bool:
        """F4 / Alt+Down on a cell: edit it and open its list (a choice or vocabulary cell)."""
        index = self.currentIndex()
        if not index.isValid() or not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        if self.state() != QAbstractItemView.State.EditingState:
            self.edit(index)
        editor = self.indexWidget(index) or self.focusWidget()
        if isinstance(editor, QComboBox):
            editor.showPopup()
            return True
        if hasattr(editor, "open_search"):
            editor.open_search()
            return True
        return False

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802 - Qt override
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab and Shift+Tab stop on editable cells only (derived columns are skipped); past
        the last (or before the first) editable cell, focus leaves the table."""
        forward = action == QAbstractItemView.CursorAction.MoveNext
        if not forward and action != QAbstractItemView.CursorAction.MovePrevious:
            return super().moveCursor(action, modifiers)
        model, current = self.model(), self.currentIndex()
        header = self.horizontalHeader()
        visual = [header.logicalIndex(v) for v in range(header.count())]  # on-screen order
        columns = [c for c in visual if not self.isColumnHidden(c) and c < len(self.source.columns)
                   and self.source.columns[c].editable]
        cells = [(r, visual.index(c)) for r in range(model.rowCount()) for c in columns]
        if not cells:
            return QModelIndex()
        if not current.isValid():
            row, place = cells[0] if forward else cells[-1]
            return model.index(row, visual[place])
        here = (current.row(), header.visualIndex(current.column()))
        after = [cell for cell in cells if (cell > here if forward else cell < here)]
        if not after:
            return QModelIndex()
        row, place = after[0] if forward else after[-1]
        return model.index(row, visual[place])

    def leave(self, forward: bool) -> None:
        """Move focus out of the table to the next/previous widget in the tab chain."""
        QWidget.focusNextPrevChild(self, forward)

    def undo_step(self, redo: bool) -> None:
        """Ctrl+Z (Ctrl+Y) from a cell editor with no typing of its own (gui.editor.cell_undo):
        the case's last stored change, as the toolbar's Undo."""
        stack = self.source.ctx.undo_stack
        stack.redo() if redo else stack.undo()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        """Enter commits and moves down a row, as in a spreadsheet; Escape leaves the cell as
        it was before the typing, which stores as it goes (so derived values follow)."""
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self._take_back_typing()
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            current = self.currentIndex()
            below = current.siblingAtRow(current.row() + 1)
            if below.isValid():
                self.setCurrentIndex(below)
        else:
            super().closeEditor(editor, hint)
        self.source.ctx.typing_changed.emit()  # the typing stored or taken back: none is left

    def _take_back_typing(self) -> None:
        index = self.currentIndex()
        column = self.source.columns[index.column()] if index.isValid() else None
        if column is None or column.spec is None:
            return
        path = f"{self.source.row_path(self.storage_row(index.row()))}.{column.spec.name}"
        self.source.ctx.undo_live_edit(path)  # only typing still going on there
        self.source.ctx.seal_edit()
