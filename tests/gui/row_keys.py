"""Issue 15's keyboard walk through one table row, shared by the offscreen tests and the
real-window journeys: from the first cell, Tab through the row's cells, Ctrl+Tab out of the
table to the "More of the row" tick, Space to unfold it, Tab through its fields and those of
the row's detail forms (a response's basis, an adverse event's attribution). Keys only."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from gui.editor.fields import simple_fields

CTRL = Qt.KeyboardModifier.ControlModifier
MAX_STOPS = 80


@dataclass
class RowWalk:
    cells: list[str] = field(default_factory=list)  # column keys, in Tab order
    form: list[str] = field(default_factory=list)  # "More of the row" fields, in Tab order
    details: list[str] = field(default_factory=list)  # "<detail>.<field>" of detail forms
    form_path: str | None = None  # the record "More of the row" showed
    left_to: str = ""  # where Ctrl+Tab went (accessible name)

    @property
    def reached(self) -> set[str]:
        return set(self.cells) | set(self.form)


def owner(widget: QWidget | None, forms: dict) -> str | None:
    """The "<form>.<field>" whose editor holds ``widget`` (an editor may be a compound)."""
    while widget is not None:
        for name, form in forms.items():
            for key, binding in form.bindings.items():
                if binding.editor is widget:
                    return f"{name}.{key}"
            for key, box in form.reasons.items():
                if box is widget:
                    return f"{name}.{key}:reason"
        widget = widget.parentWidget()
    return None


def walk_row(qtbot, table, row: int = 0) -> RowWalk:
    """Keys only, from the first editable cell of ``row`` (storage order)."""
    walk = RowWalk()
    view = table.view
    view.setFocus()
    view.go_to(row, view.first_editable_column())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    start = view.currentIndex().row()
    for _ in range(MAX_STOPS):  # the row's cells, left to right
        index = view.currentIndex()
        if index.row() != start or QApplication.focusWidget() is not view:
            break
        walk.cells.append(table.table_model.columns[view.proxy.mapToSource(index).column()].key)
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    if QApplication.focusWidget() is view and view.currentIndex().row() != start:
        qtbot.keyClick(view, Qt.Key.Key_Backtab)  # back to the row's last cell
    assert view.current_storage_row() == row or QApplication.focusWidget() is not view
    if QApplication.focusWidget() is view:
        qtbot.keyClick(view, Qt.Key.Key_Tab, CTRL)  # out of the table
    group = table.row_form.parentWidget() if table.row_form is not None else None
    here = QApplication.focusWidget()
    walk.left_to = here.accessibleName() if here is not None else ""
    if group is None or here is not group:
        return walk
    if not group.isChecked():
        qtbot.keyClick(group, Qt.Key.Key_Space)
    qtbot.waitUntil(table.row_form.isVisible)
    walk.form_path = table.row_form.record_path
    forms = {"": table.row_form, **table.detail_forms}
    views = {child.view: child.field_name for child in table.detail_tables}
    stops: list[QWidget] = []
    for _ in range(MAX_STOPS):  # on below the table, until focus leaves this table's panel
        widget = QApplication.focusWidget()
        leave = widget in views  # a detail table: Ctrl+Tab leaves it as it leaves any table
        qtbot.keyClick(widget, Qt.Key.Key_Tab, CTRL if leave else Qt.KeyboardModifier.NoModifier)
        widget = QApplication.focusWidget()
        if widget is None or widget is view or widget in stops or not table.isAncestorOf(widget):
            break
        stops.append(widget)
        if widget in views:
            walk.details.append(f"{views[widget]} (table)")
        name = owner(widget, forms)
        if name is None or name.endswith(":reason"):
            continue
        where, key = name.split(".", 1)
        target = walk.details if where else walk.form
        label = name if where else key
        if label not in target:
            target.append(label)
    return walk


def row_fields(table) -> set[str]:
    """Every simple field of the table's record type."""
    return {s.name for s in simple_fields(table.model)}


def detail_fields(table) -> set[str]:
    return {f"{name}.{key}" for name, form in table.detail_forms.items() for key in form.bindings}
