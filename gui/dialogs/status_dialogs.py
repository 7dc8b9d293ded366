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
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import Blocker, CasebookError
from core.logs import get_logger
from core.reasons import MAX_REASON, fold_reason
from gui.screen_fit import resize_to_fit

PATH_ROLE = Qt.ItemDataRole.UserRole
log = get_logger("gui")


REFUSED_TITLE = "Cannot mark complete"  # the reasons dialog's title, unless told otherwise


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
                item.setToolTip(f"{reason.rule} · {reason.path}" if reason.rule else reason.path)
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


class ReasonDialog(QDialog):
    """Asks for a reason; OK with an empty reason, or one ``check`` finds a problem in (one
    of the patient's identifiers), says so under the field and stays open, the text kept."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None,
                 check: Callable[[str], str | None] | None = None):
        super().__init__(parent)
        self._check = check
        self.setWindowTitle(title)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setAccessibleName("Reason")
        self.field.setToolTip(f"One line, at most {MAX_REASON} characters")
        self.field.textChanged.connect(self._fold)
        label.setBuddy(self.field)
        self.problem = QLabel()
        self.problem.setObjectName("FieldProblem")
        self.problem.setStyleSheet("color: #b71c1c;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.field.textEdited.connect(lambda _text: self.problem.hide())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.field, self.problem, buttons):
            layout.addWidget(widget)
        self.resize(480, self.sizeHint().height())

    def _fold(self, text: str) -> None:
        """A pasted line break or tab becomes a space: a reason is one line."""
        folded = fold_reason(text)
        if folded != text:
            at = self.field.cursorPosition()
            self.field.setText(folded)
            self.field.setCursorPosition(min(at, len(folded)))

    def _on_ok(self) -> None:
        text = self.field.text().strip()
        if not text:
            self._say("Reason: give a reason; it is kept in the audit trail with the change. "
                      "(Cancel leaves the case as it is.)")
            return
        if len(text) > MAX_REASON:
            self._say(f"Reason: at most {MAX_REASON} characters ({len(text):,} given); "
                      "shorten it (the details belong in the case).")
            return
        problem = self._problem(text)
        if problem:
            self._say(problem)
            return
        self.accept()

    def _problem(self, text: str) -> str | None:
        if self._check is None:
            return None
        try:
            return self._check(text)
        except CasebookError:  # the case could not be read: the action itself says why
            log.warning("the reason could not be checked before the action", exc_info=True)
            return None

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.show()
        self._fit_height()
        self.field.setFocus()

    def _fit_height(self) -> None:
        """Grow to hold the question and the message, wrapped at this width: a dialog's
        minimum size does not follow word-wrapped labels, so the message took its room from
        the question, cut to its first two lines."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        needed = max(needed, layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def ask(self) -> str | None:
        return self.field.text().strip() if self.exec() == QDialog.DialogCode.Accepted else None
