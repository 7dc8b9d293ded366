"""While a code field or cell proposes the rest of a value in place ('blinatu' -> blinatumomab,
the rest selected), the status bar says how to take it: "End or → takes 'blinatumomab'; Tab
keeps what you typed ('blinatu')". Tab and a click keep what was typed (gui.editor.widgets.
vocab_picker), which a mouse user had no way to learn; the message goes with the proposal."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit, QMainWindow, QStatusBar

from gui.editor.values import code_of
from gui.status_message import show_fitted

HINT = "End or → takes '{proposed}'; Tab keeps what you typed ('{typed}')"


def proposal_of(line: QLineEdit) -> tuple[str, str] | None:
    """(what was typed, the value proposed) while the rest of the text is a proposal (selected
    up to its end after what was typed); None otherwise."""
    text, start = line.text(), line.selectionStart()
    if not line.hasSelectedText() or start <= 0 or start + len(line.selectedText()) != len(text):
        return None
    return text[:start], code_of(text).strip()


class ProposalHint(QObject):
    """Follows one field's proposals; its slots are methods, so they go with the field."""

    def __init__(self, line: QLineEdit) -> None:
        super().__init__(line)
        self.line = line
        self.shown = ""  # the message this field put in the status bar, while it shows
        line.selectionChanged.connect(self.update)
        line.textChanged.connect(self.update)
        line.editingFinished.connect(self.update)

    def _bar(self) -> QStatusBar | None:
        window = self.line.window()
        return window.statusBar() if isinstance(window, QMainWindow) else None

    def update(self) -> None:
        bar = self._bar()
        if bar is None:
            return
        proposal = proposal_of(self.line) if self.line.hasFocus() else None
        if proposal is not None and not self.line.isReadOnly():
            typed, proposed = proposal
            self.shown = show_fitted(bar, HINT.format(proposed=proposed, typed=typed),
                                     timeout_ms=0)
        elif self.shown:
            if bar.currentMessage() == self.shown:
                bar.clearMessage()
            self.shown = ""


def follow_proposals(line: QLineEdit) -> None:
    ProposalHint(line)
