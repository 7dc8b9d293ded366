"""The case count ("202 cases", "More than 500 cases match"): a label that keeps room for its
count grown by a digit, so a count that grows never shows cut. A plain QLabel is laid out
again only after its text has changed; until then it kept the width of the shorter text, and
while the demo data loaded the status bar read "202 cas" (a stranger run at 1024x768). Room
for six digits always cut the status bar's messages ("Marked complete ... then compl…" at
800 px); a count grows a digit at a time as cases come in. Plain Qt: the first paint
(``gui.start_list``) uses it before the services are open."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_COUNT = re.compile(r"([\d,]+) cases?\b")


def widest(text: str) -> str:
    """``text`` with its count grown by a digit (and "cases"): the room it keeps."""
    return _COUNT.sub(lambda m: f"{int('9' + m.group(1).replace(',', '')):,} cases", text)


class CountLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        # never narrower than its text: beside a long status message too
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._room(super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._room(super().minimumSizeHint())

    def _room(self, hint: QSize) -> QSize:
        metrics = self.fontMetrics()
        extra = metrics.horizontalAdvance(widest(self.text())) - metrics.horizontalAdvance(
            self.text())
        return QSize(hint.width() + max(0, extra), hint.height())
