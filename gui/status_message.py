"""A status bar message that can be read whole: one wider than the bar's message area is cut at
its end (…), and the whole text (or the fuller wording given) is the bar's tooltip while the
message shows. The cut follows the room: a permanent label that grows after the message was
shown (the case's save state) cuts it again."""

from __future__ import annotations

import time
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QStatusBar, QWidget

_NAME = "FittedStatusMessage"


def message_room(bar: QStatusBar) -> int:
    """The width QStatusBar draws a message in: from x=6 up to 2 px before its first
    permanent widget shown (or the size grip), at most to 12 px before its right end."""
    right = bar.width() - 12
    for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if child.isVisible():  # Casebook's bar has only permanent widgets, and the grip
            right = min(right, child.x() - 2)
    return max(0, right - 6)


class FittedMessage(QObject):
    """The message last shown through ``show_fitted`` on one status bar."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.setObjectName(_NAME)
        self.text = self.full = self.shown = ""
        self.ends = 0.0  # time.monotonic() when it goes (0: it stays)
        bar.messageChanged.connect(self._on_message_changed)
        bar.installEventFilter(self)

    @property
    def bar(self) -> QStatusBar:
        """The status bar, asked of Qt each time: in a real X window the Python wrapper of the
        bar captured once can be invalidated while the bar lives on ("Internal C++ object
        (QStatusBar) already deleted"), which made every later message raise."""
        return cast(QStatusBar, self.parent())

    def show(self, text: str, full: str, timeout_ms: int) -> str:
        self.text, self.full = text, full
        self.ends = time.monotonic() + timeout_ms / 1000 if timeout_ms > 0 else 0.0
        self._show(timeout_ms)
        return self.shown

    def _show(self, timeout_ms: int) -> None:
        metrics = self.bar.fontMetrics()
        room = message_room(self.bar)
        text = self.text
        self.shown = text if metrics.horizontalAdvance(text) <= room else metrics.elidedText(
            text, Qt.TextElideMode.ElideRight, room)
        self.bar.setToolTip(self.full if self.full and self.full != self.shown
                            else text if self.shown != text else "")
        self.bar.showMessage(self.shown, timeout_ms)

    def _on_message_changed(self, message: str) -> None:
        if message != self.shown:  # another message (or none): the tooltip goes with it
            self.shown = ""
            self.bar.setToolTip("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize) and self.shown:
            QTimer.singleShot(0, self, self._refit)  # once the bar has laid out its labels
        return False

    def _refit(self) -> None:
        if not self.shown or self.bar.currentMessage() != self.shown:
            return
        left_ms = int((self.ends - time.monotonic()) * 1000) if self.ends else 0
        if self.ends and left_ms <= 0:
            return
        fits = self.bar.fontMetrics().horizontalAdvance(self.shown) <= message_room(self.bar)
        if not (fits and self.shown == self.text):  # cut, or cut too little or too much
            self._show(left_ms)


def show_fitted(bar: QStatusBar, text: str, full: str = "", timeout_ms: int = 8000) -> str:
    """Show ``text`` (cut to fit if it must) with ``full`` or the uncut text as tooltip;
    returns the text shown."""
    fitted = bar.findChild(FittedMessage, _NAME) or FittedMessage(bar)
    return fitted.show(text, full, timeout_ms)


def show_now(bar: QStatusBar, text: str) -> None:
    """``text`` painted at once: what follows keeps the event loop busy (a case opening)."""
    show_fitted(bar, text, timeout_ms=0)
    bar.repaint()
