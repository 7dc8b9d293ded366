"""A choice from a fixed list (enums, yes/no, missing-value reasons): type the first letters
(inline completion) or open the list with F4 / Alt+Down. Only the listed values can be typed: a
keystroke that leads to no listed value is refused with a tooltip naming the choices, and a
part-typed value left behind goes back to the field's value (or to the only value it starts)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QToolTip, QWidget

from gui.editor.values import MISSING_TEXT, SEPARATOR
from gui.editor.widgets.line_field import apply_problem


class ChoiceBox(QComboBox):
    text_edited = Signal(str)
    editingFinished = Signal()  # noqa: N815 - same name as QLineEdit's

    def __init__(self, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_tip = ""
        self._shown_text = ""  # the field's value as last shown: what a part-typed text reverts to
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(["", *labels])
        self.setMaxVisibleItems(20)
        completer = QCompleter(labels, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.setCompleter(completer)
        self.setValidator(ListedOnly(self))
        self.line_edit().inputRejected.connect(self._hint_choices)
        self.line_edit().textEdited.connect(self.text_edited)
        self.line_edit().editingFinished.connect(self.editingFinished)
        self.activated.connect(lambda _i: self.text_edited.emit(self.currentText()))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(min(28, max((len(t) for t in labels), default=6) + 2))

    def line_edit(self) -> QLineEdit:
        """The box's line edit (the box is editable from the start: there always is one)."""
        line = self.lineEdit()
        assert line is not None
        return line

    def value_text(self) -> str:
        """The text, preferring what was typed when it is itself a whole option (so "CR"
        stays "CR" even if inline completion proposes "CR1")."""
        line = self.line_edit()
        text = line.text()
        if line.hasSelectedText() and line.selectionStart() + len(line.selectedText()) == len(text):
            typed = text[:line.selectionStart()]
            if self.findText(typed, Qt.MatchFlag.MatchFixedString) > 0:
                return typed
        return text

    def choices(self) -> list[str]:
        """What can be typed: the listed values and the missing-value reasons."""
        return [*(self.itemText(i) for i in range(1, self.count())), *MISSING_TEXT.values()]

    def _hint_choices(self) -> None:
        QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())),
                          "Only a listed value: " + ", ".join(self.choices()[:12])
                          + " (F4 opens the list)", self)

    def set_value_text(self, text: str) -> None:
        self._shown_text = text
        if text == self.currentText():
            return
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.setCurrentIndex(index)
        self.setEditText(text)

    def set_problem(self, level: str, message: str = "") -> None:
        apply_problem(self, level, message, self.base_tip)


def is_open_list_key(event: QKeyEvent) -> bool:
    """F4 or Alt+Down: "open this list", as everywhere on the desktop."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (event.key() == Qt.Key.Key_F4 and mods == Qt.KeyboardModifier.NoModifier) or (
        event.key() == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier)


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


class ListedOnly(QValidator):
    """Accepts a listed value (any case; for "code — label" the code alone too), a start of one
    while typing, and empty."""

    def __init__(self, box: ChoiceBox, parent: QObject | None = None) -> None:
        super().__init__(parent or box)
        self.box = box

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        key = _key(text)
        keys = [_key(c) for c in self.box.choices()]
        if not key or key in keys or key in (k.split(SEPARATOR)[0].strip() for k in keys):
            return QValidator.State.Acceptable, text, pos
        if any(k.startswith(key) for k in keys):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def fixup(self, text: str) -> str:
        """Left part-typed: the only value it starts, else back to the value shown before."""
        key = _key(text)
        starting = [c for c in self.box.choices() if _key(c).startswith(key)]
        return starting[0] if len(starting) == 1 else self.box._shown_text
