"""Edit › Undo and Redo (the toolbar's too, and the editor's Ctrl+Z when the window has none)
with a table cell open for typing: they stepped the case's undo stack under the open cell,
which kept the text it showed, and the next Tab stored it back over the undo, so the undo
silently did not happen (found by a stranger run). The cell closes first, so the table shows
what the case holds; but Redo over typing the case does not hold yet keeps the cell open with
it (``redo_from_cell``). (Ctrl+Z pressed in the cell itself is gui.editor.cell_undo's.)"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QWidget

from gui.editor.pending import open_cell_typed
from gui.editor.table_view import RecordTableView

Hint = QAbstractItemDelegate.EndEditHint
OpenCell = tuple[RecordTableView, QWidget, QAbstractItemDelegate]


def close_open_cell(root: QWidget) -> bool:
    """Close the table cell under ``root`` open for typing, if one is, before the case's undo
    stack steps back. Typing the case already holds (stored as it was typed) is stored as Tab
    stores it, one undo step, so the Undo that follows takes it back and Redo puts it back.
    Text the case does not hold yet (a date before Tab, a part-typed choice, '4O') is what an
    Undo takes back, as Escape does: True then, and the stack does not step."""
    cell = _open_cell(root)
    if cell is None:
        return False
    view, editor, delegate = cell
    if open_cell_typed(view, editor) is not None:
        delegate.closeEditor.emit(editor, Hint.RevertModelCache)
        return True
    delegate.commitData.emit(editor)
    delegate.closeEditor.emit(editor, Hint.NoHint)
    return False


def redo_with_open_cell(root: QWidget, stack: QUndoStack) -> None:
    """Edit › Redo and the toolbar's: with a table cell under ``root`` open for typing, as
    ``redo_from_cell``; else the case's next undone change."""
    cell = _open_cell(root)
    if cell is None:
        stack.redo()
    else:
        redo_from_cell(*cell)


def redo_from_cell(view: RecordTableView, editor: QWidget,
                   delegate: QAbstractItemDelegate) -> None:
    """Redo with a table cell open for typing (the window's Redo and the cell's Ctrl+Y).
    With a change to redo and text typed in the cell that the case does not hold yet (a date
    before Tab, a part-typed choice), the change is redone and the cell stays open with that
    text, which Tab stores then, as in a text editor's Redo: storing it first made a new
    change, which left nothing to redo, so the Redo silently did nothing (found in review).
    Otherwise the cell is stored as Tab would and closed first: typing the case holds shows
    what the redo stores, and typing with nothing to redo is stored, not lost (1e7931d)."""
    stack = view.source.ctx.undo_stack
    typed = open_cell_typed(view, editor)
    if typed is None or not stack.canRedo():
        delegate.commitData.emit(editor)
        delegate.closeEditor.emit(editor, Hint.NoHint)
        stack.redo()
        return
    place = QPersistentModelIndex(view.currentIndex())
    label = _column_label(view, view.currentIndex())
    stack.redo()
    if view.state() == QAbstractItemView.State.EditingState and view.indexWidget(place) is editor:
        said = f"Redone. What you typed in the open {label} cell is kept: Tab stores it"
    elif _reopen(view, place, typed[1]):  # the redo reloaded the table, closing its editors
        said = f"Redone. What you typed in the {label} cell is open again: Tab stores it"
    else:  # its row went with the redo (a removal redone): nowhere to keep it
        said = f"Redone. What you typed in the {label} cell was not kept: its row was removed"
    view.source.ctx.notice.emit(typed[0], said)


def _reopen(view: RecordTableView, place: QPersistentModelIndex, text: str) -> bool:
    if not place.isValid():
        return False
    index = view.model().index(place.row(), place.column())
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    if editor is None or not hasattr(editor, "set_value_text"):
        return False
    editor.set_value_text(text)
    return True


def typing_to_take_back(root: QWidget) -> str | None:
    """The column of the table cell under ``root`` open for typing when it holds text the
    case does not hold yet, which Undo takes back (``close_open_cell``), else None: the
    toolbar's Undo stayed greyed out with a date typed as the only change, while Escape or
    Ctrl+Z in the cell took it back."""
    cell = _open_cell(root)
    if cell is None or open_cell_typed(cell[0], cell[1]) is None:
        return None
    return _column_label(cell[0], cell[0].currentIndex())


def _column_label(view: RecordTableView, index: QModelIndex) -> str:
    column = view.source.columns[view.proxy.mapToSource(index).column()]
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
