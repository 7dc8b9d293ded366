"""A scrolling view of a PDF's pages, one under the other (what QPdfView in multi-page mode
did): fit-to-width or a chosen zoom, the current page, jumping to a page. Pages are rendered
(``gui.pdf_pages``) when they come into sight, at the zoom on screen, and kept until the zoom
or the document changes."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRect, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from gui.pdf_pages import PdfPages

MARGIN, SPACING = 6, 3


class _Pages(QWidget):
    """The scroll area's content: paints the pages that are in sight."""

    def __init__(self, view: PdfView):
        super().__init__()
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(128, 128, 128))
        for index, rect in enumerate(self.view.page_rects()):
            if rect.intersects(event.rect()):
                painter.drawImage(rect, self.view.page_image(index, rect.size()))
        painter.end()


class PdfView(QScrollArea):
    """Shows a ``PdfPages`` document; ``currentPageChanged`` follows scrolling and jumps."""

    class ZoomMode(Enum):
        FitToWidth = "fit-width"
        Custom = "custom"

    currentPageChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: PdfPages | None = None
        self._mode = PdfView.ZoomMode.FitToWidth
        self._factor = 1.0
        self._current = 0
        self._jumping = False
        self._images: dict[int, QImage] = {}
        self._rects: list[QRect] = []
        self.pages = _Pages(self)
        self.setWidget(self.pages)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    # -- document and zoom -----------------------------------------------------------------
    def setDocument(self, document: PdfPages) -> None:
        self.document = document
        self.documentChanged()

    def documentChanged(self) -> None:
        """Call after the document was loaded or closed: lays the pages out again."""
        self._current = 0
        self._relayout()
        self.verticalScrollBar().setValue(0)

    def zoomMode(self) -> PdfView.ZoomMode:
        return self._mode

    def setZoomMode(self, mode: PdfView.ZoomMode) -> None:
        self._mode = mode
        self._relayout(keep_page=True)

    def zoomFactor(self) -> float:
        """The chosen zoom (1 = the page at its printed size); 1 in fit-width mode."""
        return self._factor if self._mode == PdfView.ZoomMode.Custom else 1.0

    def setZoomFactor(self, factor: float) -> None:
        self._factor = factor
        self._relayout(keep_page=True)

    def effective_zoom(self) -> float:
        """The zoom on screen: in fit-width mode, the viewport's width over the widest page."""
        if self._mode == PdfView.ZoomMode.Custom:
            return self._factor
        widest = max((s.width() for s in self._point_sizes()), default=0.0)
        if not widest:
            return 1.0
        return (self.viewport().width() - 2 * MARGIN) / (widest * self._dots_per_point())

    # -- pages -----------------------------------------------------------------------------
    def pageCount(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    def currentPage(self) -> int:
        return self._current if self.pageCount() else -1

    def jump(self, index: int) -> None:
        """Scroll page ``index`` to the top (as far as the scroll bar goes); it is current."""
        if not 0 <= index < len(self._rects):
            return
        self._jumping = True
        try:
            self.verticalScrollBar().setValue(self._rects[index].top() - MARGIN)
        finally:
            self._jumping = False
        self._set_current(index)

    def page_rects(self) -> list[QRect]:
        return self._rects

    def page_image(self, index: int, size: QSize) -> QImage:
        """Page ``index`` for a ``size`` on screen, in the screen's device pixels."""
        ratio = self.devicePixelRatioF()
        pixels = QSize(round(size.width() * ratio), round(size.height() * ratio))
        image = self._images.get(index)
        if image is None or image.size() != pixels:
            assert self.document is not None
            image = self.document.render(index, pixels)
            image.setDevicePixelRatio(ratio)
            self._images[index] = image
        return image

    # -- layout ----------------------------------------------------------------------------
    def _dots_per_point(self) -> float:
        return self.logicalDpiX() / 72

    def _point_sizes(self) -> list[QSizeF]:
        doc = self.document
        return [doc.pagePointSize(i) for i in range(doc.pageCount())] if doc is not None else []

    def _relayout(self, keep_page: bool = False) -> None:
        page = self._current
        zoom = self.effective_zoom() * self._dots_per_point()
        self._images.clear()
        rects, top, width = [], MARGIN, 0
        for points in self._point_sizes():
            size = QSize(max(round(points.width() * zoom), 1), max(round(points.height() * zoom), 1))
            rects.append(QRect(MARGIN, top, size.width(), size.height()))
            top += size.height() + SPACING
            width = max(width, size.width())
        # narrower pages are centred in the widest one's column
        self._rects = [r.translated((width - r.width()) // 2, 0) for r in rects]
        self.pages.resize(width + 2 * MARGIN, top - SPACING + MARGIN if rects else 0)
        self.pages.update()
        if keep_page and rects:
            self.jump(min(page, len(rects) - 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._mode == PdfView.ZoomMode.FitToWidth:
            self._relayout(keep_page=True)

    def _on_scrolled(self, value: int) -> None:
        if self._jumping or not self._rects:
            return
        bar = self.verticalScrollBar()
        if value >= bar.maximum() > 0:
            self._set_current(len(self._rects) - 1)
            return
        middle = value + self.viewport().height() // 2
        index = next((i for i, r in enumerate(self._rects) if r.bottom() + SPACING >= value
                      and r.top() <= middle), 0)
        self._set_current(index)

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.currentPageChanged.emit(index)
