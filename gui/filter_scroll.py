"""The search's Filters panel in a scroll area that leaves the results their room.

At 800x600 the open panel (twelve rows, about 350 px) left the case list 1½ rows of results
(a stranger run); now it takes at most what leaves the results RESULTS_ROOM px, and scrolls
(Tab scrolls to the field it reaches). Where there is room (1024x768) it shows whole, as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

RESULTS_ROOM = 330  # the count bar, the list's header and about 8 rows, the saved searches
LEAST = 120  # the panel never shrinks below about four rows of fields


class FilterScroll(QScrollArea):
    def __init__(self, panel: QWidget, host: QWidget):
        super().__init__()
        self.panel, self.host = panel, host
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from Filters to its fields
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        host.installEventFilter(self)
        self._cap()

    def sizeHint(self) -> QSize:
        hint = self.panel.sizeHint()
        return QSize(hint.width(), min(hint.height(), self.maximumHeight()))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, min(LEAST, self.panel.sizeHint().height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self._cap()
        return False

    def _cap(self) -> None:
        room = max(self.host.height() - RESULTS_ROOM, LEAST)
        self.setMaximumHeight(min(room, self.panel.sizeHint().height()))
        self.updateGeometry()
