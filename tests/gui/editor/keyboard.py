"""Test helpers that enter values into the case editor with key and mouse events only.

Widgets are found by reading the editor (forms' bindings, tables' columns); values go in
through ``qtbot.keyClicks`` / ``keyClick`` / ``mouseClick``, never through setters or models.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QWidget

from gui.editor.fields import record_fields
from gui.editor.sections import section_names

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SECTION_KEYS = 9  # Ctrl+1 … Ctrl+9 show the first nine sections
REASON_KEYS = {"not_reported": Qt.Key.Key_N, "unknown": Qt.Key.Key_U, "not_done": Qt.Key.Key_D,
               "not_applicable": Qt.Key.Key_A, "pending": Qt.Key.Key_P}


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def text_for(kind: str, value: Any) -> str:
    """What a clinician types for a stored value (text is typed as given)."""
    if isinstance(value, str) and kind != "coded":
        return value
    if kind == "when":
        return f"d{value}"
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "float":
        return f"{value:g}" if abs(value) >= 1e-4 else repr(value)
    if kind in ("enum_list", "text_list"):
        return "; ".join(value) if value else "none"
    if kind == "int_list":
        return ", ".join(str(v) for v in value) if value else "none"
    if kind == "coded":
        return value["code"]
    return str(value)


def reason_text(reason: str) -> str:
    return f"({reason.replace('_', ' ')})"


class Typist:
    def __init__(self, qtbot, editor) -> None:
        self.qtbot, self.editor = qtbot, editor

    # -- navigation ------------------------------------------------------------------------
    def key(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
            widget: QWidget | None = None) -> None:
        self.qtbot.keyClick(widget or focused(), key, modifiers)

    def type(self, text: str) -> None:
        """Each key to the widget that has the focus when it is pressed, as the keyboard
        delivers it: in a table the first key opens the cell's editor, which takes the rest
        (``keyClicks`` sent them all to the table)."""
        for char in text:
            self.qtbot.keyClicks(focused(), char)

    def go_to_section(self, name: str) -> Any:
        """The section shown, the section list focused on it: Ctrl+L to the list, then Home
        and Down to the section, or End and Up; or, when that passes fewer sections, a section
        key (Ctrl+1 … Ctrl+9, the cursor in its first field), then Down or Up and Ctrl+L back
        to the list. Each section passed on the way is shown, and built the first time
        (~0.1 s a section; Labs from the list's end passed nine)."""
        names = section_names()
        index = names.index(name)
        starts = {0: Qt.Key.Key_Home, len(names) - 1: Qt.Key.Key_End}
        keyed = min(range(min(SECTION_KEYS, len(names))), key=lambda i: abs(index - i))
        start = min(starts, key=lambda i: abs(index - i))
        if abs(index - keyed) + 1 < abs(index - start):  # +1: the section key's own section
            self.key(getattr(Qt.Key, f"Key_{keyed + 1}"), CTRL, self.editor)
            self.key(Qt.Key.Key_L, CTRL, self.editor)
        else:
            self.key(Qt.Key.Key_L, CTRL, self.editor)
            self.key(starts[start])
            keyed = start
        for _ in range(abs(index - keyed)):
            self.key(Qt.Key.Key_Down if index > keyed else Qt.Key.Key_Up)
        assert self.editor.current_section() == name
        return self.editor.section_page(name)

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        target = widget
        if isinstance(widget, QComboBox) and widget.isEditable():
            target = widget.lineEdit()
        elif isinstance(widget, QPlainTextEdit):
            target = widget.viewport()
        if pos is None:
            pos = target.rect().center()
        self.qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=pos)

    # -- forms -----------------------------------------------------------------------------
    def fill_form(self, form, record: dict[str, Any]) -> None:
        for spec in record_fields(form.model):
            if spec.kind == "model":
                if record.get(spec.name):
                    self.fill_form(form.subforms[spec.name], record[spec.name])
                continue
            if not spec.is_simple:
                continue
            value, reason = record.get(spec.name), record.get(f"{spec.name}_nf")
            if reason is not None:
                self._form_reason(form, spec, reason)
            elif value is not None:
                self.fill_field(form.bindings[spec.name].editor, text_for(spec.kind, value))

    def fill_field(self, widget: QWidget, text: str) -> None:
        self.click(widget)
        self.key(Qt.Key.Key_A, CTRL)
        self.type(text)
        self.key(Qt.Key.Key_Tab)

    def _form_reason(self, form, spec, reason: str) -> None:
        if spec.name in form.reasons:  # required items have a visible reason selector
            self.fill_field(form.reasons[spec.name], reason_text(reason))
            return
        self.click(form.bindings[spec.name].editor)  # others: Ctrl+M, then the menu letter
        self.key(Qt.Key.Key_M, CTRL)
        menu = QApplication.activePopupWidget()
        assert menu is not None, "the missing-reason menu did not open"
        self.key(REASON_KEYS[reason], widget=menu)

    # -- tables ----------------------------------------------------------------------------
    def focus_table(self, panel) -> None:
        view = panel.view
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                              pos=QPoint(5, view.viewport().height() - 5))
        assert focused() is view

    def add_rows(self, panel, rows: list[dict[str, Any]], fill_details) -> None:
        for row in rows:
            self.focus_table(panel)
            self.key(Qt.Key.Key_N, CTRL | SHIFT)
            storage_row = panel.table_model.rowCount() - 1
            self.fill_row(panel, row)
            self.select_row(panel, storage_row)
            self.fill_hidden_columns(panel, row)
            fill_details(panel, row)

    def select_row(self, panel, storage_row: int) -> None:
        view = panel.view
        index = view.view_index(storage_row, view.first_editable_column())
        rect = view.visualRect(index)
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert view.current_storage_row() == storage_row

    def open_more_of_the_row(self, panel) -> None:
        """From the table, Ctrl+Tab to the "More of the row" tick, Space to unfold it."""
        group = panel.row_form.parentWidget()
        self.focus_table(panel)
        self.key(Qt.Key.Key_Tab, CTRL)
        assert focused() is group, focused()
        if not group.isChecked():
            self.key(Qt.Key.Key_Space)
        assert panel.row_form.isVisible()

    def fill_hidden_columns(self, panel, row: dict[str, Any]) -> None:
        """Fields without a shown column (a record's own id) are typed in "More of the row"."""
        hidden = [c for i, c in enumerate(panel.table_model.columns)
                  if c.spec is not None and panel.view.isColumnHidden(i)
                  and row.get(c.key) is not None]
        if not hidden:
            return
        current = panel.view.current_storage_row()
        self.open_more_of_the_row(panel)
        assert panel.view.current_storage_row() == current
        for col in hidden:
            self.fill_field(panel.row_form.bindings[col.key].editor,
                            text_for(col.spec.kind, row[col.key]))

    def fill_row(self, panel, row: dict[str, Any]) -> None:
        view = panel.view
        for column, col in enumerate(panel.table_model.columns):
            if col.spec is None or view.isColumnHidden(column):  # hidden: "More of the row"
                continue
            value, reason = row.get(col.key), row.get(f"{col.key}_nf")
            if value is None and reason is None:
                continue
            text = reason_text(reason) if reason else text_for(col.spec.kind, value)
            while view.currentIndex().column() != column:
                self.key(Qt.Key.Key_Tab)
            if focused() is view:
                self.key(Qt.Key.Key_F2)
            self.key(Qt.Key.Key_A, CTRL)
            self.type(text)
        self.key(Qt.Key.Key_Tab)  # commit the last cell
