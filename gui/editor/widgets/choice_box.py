"""A choice from a fixed list (enums, yes/no): type the first letters (inline completion) or
open the list with F4 / Alt+Down."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from gui.editor.widgets.line_field import apply_problem


class ChoiceBox(QComboBox):
    text_edited = Signal(str)
    editingFinished = Signal()  # noqa: N815 - same name as QLineEdit's

    def __init__(self, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_tip = ""
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(["", *labels])
        self.setMaxVisibleItems(20)
        completer = QCompleter(labels, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self.text_edited)
        self.lineEdit().editingFinished.connect(self.editingFinished)
        self.activated.connect(lambda _i: self.text_edited.emit(self.currentText()))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(min(28, max((len(t) for t in labels), default=6) + 2))

    def value_text(self) -> str:
        """The text, preferring what was typed when it is itself a whole option (so "CR"
        stays "CR" even if inline completion proposes "CR1")."""
        line = self.lineEdit()
        text = line.text()
        if line.hasSelectedText() and line.selectionStart() + len(line.selectedText()) == len(text):
            typed = text[:line.selectionStart()]
            if self.findText(typed, Qt.MatchFlag.MatchFixedString) > 0:
                return typed
        return text

    def set_value_text(self, text: str) -> None:
        if text == self.currentText():
            return
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.setCurrentIndex(index)
        self.setEditText(text)

    def set_problem(self, level: str, message: str = "") -> None:
        apply_problem(self, level, message, self.base_tip)
