"""Edit › Undo and Redo (the toolbar's too, and the editor's Ctrl+Z when the window has none)
with a table cell open for typing: they stepped the case's undo stack under the open cell,
which kept the text it showed, and the next Tab stored it back over the undo, so the undo
silently did not happen (found by a stranger run). The cell closes first, so the table shows
what the case holds. (Ctrl+Z pressed in the cell itself is gui.editor.cell_undo's.)"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QWidget

from gui.editor.pending import open_cell_typed
from gui.editor.table_view import RecordTableView

Hint = QAbstractItemDelegate.EndEditHint
OpenCell = tuple[RecordTableView, QWidget, QAbstractItemDelegate]


def close_open_cell(root: QWidget, redo: bool) -> bool:
    """Close the table cell under ``root`` open for typing, if one is, before the case's undo
    stack steps. Typing the case already holds (stored as it was typed) is stored as Tab
    stores it, one undo step, so the Undo that follows takes it back and Redo puts it back.
    Text the case does not hold yet (a date before Tab, a part-typed choice, '4O') is what an
    Undo takes back, as Escape does: True then, and the stack does not step. Redo stores it
    as Tab would first (a new change, as typing after an undo is anywhere)."""
    cell = _open_cell(root)
    if cell is None:
        return False
    view, editor, delegate = cell
    if not redo and open_cell_typed(view, editor) is not None:
        delegate.closeEditor.emit(editor, Hint.RevertModelCache)
        return True
    delegate.commitData.emit(editor)
    delegate.closeEditor.emit(editor, Hint.NoHint)
    return False


def typing_to_take_back(root: QWidget) -> str | None:
    """The column of the table cell under ``root`` open for typing when it holds text the
    case does not hold yet, which Undo takes back (``close_open_cell``), else None: the
    toolbar's Undo stayed greyed out with a date typed as the only change, while Escape or
    Ctrl+Z in the cell took it back."""
    cell = _open_cell(root)
    if cell is None or open_cell_typed(cell[0], cell[1]) is None:
        return None
    view = cell[0]
    column = view.source.columns[view.proxy.mapToSource(view.currentIndex()).column()]
    return column.spec.label if column.spec is not None else column.title  # no ' *' mark


def _open_cell(root: QWidget) -> OpenCell | None:
    for view in root.findChildren(RecordTableView):
        index = view.currentIndex()
        editor = view.indexWidget(index) if index.isValid() else None
        delegate = view.itemDelegateForIndex(index) if editor is not None else None
        if (view.state() == QAbstractItemView.State.EditingState and editor is not None
                and delegate is not None):
            return view, editor, delegate
    return None
