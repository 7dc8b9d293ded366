"""A read-only case (locked until Amend…, or opened from the trash): its fields are read as a
signed record is, not greyed out. They keep the focus and the Tab order, their text can be
selected and copied (Ctrl+C; a table's cells too), a long text scrolls by keyboard, but nothing
changes them: text fields are read-only, a choice or tick box refuses keys, the wheel, clicks
and its list, and the buttons and keys that change the case (Add row, Paste, Remove…) are off.

One helper, ``set_read_only(root, on)``, applied to the editor's section pages; it undoes only
what it did (a field read-only by design, a button off for its own reason stay so). The
editor's ``EditContext.read_only`` refuses any change that would still reach the document."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from gui.editor.widgets.line_field import read_only_look

# Set on what this module changed, so that turning read-only off undoes only that.
MARK = "made_read_only"
# An action that stays on in a read-only case (it reads: Copy, Field history) or that
# decides for itself (a page's Add row anywhere); every other action in the pages is off.
KEEP = "kept_when_read_only"

TEXT_FIELDS = (QLineEdit, QAbstractSpinBox)
CHOICES = (QComboBox, QCheckBox, QRadioButton)
CLICKS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
          QEvent.Type.MouseButtonDblClick)
# keys that change a choice or open its list; Tab, Ctrl+C, Left/Right still work
CHOICE_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                         Qt.Key.Key_PageDown, Qt.Key.Key_F4, Qt.Key.Key_Space,
                         Qt.Key.Key_Select})


def keep_when_read_only(action: QAction) -> QAction:
    action.setProperty(KEEP, True)
    return action


class ChoiceGuard(QObject):
    """Refuses what would change a choice (combo box) or a tick box, keeps the focus on it.

    A refused key or wheel turn is ignored, not eaten, so it reaches the page (Page Down and
    the wheel scroll the page as over a label)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in CLICKS and isinstance(watched, QWidget):
            if kind == QEvent.Type.MouseButtonPress and watched.focusPolicy() \
                    & Qt.FocusPolicy.ClickFocus:
                watched.setFocus(Qt.FocusReason.MouseFocusReason)  # to read and copy it
            return True
        if kind == QEvent.Type.Wheel or kind == QEvent.Type.Shortcut:  # a mnemonic ticks it
            event.ignore()
            return True
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(
                event, QKeyEvent) and _changes_choice(watched, event):
            event.ignore()
            return True
        return False


def _changes_choice(watched: QObject, event: QKeyEvent) -> bool:
    if event.key() in CHOICE_KEYS or event.modifiers() & Qt.KeyboardModifier.AltModifier \
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
        return True
    # a list that takes no typing jumps to the item a letter starts (Home, End: to the ends)
    editable = isinstance(watched, QComboBox) and watched.isEditable()
    return not editable and isinstance(watched, QComboBox) and (
        event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End)
        or bool(event.text()) and event.text().isprintable())


def set_read_only(root: QWidget, on: bool, guard: ChoiceGuard) -> None:
    """Make every field under ``root`` read-only (``on``) or editable again."""
    for widget in [root, *root.findChildren(QWidget)]:
        turned = False
        if isinstance(widget, (QPlainTextEdit, QTextEdit)):
            turned = _mark(widget, on, widget.isReadOnly(), partial(_read_text, widget))
        elif isinstance(widget, TEXT_FIELDS):
            turned = _mark(widget, on, widget.isReadOnly(), widget.setReadOnly)
        elif isinstance(widget, CHOICES):
            _mark(widget, on, False, partial(_guard, widget, guard))
        elif isinstance(widget, QPushButton):  # Add row, Remove, Add figure…: a change
            _mark(widget, on, widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled),
                  partial(_turn_off, widget))
        if turned and isinstance(widget, (QLineEdit, QPlainTextEdit)):  # grey, no hint,
            read_only_look(widget)  # a choice box's too
            parent = widget.parentWidget()
            if isinstance(parent, QComboBox):
                read_only_look(parent)
        for action in widget.actions():  # Paste, Clear cells, Ctrl+M…: off; Copy stays
            if not action.property(KEEP):
                _mark(action, on, not action.isEnabled(), partial(_turn_off, action))


def _read_text(edit: QPlainTextEdit | QTextEdit, read_only: bool) -> None:
    """Read-only, and read by keyboard too (Qt's read-only text takes no keys): arrows, Page
    Down, Ctrl+End, Shift to select."""
    edit.setReadOnly(read_only)  # (back to editing, Qt gives it its editor's keys again)
    if read_only:
        edit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)


def _guard(widget: QWidget, guard: ChoiceGuard, on: bool) -> None:
    if on:
        widget.installEventFilter(guard)
    else:
        widget.removeEventFilter(guard)


def _turn_off(item: QWidget | QAction, off: bool) -> None:
    item.setEnabled(not off)


def _mark(item: QObject, on: bool, already: bool, apply: Callable[[bool], object]) -> bool:
    """Turn ``item`` read-only (``apply(True)``) unless it ``already`` is; back only if this
    module turned it. Whether it was turned."""
    if on and not already and not item.property(MARK):
        apply(True)
        item.setProperty(MARK, True)
        return True
    if not on and item.property(MARK):
        apply(False)
        item.setProperty(MARK, False)
        return True
    return False
