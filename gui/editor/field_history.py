""""Field history…" in the editor's context menus (form fields and table cells).

The editor shows no history itself: the action emits ``EditContext.field_history_requested``
with the field path (``case_report.title``, ``labs[0].value_entered``), which ``CaseEditor``
re-emits as ``field_history_requested`` for the shell to answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from gui.editor.context import EditContext

if TYPE_CHECKING:
    from gui.editor.table_panel import TablePanel

HISTORY_TEXT = "Field &history…"


def add_history_action(menu: QMenu, ctx: EditContext, path: str | None) -> QAction:
    """Append "Field history…" for ``path`` to a form field's context menu."""
    menu.addSeparator()
    action = menu.addAction(HISTORY_TEXT)
    action.setEnabled(path is not None)
    action.triggered.connect(lambda: ctx.field_history_requested.emit(path))
    return action


def table_history_action(panel: TablePanel) -> QAction:
    """A "Field history…" action for a table's context menu: the current cell's history."""
    action = QAction(HISTORY_TEXT.replace("&", ""), panel)
    action.triggered.connect(lambda: _request_cell_history(panel))
    return action


def current_cell_path(panel: TablePanel) -> str | None:
    index = panel.view.currentIndex()
    if not index.isValid():
        return None
    source = panel.view.proxy.mapToSource(index)
    return panel.table_model.cell_path(source.row(), source.column())


def _request_cell_history(panel: TablePanel) -> None:
    path = current_cell_path(panel)
    if path is not None:
        panel.ctx.field_history_requested.emit(path)
