"""A record list with its buttons and shortcuts, and the detail of the current row below it:
nested lists as detail tables (master-detail), nested records as small forms."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.model import column_rank, is_record_id
from core.model.fieldpath import PathPart
from gui.editor import table_cells as cells
from gui.editor.context import EditContext
from gui.editor.field_history import table_history_action
from gui.editor.fields import nested_fields, record_fields, simple_fields
from gui.editor.form import RecordForm
from gui.editor.mnemonics import Mnemonics
from gui.editor.quick_fix import CellFixAction
from gui.editor.read_only import keep_when_read_only
from gui.editor.row_form import row_form_box, tab_after, unfold
from gui.editor.table_model import PATH_ROLE, RecordTableModel
from gui.editor.table_view import RecordTableView
from gui.editor.values import row_summary

INHERITED_FIELDS = ("line_no",)  # a detail row starts with its master's value of these
NARROW_KINDS, NARROW_WIDTH = ("enum", "coded", "text"), 112  # a drug, a route, a unit
Selection = QItemSelectionModel.SelectionFlag
ROW_HEIGHT_MIN = {"master": 5, "detail": 3}
PanelAction = tuple[str, str, Callable[["TablePanel"], None]]  # text, shortcut, handler


class TablePanel(QGroupBox):
    def __init__(self, ctx: EditContext, model: type[BaseModel], list_path: str | None, title: str,
                 mnemonics: Mnemonics, parent: QWidget | None = None, *,
                 master: TablePanel | None = None, field_name: str = "") -> None:
        self.base_title = mnemonics.label(title)
        super().__init__(self.base_title, parent)
        self.ctx, self.model, self.title_text = ctx, model, title
        self.master, self.field_name = master, field_name
        self.table_model = RecordTableModel(ctx, model, list_path, self)
        self.detail_tables: list[TablePanel] = []
        self.detail_forms: dict[str, RecordForm] = {}
        self.row_form: RecordForm | None = None  # the row's fields beyond the first columns
        self.cycle_dialog: QDialog | None = None  # gui.editor.blinatumomab's, once opened
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_buttons())
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self._user_sized = False
        self._tab_ordered = False
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        layout.addWidget(self.splitter, 1)
        top = QWidget(self.splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.view = RecordTableView(self.table_model, top)
        self.view.setAccessibleName(title)
        self.view.setObjectName(f"table:{title}")
        self.view.setMinimumHeight(self._min_height())
        self._narrow_choice_columns()
        top_layout.addWidget(self.view, 1)
        self.status = QLabel(top)
        self.status.setWordWrap(True)
        self.status.hide()
        self._refused: set[str] = set()  # the cells the status names as not accepted
        top_layout.addWidget(self.status)
        self.setFocusProxy(self.view)
        self._add_view_actions()
        self._build_details(mnemonics)
        self._build_row_form(mnemonics)
        self.hide_record_ids()
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.update_details())
        ctx.doc.rows_inserted.connect(lambda *_: self.update_details())
        ctx.doc.rows_removed.connect(lambda *_: self.update_details())
        ctx.doc.rows_restored.connect(self._on_rows_restored)
        ctx.doc.reset.connect(self.update_details)
        ctx.doc.reset.connect(lambda: self.show_status(""))  # it spoke of the case left
        ctx.unstored_changed.connect(self._on_unstored_changed)
        ctx.doc.value_changed.connect(self._on_value_changed)
        ctx.feedback_changed.connect(self._on_feedback)  # a date's day: the row may move
        self.update_details()

    # -- building --------------------------------------------------------------------------
    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.actions_: dict[str, QAction] = {}
        for text, key, handler in self._action_specs():
            action = QAction(text.replace("&", ""), self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, h=handler: h(self))
            button = QPushButton(text.replace("&", ""), self)
            button.setAccessibleName(button.text())
            button.setToolTip(f"{text.replace('&', '')} ({key}) — {self.title_text}")
            button.clicked.connect(action.trigger)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            row.addWidget(button)
            self.actions_[text.replace("&", "")] = action
        row.addStretch(1)
        return row

    def _action_specs(self) -> list[PanelAction]:
        from gui.editor.panel_actions import extra_actions

        return [("Add row", "Ctrl+Shift+N", TablePanel.add_row),
                ("Duplicate", "Ctrl+D", TablePanel.duplicate_row),
                ("Remove", "Ctrl+Delete", TablePanel.remove_row),
                *extra_actions(self.model)]

    def _add_view_actions(self) -> None:
        more = {"Paste": ("Ctrl+V", cells.paste), "Copy": ("Ctrl+C", cells.copy),
                "Clear cells": ("Delete", cells.clear_cells),
                "Missing value reason": ("Ctrl+M", cells.show_reason_menu)}
        for text, (key, handler) in more.items():
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, h=handler: h(self))
            self.actions_[text] = action
        self.actions_["Field history"] = table_history_action(self)
        # 'Use "blinatumomab"' for a cell whose finding proposes one value (gui.editor.quick_fix)
        self.actions_["Quick fix"] = CellFixAction(self.view, self.ctx,
                                                   lambda index: index.data(PATH_ROLE))
        for name in ("Copy", "Field history"):  # they read: on in a locked case too
            keep_when_read_only(self.actions_[name])
        for action in self.actions_.values():
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _build_details(self, mnemonics: Mnemonics) -> None:
        from gui.editor.panel_actions import extra_actions

        for spec in nested_fields(self.model, "model_list"):
            assert spec.model is not None  # a nested field names its model
            child = TablePanel(self.ctx, spec.model, None, spec.label, mnemonics,
                               self.splitter, master=self, field_name=spec.name)
            self.detail_tables.append(child)
            for text, _key, _handler in extra_actions(spec.model):  # Ctrl+Shift+B on a line
                self.view.addAction(child.actions_[text.replace("&", "")])
        for spec in nested_fields(self.model, "model"):
            group = QGroupBox(mnemonics.label(spec.label), self.splitter)
            group.setProperty("base_title", group.title())
            inner = QVBoxLayout(group)
            assert spec.model is not None
            form = RecordForm(self.ctx, spec.model, None, mnemonics, group)
            inner.addWidget(form)
            self.detail_forms[spec.name] = form
        nested = self.master is not None  # a detail's own rows matter more than its details
        self.splitter.setStretchFactor(0, 3 if nested else 1)
        for i in range(1, self.splitter.count()):
            is_table = isinstance(self.splitter.widget(i), TablePanel)
            self.splitter.setStretchFactor(i, (1 if nested else 2) if is_table else 0)

    def _build_row_form(self, mnemonics: Mnemonics) -> None:
        """Below the table, the current row's fields that have no column rank (issue 15): the
        columns a clinician reads first stay in view, and no field is only reachable by
        scrolling sideways. Only for a record type whose fields are ranked."""
        ranked = [s for s in record_fields(self.model) if column_rank(self.model, s.name)]
        rest = tuple(s for s in simple_fields(self.model) if not column_rank(self.model, s.name))
        if not ranked or not rest:
            return
        group, self.row_form = row_form_box(self.ctx, self.model, rest, mnemonics,
                                            self.title_text, self.splitter)
        group.toggled.connect(self._on_row_form_toggled)
        self.splitter.insertWidget(1, group)
        self.splitter.setStretchFactor(1, 0)
        self._on_row_form_toggled(False)

    def hide_record_ids(self) -> None:
        """A record's own id (the number other records cite it by) has no visible column: it is
        read and typed in "More of the row" (issue 15). Also after a saved header comes back."""
        if self.row_form is None:
            return
        for i, column in enumerate(self.table_model.columns):
            if column.spec is not None and is_record_id(self.model, column.key) \
                    and column.key in self.row_form.bindings:
                self.view.setColumnHidden(i, True)

    def _on_row_form_toggled(self, shown: bool) -> None:
        form = self.row_form
        group = form.parentWidget() if form is not None else None
        if form is None or not isinstance(group, QGroupBox):
            return
        unfold(group, form, shown)
        self._user_sized = False  # share the height again, the form's included
        self._fit_splitter()

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_sized = True

    def _set_detail_titles(self, row: int | None) -> None:
        """Detail titles say which row they belong to, e.g. "Administrations — row 2: …", by
        its number in the table above (as shown, not as stored)."""
        about = "select a row above" if row is None else row_summary(
            self.model, self.table_model.record(row), self.view.shown_row(row))
        for child in self.detail_tables:
            child.setTitle(f"{child.base_title} — {about}")
        for form in [*self.detail_forms.values(), *([self.row_form] if self.row_form else [])]:
            group = form.parentWidget()
            if isinstance(group, QGroupBox):
                group.setTitle(f"{group.property('base_title')} — {about}")

    def _on_value_changed(self, path: str) -> None:
        """A value of the current row changed (a cell, "More of the row", an undo): the titles
        naming the row ("row 1: … 2023-09-25") follow it (they kept the old value)."""
        base = self.table_model.list_path
        row = self.view.current_storage_row()
        if base is None or row is None or not (
                self.detail_tables or self.detail_forms or self.row_form is not None):
            return
        record = f"{base}[{row}]"
        if path == record or path.startswith((f"{record}.", f"{record}[")):
            self._set_detail_titles(row)

    def _on_feedback(self) -> None:
        """The titles name the current row by its number down the table, which a new day
        (derived from a date) can change."""
        if self.detail_tables or self.detail_forms or self.row_form is not None:
            self._set_detail_titles(self.view.current_storage_row())

    def _narrow_choice_columns(self) -> None:
        """Choices and short words (a drug, a route, a unit) get a narrow column, so the columns
        a clinician reads first fit at 1024 px (issue 15); a longer value shows in full in its
        tooltip, the editor and the row's detail, and the column can be dragged wider."""
        metrics = self.view.fontMetrics()
        for i, column in enumerate(self.table_model.columns):
            if column.spec is not None and column.spec.kind in NARROW_KINDS:
                title = metrics.horizontalAdvance(column.title) + 24
                width = min(self.view.columnWidth(i), max(NARROW_WIDTH, title))
                self.view.setColumnWidth(i, width)

    def _min_height(self) -> int:
        rows = ROW_HEIGHT_MIN["detail" if self.master else "master"]
        return self.view.verticalHeader().defaultSectionSize() * rows + 32

    # -- master-detail ---------------------------------------------------------------------
    def update_details(self) -> None:
        row = self.view.current_storage_row()
        base = self.table_model.list_path
        record = None if row is None or base is None else f"{base}[{row}]"
        for child in self.detail_tables:
            child.table_model.set_list_path(record and f"{record}.{child.field_name}")
            child.setEnabled(record is not None)
            child.update_details()
        for name, form in self.detail_forms.items():
            if form.record_path != (record and f"{record}.{name}"):
                form.set_record_path(record and f"{record}.{name}")
        if self.row_form is not None and self.row_form.record_path != record:
            self.row_form.set_record_path(record)
        if self.detail_tables or self.detail_forms or self.row_form is not None:
            self._set_detail_titles(row)
            self._fit_splitter()

    def _fit_splitter(self) -> None:
        """Share the height by what each part shows (until the user drags the divider)."""
        if self._user_sized or self.splitter.height() <= 0:
            return
        parts = [w for i in range(self.splitter.count())
                 if (w := self.splitter.widget(i)) is not None]
        hints = [max(part.sizeHint().height(), 60) for part in parts]
        total = sum(hints)
        available = self.splitter.height()
        sizes = [int(available * h / total) for h in hints]
        for i in range(1, len(sizes)):  # a folded part keeps its title line; the table the rest
            most = parts[i].maximumHeight()
            if sizes[i] > most:
                sizes[0], sizes[i] = sizes[0] + sizes[i] - most, most
        self.splitter.setSizes(sizes)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_splitter()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Once in the window: Tab goes from the table to "More of the row", as it is shown
        (building and reparenting had left the form's fields after the details below it)."""
        super().showEvent(event)
        group = self.row_form.parentWidget() if self.row_form is not None else None
        if group is not None and not self._tab_ordered:
            self._tab_ordered = True
            tab_after(self.view, group)

    # -- row actions -----------------------------------------------------------------------
    def new_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {}
        if self.master is not None and self.master.table_model.list_path:
            parent_row = self.master.view.current_storage_row()
            parent = self.master.table_model.record(parent_row) if parent_row is not None else {}
            for name in INHERITED_FIELDS:
                if name in self.model.model_fields and parent.get(name) is not None:
                    row[name] = parent[name]
        return row

    def add_rows(self, count: int, rows: list[dict[str, Any]] | None = None,
                 text: str = "Add row") -> int | None:
        """Append rows (storage order); returns the first new index, None without a list."""
        path = self.table_model.list_path
        if path is None:
            self.show_status("Select or add a row in the table above first.")
            return None
        first = self.table_model.rowCount()
        self.ctx.insert_rows(path, first, rows or [self.new_row() for _ in range(count)], text)
        return first

    def add_row(self) -> None:
        first = self.add_rows(1)
        if first is not None:
            self.view.setFocus()
            self.view.go_to(first, self.view.first_editable_column())

    def duplicate_row(self) -> None:
        row = self.view.current_storage_row()
        if row is None or self.table_model.list_path is None:
            return
        copied = copy.deepcopy(self.table_model.record(row))
        self.ctx.insert_rows(self.table_model.list_path, row + 1, [copied], "Duplicate row")
        self.view.go_to(row + 1, self.view.currentIndex().column())

    def remove_row(self) -> None:
        row = self.view.current_storage_row()
        if row is None or self.table_model.list_path is None:
            return
        view_row = self.view.currentIndex().row()
        column = self.view.currentIndex().column()
        self.ctx.remove_rows(self.table_model.list_path, row)
        remaining = self.view.model().rowCount()
        if remaining:
            self.view.setCurrentIndex(self.view.model().index(min(view_row, remaining - 1), column))

    def _on_rows_restored(self, list_path: str, first: int, count: int) -> None:
        """Undo of Remove: the cursor (and selection) on the row put back, in its column; it
        stayed on the row that had taken its place, which the next Remove took instead."""
        if list_path == self.table_model.list_path and count:
            index = self.view.view_index(first, max(self.view.currentIndex().column(), 0))
            self.view.selectionModel().setCurrentIndex(index, Selection.ClearAndSelect)
            self.view.scrollTo(index)

    # -- cells (gui.editor.table_cells) ----------------------------------------------------
    def show_status(self, text: str, refused: set[str] | None = None) -> None:
        """``refused``: the cells the text names as not accepted (a paste's): it goes once
        none of them holds text it cannot store (corrected, cleared, its row removed)."""
        self._refused = set(refused or ())
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _on_unstored_changed(self) -> None:
        if self._refused and not self._refused & self.ctx.unstored.keys():
            self.show_status("")

    # -- focus -----------------------------------------------------------------------------
    def focus_path(self, parts: list[PathPart]) -> bool:
        """Select the row/cell named by ``parts`` (relative: ``[2, 'wbc_per_uL', ...]``)."""
        if not parts or not isinstance(parts[0], int):
            self.view.setFocus()
            return True
        row, rest = parts[0], parts[1:]
        column = self.table_model.column_of(str(rest[0])) if rest else None
        self.view.go_to(row, column if column is not None else self.view.first_editable_column())
        self.update_details()
        # a nested part's column only sums it up: a field inside it is edited below the table
        # (a problem at Based on › CSF assessment ids went to the read-only column)
        nested = len(rest) > 1 and (str(rest[0]) in self.detail_forms or any(
            child.field_name == str(rest[0]) for child in self.detail_tables))
        if rest and (column is None or nested):
            return self._focus_detail(str(rest[0]), rest[1:])
        self.view.setFocus()
        return True

    def _focus_detail(self, name: str, rest: list[PathPart]) -> bool:
        for child in self.detail_tables:
            if child.field_name == name:
                return child.focus_path(rest)
        form = self.detail_forms.get(name)
        if form is not None and rest:
            return form.focus_field(str(rest[0]))
        self.view.setFocus()
        return True
