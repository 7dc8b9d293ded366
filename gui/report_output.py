"""PDF bytes out of the preview: onto a printer, or into a file. No widgets here.

``print_pdf`` runs on a worker thread (QPainter may paint onto a QPrinter outside the UI
thread); it reads the bytes into its own ``PdfPages`` (PDFium).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

from core.errors import CasebookError
from core.io.outputs import atomic_write_bytes
from gui.pdf_pages import PdfPages

MAX_PRINT_DPI = 300  # an A4 page at 1200 dpi would be a 550 MB image; 300 dpi prints sharply
Progress = Callable[[int, int], None]


def pages_to_print(printer: QPrinter, count: int) -> range:
    """The range chosen in the print dialog (1-based from/to; 0 = all), as page indexes."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return range(count)
    return range(max(first, 1) - 1, min(last, count))


def print_pdf(data: bytes, printer: QPrinter, progress: Progress | None = None) -> int:
    """Paint each PDF page onto its own printed page; returns how many pages were printed."""
    try:
        pdf = PdfPages(data)
    except CasebookError as exc:
        raise CasebookError("The PDF could not be read back for printing.") from exc
    try:
        pages = pages_to_print(printer, pdf.pageCount())
        painter = QPainter()
        if not painter.begin(printer):
            raise CasebookError("The printer could not be started.")
        try:
            for done, index in enumerate(pages, start=1):
                if done > 1:
                    printer.newPage()
                draw_page(painter, printer, pdf, index)
                if progress:
                    progress(done, len(pages))
        finally:
            painter.end()
        return len(pages)
    finally:
        pdf.close()


def draw_page(painter: QPainter, printer: QPrinter, document: PdfPages, index: int) -> None:
    target = fitted(document.pagePointSize(index).toSize(), painter.window())
    scale = min(printer.resolution(), MAX_PRINT_DPI) / printer.resolution()
    image = document.render(index, target.size() * scale)  # already on white paper
    painter.drawImage(target, image)


def fitted(page_points: QSize, area: QRect) -> QRect:
    """The largest rectangle of the page's shape inside ``area``, centred at the top."""
    size = page_points.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.left() + (area.width() - size.width()) // 2
    return QRect(left, area.top(), size.width(), size.height())


def write_pdf(path: Path, data: bytes) -> None:
    """Write atomically (``core.io.outputs``): a temporary file beside the target, fsynced, then
    renamed over it (the save dialog asked about replacing it). OutputError on failure."""
    atomic_write_bytes(path, data, force=True)
