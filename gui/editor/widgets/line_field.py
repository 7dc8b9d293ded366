"""Text-based field editors sharing one small interface.

Every field editor has ``value_text()``, ``set_value_text(text)``, a ``text_edited(str)``
signal for live typing, and ``set_problem(level, message)`` to mark it (red border for an
error, amber for a warning) with the message as tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QPalette
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from gui.style_flags import restyle

RIGHT_ALIGNED_KINDS = ("int", "float")


def no_hint_when_disabled(widget: QWidget) -> None:
    """A field that takes no typing (a locked case) draws no hint: 'date or d168' greyed among
    greyed values read as an entered value, so an empty field looks empty. (Set on the field
    itself: a palette set on the editor does not reach its fields' placeholder colour.)"""
    palette = widget.palette()
    if palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.PlaceholderText).alpha():
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.PlaceholderText,
                         QColor(0, 0, 0, 0))
        widget.setPalette(palette)


def apply_problem(widget: QWidget, level: str, message: str, base_tip: str) -> None:
    restyle(widget, "problem", level)
    widget.setToolTip("\n".join(t for t in (message, base_tip) if t))


class FieldLine(QLineEdit):
    """A one-line field: text, numbers, day lists, keywords..."""

    text_edited = Signal(str)

    def __init__(self, kind: str = "text", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_tip = ""
        no_hint_when_disabled(self)
        self.textEdited.connect(self.text_edited)
        if kind in RIGHT_ALIGNED_KINDS:
            self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def value_text(self) -> str:
        return self.text()

    def set_value_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            if not self.hasFocus():
                self.setCursorPosition(0)

    def set_problem(self, level: str, message: str = "") -> None:
        apply_problem(self, level, message, self.base_tip)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a style sheet rule set the palette
            no_hint_when_disabled(self)


class NarrativeEdit(QPlainTextEdit):
    """Free text over several lines; Tab moves on (Ctrl+Enter is not needed to leave)."""

    text_edited = Signal(str)
    editingFinished = Signal()  # noqa: N815 - same name as QLineEdit's

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_tip = ""
        no_hint_when_disabled(self)
        self._loading = False
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.textChanged.connect(self._on_text_changed)

    def value_text(self) -> str:
        return self.toPlainText()

    def set_value_text(self, text: str) -> None:
        if text != self.toPlainText():
            self._loading = True
            self.setPlainText(text)
            self._loading = False

    def set_problem(self, level: str, message: str = "") -> None:
        apply_problem(self, level, message, self.base_tip)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.editingFinished.emit()

    def _on_text_changed(self) -> None:
        if not self._loading:
            self.text_edited.emit(self.toPlainText())
