"""Paints a search snippet: the matching words bold on a yellow background, the rest plain.

A cell too narrow to reach the first matching word starts shortly before it, "…" in front,
so the word that made the case a hit is always in view (at 1024x768 it lay past the edge)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from core.services.values import Span
from gui.search_model import SPANS_ROLE

HIT_BACKGROUND = QColor("#fff176")
HIT_TEXT = QColor("#000000")
PADDING = 4


def _width(span: Span, font: QFont) -> int:
    bold = QFont(font)
    bold.setBold(span.hit)
    return QFontMetrics(bold).horizontalAdvance(" ".join(span.text.split("\n")))


def in_view(spans: list[Span], font: QFont, room: int) -> list[Span]:
    """The spans to draw in `room` pixels: the first hit in view, what precedes it cut short."""
    first = next((i for i, span in enumerate(spans) if span.hit), None)
    if first is None or first == 0:
        return spans
    before = sum(_width(span, font) for span in spans[:first])
    if before + _width(spans[first], font) <= room:
        return spans
    lead = "".join(" ".join(span.text.split("\n")) for span in spans[:first])
    kept = QFontMetrics(font).elidedText(lead, Qt.TextElideMode.ElideLeft, max(room // 3, 0))
    head = [Span(text=kept, hit=False)] if kept else []
    return head + list(spans[first:])


class SnippetDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        spans = index.data(SPANS_ROLE) or []
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setClipRect(opt.rect)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        self._draw_spans(painter, opt, spans, selected)
        painter.restore()

    def _draw_spans(self, painter: QPainter, opt: QStyleOptionViewItem, spans: list[Span],
                    selected: bool) -> None:
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        plain_color = opt.palette.color(role)
        x, right = opt.rect.left() + PADDING, opt.rect.right() - PADDING
        for span in in_view(spans, QFont(opt.font), right - x):
            if x >= right:
                break
            x = self._draw_span(painter, opt, span, x, plain_color)

    def _draw_span(self, painter: QPainter, opt: QStyleOptionViewItem, span: Span, x: int,
                   plain_color: QColor) -> int:
        font = QFont(opt.font)
        font.setBold(span.hit)
        metrics = QFontMetrics(font)
        text = " ".join(span.text.split("\n"))
        width = metrics.horizontalAdvance(text)
        box = QRect(x, opt.rect.top(), width, opt.rect.height())
        if span.hit:
            painter.fillRect(box.adjusted(0, 2, 0, -2), HIT_BACKGROUND)
        painter.setFont(font)
        painter.setPen(HIT_TEXT if span.hit else plain_color)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         text)
        return x + width
