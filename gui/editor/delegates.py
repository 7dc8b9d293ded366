"""Cell editors: the same field editors as forms (choice list, when, numbers, vocabulary).

Typing commits live (so derived values follow), except in *when* cells, which commit on Tab
or Enter so a row does not jump to its sorted place mid-typing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from core.model.closed_lists import CLOSED_VOCABS, exact_code
from gui.editor.binding import LIVE_KINDS, erased_from
from gui.editor.cell_undo import undo_in_cell
from gui.editor.fields import FieldSpec
from gui.editor.table_model import LIVE_EDIT_ROLE, SCOPE_ROLE, SPEC_ROLE, TAKE_BACK_ROLE
from gui.editor.values import MISSING_TEXT, InputError, parse_text
from gui.editor.widgets import ChoiceBox, FieldLine, make_editor
from gui.editor.widgets.vocab_picker import VocabPicker, closes_list

ModelIndex = QModelIndex | QPersistentModelIndex
DateFormat = Callable[[], str | None]


def ctrl_tab(event: QKeyEvent) -> bool | None:
    """Ctrl+Tab (True: forward) or Ctrl+Shift+Tab (False), which leave a table; else None."""
    if not (event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)):
        return None
    return event.key() == Qt.Key.Key_Tab and not (
        event.modifiers() & Qt.KeyboardModifier.ShiftModifier)


class FieldDelegate(QStyledItemDelegate):
    # a key typed in an open cell stored nothing yet (a part-typed choice, a date): the table
    # says so to its context, as a change the draft keeps (gui.editor.pending)
    typed_not_stored = Signal()

    def __init__(self, date_format: DateFormat, parent: QWidget | None = None) -> None:
        """``date_format``: the user's date format, read when a cell is edited (Preferences
        may change it while the table is shown)."""
        super().__init__(parent)
        self._date_format = date_format

    @property
    def date_format(self) -> str | None:
        return self._date_format()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: ModelIndex) -> QWidget:
        spec = index.data(SPEC_ROLE)
        if spec is None:
            return super().createEditor(parent, option, index)
        editor = make_editor(spec, self.date_format, parent, in_table=True)
        editor.setAccessibleName(spec.label)
        editor.setFrame(False) if isinstance(editor, FieldLine) else None
        persistent = QPersistentModelIndex(index)
        if spec.scope and isinstance(editor, VocabPicker):  # a response's Category: its Scope's
            editor.scope = lambda: persistent.data(SCOPE_ROLE) or None  # read as it is listed
        editor.text_edited.connect(lambda text: self._typed(persistent, spec,
                                                            typed_or_reason(editor, text)))
        editor.text_edited.connect(lambda _text: editor.setProperty("edited", True))
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        if not hasattr(editor, "set_value_text"):
            super().setEditorData(editor, index)
            return
        if editor.property("loaded") and _typed_in(editor):
            return  # the cell is being typed in: its own live edits come back here
        editor.setProperty("loaded", True)
        editor.set_value_text(str(index.data() or ""))
        editor.setProperty("shown", editor.value_text() if hasattr(editor, "value_text") else None)
        editor.setProperty("typed_over", None)  # see typed_or_reason
        line = editor.line_edit() if isinstance(editor, ChoiceBox) else editor
        if isinstance(line, QLineEdit | QPlainTextEdit):
            line.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: ModelIndex) -> None:
        if hasattr(editor, "value_text"):
            text = typed_or_reason(editor, editor.value_text())
            # left with nothing typed (F2 then Tab): the cell's text is its stored value's,
            # which stays as it is (a stored 1.125 read back as '1.125' is 1125 or 1.125)
            if editor.property("edited") or text != editor.property("shown"):
                model.setData(index, text)
        else:
            super().setModelData(editor, model, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter stores the cell at once, as Tab does: Qt's own Enter only queued the store and
        the close for later, so the key left the editor open with nothing stored yet, and what
        came next (a save, the next keys) could come first. The editor takes the key first
        (a choice takes its proposal); a refused text keeps the editor open.
        Ctrl+Tab / Ctrl+Shift+Tab store the cell as Tab does and leave the table (to its "More
        of the row" tick): Qt's own handling took them for Tab and went to the next cell, so
        from an open cell (Tab opens the next one) only Escape, which takes the typing back,
        let Ctrl+Tab leave.
        Escape with a vocabulary cell's list open is the list's: it closes the list and the
        cell stays open with what was typed (one sent to the cell itself reached Qt's own
        filter, which closed the cell too)."""
        if closes_list(watched, event):
            watched.close_list()
            return True
        if self._leaves_table(watched, event) or undo_in_cell(self, watched, event):
            return True
        if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and isinstance(watched, QWidget) and hasattr(watched, "value_text")
                and not isinstance(watched, QPlainTextEdit)):
            watched.keyPressEvent(event)
            line = watched.line_edit() if isinstance(watched, ChoiceBox) else watched
            if isinstance(line, QLineEdit) and not line.hasAcceptableInput():
                return True
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(watched, event)

    def _leaves_table(self, watched: QObject, event: QEvent) -> bool:
        forward = (ctrl_tab(event) if isinstance(event, QKeyEvent)
                   and event.type() == QEvent.Type.KeyPress else None)
        leave = getattr(self.parent(), "leave", None)  # the RecordTableView's
        if forward is None or leave is None or not isinstance(watched, QWidget):
            return False
        self.commitData.emit(watched)
        self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
        leave(forward)
        return True

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: ModelIndex) -> None:
        # A choice stays inside its cell (its open list is as wide as its longest value,
        # ChoiceBox.showPopup): widened to its size hint it covered the next cell, whose
        # double-click then went into the choice and what was typed there was lost
        editor.setGeometry(option.rect)

    def _typed(self, index: QPersistentModelIndex, spec: FieldSpec, text: str) -> None:
        """A key in a cell: stored at once where it can be (live), else said as typing."""
        if not (spec.kind in LIVE_KINDS and self._live_commit(index, spec, text)):
            if spec.kind in LIVE_KINDS and index.isValid():  # '4O': the '4' stored on the way
                # goes now, not when the cell is left (a draft meanwhile recovered the 4)
                source = QModelIndex(index)  # type: ignore[call-overload]
                index.model().setData(source, None, TAKE_BACK_ROLE)
            self.typed_not_stored.emit()

    def _live_commit(self, index: QPersistentModelIndex, spec: FieldSpec, text: str) -> bool:
        if not index.isValid():
            return False
        if spec.kind == "enum" and not _whole_option(spec.options, text):
            return False
        if spec.vocab in CLOSED_VOCABS and exact_code(spec.vocab, text) is None:
            return False  # "complete" on the way to "complete MRD": stored at Tab or Enter
        try:
            parse_text(spec, text, self.date_format)
        except InputError:
            return False
        # PySide6 makes a QModelIndex of a persistent one; its stubs lack that overload
        source = QModelIndex(index)  # type: ignore[call-overload]
        return bool(index.model().setData(source, text, LIVE_EDIT_ROLE))


def typed_or_reason(editor: QWidget, text: str) -> str:
    """``text`` typed in a cell that showed a missing-value reason ("(not reported)"): text
    typed replaces the reason; erased again, the cell's text is that reason once more, not
    nothing (the reason was lost: the cell ended up plainly empty)."""
    shown = editor.property("shown")
    if text.strip():
        if editor.property("typed_over") is None and isinstance(shown, str) \
                and shown.strip() in _REASONS_SHOWN:  # "": the reason erased, not typed over
            editor.setProperty("typed_over", "" if erased_from(shown, text) else shown.strip())
        return text
    typed_over = editor.property("typed_over")
    return typed_over if isinstance(typed_over, str) and typed_over else text


_REASONS_SHOWN = frozenset(MISSING_TEXT.values())


def _typed_in(editor: QWidget) -> bool:
    """The editor has the cursor of its window, active or not: right after "Go to field" closed
    the reasons dialog, the main window is not active yet while the keys already reach the
    cell; hasFocus() was False then, each key's live edit loaded the cell again, all of it
    selected, and the next key replaced it ("L01BA01" stored "1")."""
    focus = editor.window().focusWidget()
    return focus is not None and (focus is editor or editor.isAncestorOf(focus))


def _whole_option(options: tuple[str, ...], text: str) -> bool:
    wanted = text.strip().lower().replace("_", " ")
    return not wanted or any(o.lower().replace("_", " ") == wanted for o in options)
