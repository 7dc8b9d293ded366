"""A dialog asking for one line of text: a reason (``ReasonDialog``), a signer's name
(``SignDialog``). A pasted line break or tab becomes a space; OK with a problem says so under
the field, the dialog growing to show it, and stays open with the text kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from core.errors import CasebookError
from core.logs import get_logger
from core.reasons import fold_reason

log = get_logger("gui")


class OneLineDialog(QDialog):
    """The field, the problem line under it and OK/Cancel; a subclass lays them out and adds
    its own checks (``problem_of``) before ``check``'s."""

    def __init__(self, title: str, parent: QWidget | None = None,
                 check: Callable[[str], str | None] | None = None, text: str = ""):
        super().__init__(parent)
        self._check = check
        self.setWindowTitle(title)
        self.field = QLineEdit(text)
        self.field.textChanged.connect(self._fold)
        self.problem = QLabel()
        self.problem.setObjectName("FieldProblem")
        self.problem.setStyleSheet("color: #b71c1c;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.field.textEdited.connect(lambda _text: self.problem.hide())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

    def problem_of(self, text: str) -> str | None:
        """What is wrong with ``text`` (stripped), by ``check``; None when nothing is."""
        if self._check is None:
            return None
        try:
            return self._check(text)
        except CasebookError:  # the case could not be read: the action itself says why
            log.warning("the text could not be checked before the action", exc_info=True)
            return None

    def _fold(self, text: str) -> None:
        folded = fold_reason(text)
        if folded != text:
            at = self.field.cursorPosition()
            self.field.setText(folded)
            self.field.setCursorPosition(min(at, len(folded)))

    def _on_ok(self) -> None:
        problem = self.problem_of(self.field.text().strip())
        if problem:
            self._say(problem)
            return
        self.accept()

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.show()
        self._fit_height()
        self.field.setFocus()

    def fit_width(self, width: int) -> None:
        """``width`` wide and as tall as its question wrapped at that width: the height of its
        size hint wraps the question at the label's own preferred width, wider, so a long
        question (a case's 170-character title) was cut at both ends."""
        self.resize(width, self.sizeHint().height())
        self._fit_height()

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
