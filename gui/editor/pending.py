"""What is typed and not yet committed, committed as leaving it would: the field or table cell
being typed in under the editor (a save, leaving the case, or the case turning read-only must
see its text: a cell holding a part-typed choice, "lumb" for lumbar puncture, stored nothing as
it was typed and was dropped silently).

Until then that text counts as a change, and the draft keeps it (``typed_not_stored``): a
part-typed choice in a cell still open, 'CELLOPEN', was in no draft, so a crash lost it while
the status bar said "Saved"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QWidget

from gui.editor.binding import FieldBinding
from gui.editor.context import EditContext
from gui.editor.fields import FieldSpec
from gui.editor.table_view import RecordTableView
from gui.editor.validation import as_stored
from gui.editor.values import InputError, Missing, format_value, parse_text


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


def typed_not_stored(root: QWidget) -> tuple[str, str] | None:
    """The path and text of the form field or open table cell under ``root`` being typed in,
    when the case does not hold that text yet (a part-typed choice, a date not yet left, '4O'
    on its way): None when it shows what is stored (or what was already kept as not stored).
    The window's focus is read even while another window is active: typing left there counts."""
    focus = root.window().focusWidget()
    if focus is None or not root.isAncestorOf(focus):
        return None
    widget: QWidget | None = focus
    while widget is not None and widget is not root:
        binding = widget.findChild(FieldBinding, "", Qt.FindChildOption.FindDirectChildrenOnly)
        if binding is not None:
            path = binding.path
            text = binding.editor.value_text()
            kept = binding.input_error is not None and binding.ctx.typed.get(path or "") == text
            if path is None or kept or _holds(binding.ctx, binding.spec, path, text):
                return None
            return path, text
        parent = widget.parentWidget()
        view = parent.parentWidget() if parent is not None else None
        if isinstance(view, RecordTableView) and parent is view.viewport():
            return open_cell_typed(view, widget)
        widget = parent
    return None


def open_cell_typed(view: RecordTableView, editor: QWidget) -> tuple[str, str] | None:
    index = view.currentIndex()
    if (view.state() != QAbstractItemView.State.EditingState or not index.isValid()
            or view.indexWidget(index) is not editor or not hasattr(editor, "value_text")):
        return None
    source = view.proxy.mapToSource(index)
    spec = view.source.columns[source.column()].spec
    text = editor.value_text()
    if spec is None or text == str(index.data() or ""):  # as the cell shows it (or kept)
        return None
    path = view.source.cell_path(source.row(), source.column())
    return None if _holds(view.source.ctx, spec, path, text) else (path, text)


def _holds(ctx: EditContext, spec: FieldSpec, path: str, text: str) -> bool:
    """Does the case hold what ``text`` says at ``path`` (typing stored live: '7.50' is 7.5)?
    A locked case holds whatever is typed: nothing typed there is a change."""
    if ctx.read_only:
        return True
    value, reason = ctx.doc.get(path), ctx.doc.missing_reason(path)
    if text == format_value(spec, value, reason):
        return True
    try:
        typed: Any = parse_text(spec, text, ctx.date_format)
    except InputError:
        return False
    if isinstance(typed, Missing):
        return value is None and reason == typed.reason
    return reason is None and _stored(path, typed) == value


def _stored(path: str, value: Any) -> Any:
    try:
        return as_stored(path, value)
    except (KeyError, ValueError, TypeError):  # a path the model does not know: as typed
        return value
