"""A layout that places its widgets left to right at their preferred size and wraps to a new
line when the width runs out (the classic Qt "flow layout"), so a narrow panel never cuts a
label or a button short: it grows a line taller instead."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802
        """As QLayout.addWidget, but the item is made here, from Python, and held by this
        layout. Qt's own item (made in C++) reached Python through a wrapper looked up by its
        address, and that wrapper went invalid when other widgets were deleted later (seen when
        the quick first page's list was deleted after a recovery at start): the layout then
        dropped its items, and the bar above the case list collapsed to nothing for the rest
        of the session."""
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def _live(self) -> list[QLayoutItem]:
        """The items whose C++ side is still there (PySide can hand this wrapper a deleted
        layout's items when a new layout reuses its address): showing a hidden panel crashed."""
        self._items = [i for i in self._items if shiboken6.isValid(i)]
        return self._items

    def count(self) -> int:
        return len(self._live())

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        items = self._live()
        return items[index] if 0 <= index < len(items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """One line holding every item."""
        visible = [i for i in self._live() if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in visible) + self._spacing * max(
            0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._live():
            size = size.expandedTo(item.minimumSize())
        return size

    @staticmethod
    def _fitted(item: QLayoutItem, width: int) -> QSize:
        """The item's preferred size; one wider than the whole line that can wrap (a
        word-wrapped label) gets the line's width and the height its text needs there,
        rather than being cut at the right edge."""
        hint = item.sizeHint()
        if hint.width() > width > 0 and item.hasHeightForWidth():
            return QSize(width, item.heightForWidth(width))
        return hint

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); the height used. Items of a line are
        centred on it (a label beside a taller combo box reads on the same line)."""
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = rect.x()
        for item in self._live():
            if item.isEmpty():
                continue
            hint = self._fitted(item, rect.width())
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                lines.append([])
                x = rect.x()
            lines[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = rect.y()
        for placed in filter(None, lines):
            height = max(hint.height() for _item, hint in placed)
            x = rect.x()
            for item, hint in placed:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return max(0, y - self._spacing - rect.y())


class WrapLabel(QLabel):
    """A word-wrapped label for a flow layout: it asks for its text's width on one line (a
    plain word-wrapped QLabel asks for a narrow guess and wraps even a short text), and the
    layout gives one wider than the line the line's width, the label wrapping its text there."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802
        lines = self.fontMetrics().boundingRect(QRect(0, 0, 100_000, 100_000),
                                                int(Qt.AlignmentFlag.AlignLeft), self.text())
        margins = self.contentsMargins()
        width = lines.width() + margins.left() + margins.right() + 2 * self.margin()
        return QSize(width, self.heightForWidth(width))

