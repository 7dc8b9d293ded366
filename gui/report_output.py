"""PDF bytes out of the preview: onto a printer, or into a file. No widgets here.

``print_pdf`` runs on a worker thread (QPainter may paint onto a QPrinter outside the UI
thread); it opens its own QPdfDocument over the bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from core.errors import CasebookError
from core.io.outputs import atomic_write_bytes

MAX_PRINT_DPI = 300  # an A4 page at 1200 dpi would be a 550 MB image; 300 dpi prints sharply
Progress = Callable[[int, int], None]


class PdfOnBuffer:
    """A QPdfDocument reading from an in-memory QBuffer (the buffer must outlive it)."""

    def __init__(self, data: bytes):
        self.buffer = QBuffer()
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise CasebookError("The PDF could not be read back for printing.")

    def close(self) -> None:
        self.document.close()
        self.buffer.close()


def pages_to_print(printer: QPrinter, count: int) -> range:
    """The range chosen in the print dialog (1-based from/to; 0 = all), as page indexes."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return range(count)
    return range(max(first, 1) - 1, min(last, count))


def print_pdf(data: bytes, printer: QPrinter, progress: Progress | None = None) -> int:
    """Paint each PDF page onto its own printed page; returns how many pages were printed."""
    pdf = PdfOnBuffer(data)
    try:
        pages = pages_to_print(printer, pdf.document.pageCount())
        painter = QPainter()
        if not painter.begin(printer):
            raise CasebookError("The printer could not be started.")
        try:
            for done, index in enumerate(pages, start=1):
                if done > 1:
                    printer.newPage()
                draw_page(painter, printer, pdf.document, index)
                if progress:
                    progress(done, len(pages))
        finally:
            painter.end()
        return len(pages)
    finally:
        pdf.close()


def draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, index: int) -> None:
    target = fitted(document.pagePointSize(index).toSize(), painter.window())
    scale = min(printer.resolution(), MAX_PRINT_DPI) / printer.resolution()
    image = on_white(document.render(index, (target.size() * scale)))
    painter.drawImage(target, image)


def fitted(page_points: QSize, area: QRect) -> QRect:
    """The largest rectangle of the page's shape inside ``area``, centred at the top."""
    size = page_points.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.left() + (area.width() - size.width()) // 2
    return QRect(left, area.top(), size.width(), size.height())


def on_white(image: QImage) -> QImage:
    """Pages render with a transparent background; paper is white."""
    page = QImage(image.size(), QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, image)
    painter.end()
    return page


def write_pdf(path: Path, data: bytes) -> None:
    """Write atomically (``core.io.outputs``): a temporary file beside the target, fsynced, then
    renamed over it (the save dialog asked about replacing it). OutputError on failure."""
    atomic_write_bytes(path, data, force=True)
