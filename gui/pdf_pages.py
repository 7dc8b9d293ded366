"""PDF pages as images, read with pypdfium2 (PDFium): the preview and printing draw these.

PDFium is not safe to call from two threads at once (the preview paints on the UI thread while
printing runs on a worker), so every call into it holds ``PDFIUM_LOCK``. Documents still open
at exit are closed quietly (pypdfium2 would log each one).
"""

from __future__ import annotations

import atexit
import sys
import threading
import weakref

import pypdfium2 as pdfium
from PySide6.QtCore import QSize, QSizeF
from PySide6.QtGui import QImage

from core.errors import CasebookError

PDFIUM_LOCK = threading.RLock()
_OPEN: weakref.WeakSet[PdfPages] = weakref.WeakSet()
WHITE = (255, 255, 255, 255)
# PDFium's BGRx bytes are QImage's 0xffRRGGBB words on a little-endian machine
_FORMAT = QImage.Format.Format_RGB32 if sys.byteorder == "little" else QImage.Format.Format_RGBX8888


class PdfPages:
    """One PDF held in memory: its page count and sizes, and each page rendered on white."""

    def __init__(self, data: bytes | None = None):
        self._pdf: pdfium.PdfDocument | None = None
        self._sizes: list[QSizeF] = []
        if data is not None:
            self.load(data)

    def load(self, data: bytes) -> None:
        """Read ``data``; CasebookError when it is not a readable PDF."""
        self.close()
        with PDFIUM_LOCK:
            try:
                pdf = pdfium.PdfDocument(bytes(data))
                sizes = [QSizeF(*pdf.get_page_size(i)) for i in range(len(pdf))]
            except pdfium.PdfiumError as exc:
                raise CasebookError(f"The PDF could not be read: {exc}") from exc
        self._pdf, self._sizes = pdf, sizes
        _OPEN.add(self)

    def close(self) -> None:
        with PDFIUM_LOCK:
            if self._pdf is not None:
                self._pdf.close()
        self._pdf, self._sizes = None, []
        _OPEN.discard(self)

    def pageCount(self) -> int:
        return len(self._sizes)

    def pagePointSize(self, index: int) -> QSizeF:
        """The page's size in points (1/72 inch); an empty size outside the document."""
        return QSizeF(self._sizes[index]) if 0 <= index < len(self._sizes) else QSizeF()

    def render(self, index: int, size: QSize) -> QImage:
        """Page ``index`` on white, scaled to fit ``size`` (its shape kept); a null image when
        there is no such page or the size is empty."""
        if self._pdf is None or not 0 <= index < len(self._sizes) or size.isEmpty():
            return QImage()
        points = self._sizes[index]
        scale = min(size.width() / points.width(), size.height() / points.height())
        with PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                bitmap = page.render(scale=scale, fill_color=WHITE, prefer_bgrx=True,
                                     may_draw_forms=False)
                try:
                    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                                   _FORMAT).copy()  # the copy owns its pixels
                finally:
                    bitmap.close()
            finally:
                page.close()
        return image

    def text(self, index: int) -> str:
        """The text of page ``index`` (for finding a page by its heading)."""
        if self._pdf is None or not 0 <= index < len(self._sizes):
            return ""
        with PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    return str(textpage.get_text_bounded())
                finally:
                    textpage.close()
            finally:
                page.close()


@atexit.register  # registered after pypdfium2's own exit handler, so it runs before it
def _close_all() -> None:
    for pages in list(_OPEN):
        pages.close()
