"""The questions of the case status workflow: why "Mark complete" was refused (each reason
names its field; choosing one goes there), and the reason for an amendment or an unlock (an
empty reason is refused at the field, with a message)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import Blocker
from core.logs import get_logger
from core.reasons import MAX_REASON
from gui.dialogs.one_line import OneLineDialog
from gui.editor.rule_words import rule_words
from gui.screen_fit import resize_to_fit

PATH_ROLE = Qt.ItemDataRole.UserRole
log = get_logger("gui")


REFUSED_TITLE = "Cannot mark complete"  # the reasons dialog's title, unless told otherwise
GO_HINT = "Enter or a double-click goes to the field"


class ReasonsDialog(QDialog):
    """The reasons a status change was refused; "Go to field" (or Enter, or a double-click on
    a reason) closes the dialog and asks the editor to show that field."""

    def __init__(self, message: str, reasons: Sequence[str | Blocker],
                 parent: QWidget | None = None, title: str = REFUSED_TITLE):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.list = QListWidget()
        self.list.setAccessibleName("Reasons")
        self.list.setWordWrap(True)
        for reason in reasons:
            item = QListWidgetItem(f"• {reason}")
            if isinstance(reason, Blocker):
                item.setData(PATH_ROLE, reason.path)
                # the rule in words, never its tag or the field's path ("REQUIRED ·
                # patient.sex" was shown): the text names the field
                tip = [rule_words(reason.rule)] if reason.rule else []
                item.setToolTip("; ".join(tip + [GO_HINT] if reason.path else tip))
            self.list.addItem(item)
        self.list.itemActivated.connect(lambda _item: self._go())
        buttons = QDialogButtonBox()
        self.go_button = buttons.addButton("&Go to field", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.go_button.clicked.connect(self._go)
        buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(self._on_current)
        intro = QLabel(f"{message.rstrip(': ')} ({len(reasons)} to fix). They are also listed "
                       "under Problems; choose one to go to its field.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.chosen: str | None = None
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()
        resize_to_fit(self, 620, 380)

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        self.go_button.setEnabled(bool(item and item.data(PATH_ROLE)))

    def _go(self) -> None:
        item = self.list.currentItem()
        path = item.data(PATH_ROLE) if item else None
        if path:
            self.chosen = path
            self.accept()

    def ask(self) -> str | None:
        """The field path chosen to go to, or None (closed)."""
        self.exec()
        return self.chosen


class ReasonDialog(OneLineDialog):
    """Asks for a reason; OK with an empty reason, or one ``check`` finds a problem in (one
    of the patient's identifiers), says so under the field and stays open, the text kept."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None,
                 check: Callable[[str], str | None] | None = None):
        super().__init__(title, parent, check)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.field.setAccessibleName("Reason")
        self.field.setToolTip(f"One line, at most {MAX_REASON} characters")
        label.setBuddy(self.field)
        layout = QVBoxLayout(self)
        for widget in (label, self.field, self.problem, self.buttons):
            layout.addWidget(widget)
        self.fit_width(480)

    def problem_of(self, text: str) -> str | None:
        if not text:
            return ("Reason: give a reason; it is kept in the audit trail with the change. "
                    "(Cancel leaves the case as it is.)")
        if len(text) > MAX_REASON:
            return (f"Reason: at most {MAX_REASON} characters ({len(text):,} given); "
                    "shorten it (the details belong in the case).")
        return super().problem_of(text)
