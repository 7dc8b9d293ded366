"""Text-based field editors sharing one small interface.

Every field editor has ``value_text()``, ``set_value_text(text)``, a ``text_edited(str)``
signal for live typing, and ``set_problem(level, message)`` to mark it (red border for an
error, amber for a warning) with the message as tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from gui.style_flags import restyle

RIGHT_ALIGNED_KINDS = ("int", "float")
NO_COLOUR = QColor(0, 0, 0, 0)


def read_only_look(widget: QWidget) -> None:
    """A field that takes no typing (a locked case: read-only, or disabled) draws no hint:
    'date or d168' among values read as an entered value, so an empty field looks empty; a
    read-only one has a disabled field's grey background (a white one invites typing), its
    text in the normal colour. Again when it turns editable: the usual hint and background.
    (Set on the field itself: a palette set on the editor does not reach its fields'
    placeholder colour; again after a style sheet rule set the palette.)"""
    palette, usual = widget.palette(), QApplication.palette(widget)
    read_only = _is_read_only(widget)
    wanted = {(QPalette.ColorGroup.Disabled, QPalette.ColorRole.PlaceholderText): NO_COLOUR}
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        wanted[group, QPalette.ColorRole.PlaceholderText] = NO_COLOUR if read_only \
            else usual.color(group, QPalette.ColorRole.PlaceholderText)
        wanted[group, QPalette.ColorRole.Base] = usual.color(
            group, QPalette.ColorRole.Window if read_only else QPalette.ColorRole.Base)
    changed = [(key, colour) for key, colour in wanted.items() if palette.color(*key) != colour]
    for (group, role), colour in changed:
        palette.setColor(group, role, colour)
    if changed:
        widget.setPalette(palette)


def _is_read_only(widget: QWidget) -> bool:
    if isinstance(widget, QComboBox):  # a choice box: its line edit (gui.editor.read_only)
        line = widget.lineEdit()
        return line is not None and line.isReadOnly()
    return isinstance(widget, (QLineEdit, QPlainTextEdit)) and widget.isReadOnly()


def apply_problem(widget: QWidget, level: str, message: str, base_tip: str) -> None:
    restyle(widget, "problem", level)
    widget.setToolTip("\n".join(t for t in (message, base_tip) if t))


class FieldLine(QLineEdit):
    """A one-line field: text, numbers, day lists, keywords..."""

    text_edited = Signal(str)

    def __init__(self, kind: str = "text", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_tip = ""
        read_only_look(self)
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
            read_only_look(self)


class NarrativeEdit(QPlainTextEdit):
    """Free text over several lines; Tab moves on (Ctrl+Enter is not needed to leave)."""

    text_edited = Signal(str)
    editingFinished = Signal()  # noqa: N815 - same name as QLineEdit's

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_tip = ""
        read_only_look(self)
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a style sheet rule set the palette
            read_only_look(self)

    def _on_text_changed(self) -> None:
        if not self._loading:
            self.text_edited.emit(self.toPlainText())
