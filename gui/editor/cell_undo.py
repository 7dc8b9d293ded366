"""Ctrl+Z and Ctrl+Y in a table cell open for typing (Tab opens the next cell): the cell's own
typing first, as in any line edit; once it has none, the case's last stored change, as the
toolbar's Undo does. The open line edit took the key for its own undo, which had nothing to
take back, so Ctrl+Z right after Tab changed nothing (found by a stranger run)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

KEYS = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)


def undo_in_cell(delegate: QAbstractItemDelegate, editor: QObject, event: QEvent) -> bool:
    """Handle ``event`` (for the delegate's event filter) when it is Ctrl+Z or Ctrl+Y in
    ``editor`` and the editor has no typing of its own to take back (or put back): the editor
    closes and the case's undo stack steps (its ``undo_step``: the table view's); Ctrl+Y
    goes as the window's Redo (gui.editor.window_undo.redo_from_cell): the change redone with
    typing not held yet kept in the open cell, else the cell stored as Tab would first. True
    when handled; False leaves the key to the editor."""
    if not (isinstance(event, QKeyEvent) and event.type() in KEYS
            and isinstance(editor, QWidget)):
        return False
    redo = redo_key(event)
    step = getattr(delegate.parent(), "undo_step", None)
    if redo is None or step is None or own_step(editor, redo):
        return False  # the editor's own: typing taken back, stored live as it goes
    if event.type() == QEvent.Type.ShortcutOverride:
        event.accept()  # the key comes to the editor, below, not to a window shortcut
        return True
    if redo:  # as the window's Redo: the redo first over typing not held yet, kept open
        from gui.editor.table_view import RecordTableView  # here: they import the delegates
        from gui.editor.window_undo import redo_from_cell

        view = delegate.parent()
        if isinstance(view, RecordTableView):
            redo_from_cell(view, editor, delegate)
            return True
    # closed first: an open editor kept the text it had, and Tab stored it back over the undo
    delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    step(redo)
    return True


def redo_key(event: QKeyEvent) -> bool | None:
    """False for Ctrl+Z, True for Ctrl+Y or Ctrl+Shift+Z (the editor's keys), else None."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return False
    ctrl_y = (event.key() == Qt.Key.Key_Y
              and event.modifiers() == Qt.KeyboardModifier.ControlModifier)
    return True if ctrl_y or event.matches(QKeySequence.StandardKey.Redo) else None


def own_step(editor: QWidget, redo: bool) -> bool:
    """The editor has typing of its own to take back (``redo``: to put back)."""
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    if isinstance(line, QLineEdit):
        return line.isRedoAvailable() if redo else line.isUndoAvailable()
    if isinstance(line, QPlainTextEdit):
        document = line.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return False
