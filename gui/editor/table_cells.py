"""What a table panel does to its cells (Ctrl+V, Ctrl+C, Delete, Ctrl+M): paste a block from
the clipboard, copy the selection, clear the selected cells, the missing value reason menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemDelegate

from gui.editor.binding import reason_menu
from gui.editor.clipboard import copy_text, parse_tsv, paste_block
from gui.editor.values import Missing

if TYPE_CHECKING:
    from gui.editor.table_panel import TablePanel


def paste(panel: TablePanel) -> None:
    block = parse_tsv(QGuiApplication.clipboard().text())
    if not block:
        return
    before = dict(panel.ctx.unstored)
    panel.ctx.undo_stack.beginMacro(f"Paste into {panel.title_text}")
    try:
        if panel.table_model.list_path is None:
            panel.show_status("Select or add a row in the table above first.")
            return
        result = paste_block(panel.view, block, lambda n: panel.add_rows(n, text="Add rows"))
    finally:
        panel.ctx.undo_stack.endMacro()
    refused = {path for path, text in panel.ctx.unstored.items() if before.get(path) != text}
    panel.show_status(result.message, refused)


def copy(panel: TablePanel) -> None:
    QGuiApplication.clipboard().setText(copy_text(panel.view))


def clear_cells(panel: TablePanel) -> None:
    view = panel.view
    indexes = [i for i in view.selectedIndexes() if i.flags() & Qt.ItemFlag.ItemIsEditable]
    if not indexes:
        return
    panel.ctx.undo_stack.beginMacro("Clear cells")
    for index in indexes:
        view.model().setData(index, "")
    panel.ctx.undo_stack.endMacro()


def show_reason_menu(panel: TablePanel) -> None:
    view = panel.view
    index = view.currentIndex()
    if not index.isValid() or not index.flags() & Qt.ItemFlag.ItemIsEditable:
        return
    source = view.proxy.mapToSource(index)
    path = panel.table_model.cell_path(source.row(), source.column())
    editor = view.indexWidget(index)  # a cell open for typing (Tab opens the next):
    if editor is not None:  # closed unstored, or the next Tab stored its text over the reason
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    rect = view.visualRect(index)
    menu = reason_menu(view, lambda r: panel.ctx.set_field(path, Missing(r) if r else None))
    menu.popup(view.viewport().mapToGlobal(QPoint(rect.left(), rect.bottom())))
