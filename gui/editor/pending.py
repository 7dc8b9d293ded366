"""What is typed and not yet committed, committed as leaving it would: the field or table cell
being typed in under the editor (a save, leaving the case, or the case turning read-only must
see its text: a cell holding a part-typed choice, "lumb" for lumbar puncture, stored nothing as
it was typed and was dropped silently)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QWidget

from gui.editor.binding import FieldBinding


def commit_focused(root: QWidget, close: bool = False) -> None:
    """Commit the focused field (its binding) or table cell editor under ``root``. ``close``:
    the cell's editor closes too, as Tab would close it."""
    widget = QApplication.focusWidget()
    while widget is not None and widget is not root:
        binding = widget.findChild(FieldBinding, "", Qt.FindChildOption.FindDirectChildrenOnly)
        if binding is not None:
            binding.commit()
            return
        parent = widget.parentWidget()
        view = parent.parentWidget() if parent is not None else None
        if isinstance(view, QAbstractItemView) and parent is view.viewport() \
                and view.state() == QAbstractItemView.State.EditingState:
            delegate = view.itemDelegateForIndex(view.currentIndex())
            if delegate is not None:  # the cell's editor: stored as Tab stores it
                delegate.commitData.emit(widget)
                if close:
                    delegate.closeEditor.emit(widget, QAbstractItemDelegate.EndEditHint.NoHint)
            return
        widget = widget.parentWidget()


def typing_path(root: QWidget) -> str | None:
    """The path of the form field under ``root`` being typed in (it has the focus), if any:
    its text is judged when it is left, not at each key."""
    widget = QApplication.focusWidget()
    while widget is not None and widget is not root:
        binding = widget.findChild(FieldBinding, "", Qt.FindChildOption.FindDirectChildrenOnly)
        if binding is not None:
            return binding.path
        widget = widget.parentWidget()
    return None
