"""The chart's shapes drawn straight onto a canvas, as ``reportlab.graphics.renderPDF`` draws
them, for the kinds of shapes and properties the chart uses (``core.report.chart``): a rect,
line, polyline, polygon, circle and string, with stroke and fill colours (None: not stroked,
not filled), stroke width and dash, font and text anchor. The renderer sets every property of
every shape inside a saved graphics state; here a property is set only when it changes, inside
one saved state for the whole figure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.graphics.shapes import Circle, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth


class _Pen:
    """The canvas's stroke and fill state, set only when it changes."""

    def __init__(self, canvas: Any):
        self.canvas = canvas
        self.stroke: Any = colors.black
        self.fill: Any = colors.black
        self.width: float = 1
        self.dash: Any = None
        canvas.setStrokeColor(self.stroke)
        canvas.setFillColor(self.fill)
        canvas.setLineWidth(1)
        canvas.setLineCap(0)
        canvas.setLineJoin(0)
        canvas.setDash()

    def use(self, shape: Any, fill: bool = True) -> tuple[int, int]:
        """Stroke and fill ``shape`` as the renderer would: (stroke?, fill?)."""
        stroke_colour = shape.strokeColor
        fill_colour = shape.fillColor if fill else None
        if stroke_colour is not None:
            if stroke_colour != self.stroke:
                self.canvas.setStrokeColor(stroke_colour)
                self.stroke = stroke_colour
            if shape.strokeWidth != self.width:
                self.canvas.setLineWidth(shape.strokeWidth)
                self.width = shape.strokeWidth
            dash = getattr(shape, "strokeDashArray", None) or None
            if dash != self.dash:
                self.canvas.setDash(dash, 0) if dash else self.canvas.setDash()
                self.dash = dash
        if fill_colour is not None and fill_colour != self.fill:
            self.canvas.setFillColor(fill_colour)
            self.fill = fill_colour
        return int(stroke_colour is not None), int(fill_colour is not None)


def _path(canvas: Any, points: list[float], close: bool) -> Any:
    path = canvas.beginPath()
    path.moveTo(points[0], points[1])
    for i in range(2, len(points), 2):
        path.lineTo(points[i], points[i + 1])
    if close:
        path.close()
    return path


def draw_shapes(canvas: Any, shapes: Iterable[Any]) -> None:
    canvas.saveState()
    pen = _Pen(canvas)
    font: tuple[str, float] | None = None
    for shape in shapes:
        kind = type(shape)
        if kind is Rect:
            stroke, fill = pen.use(shape)
            canvas.rect(shape.x, shape.y, shape.width, shape.height, stroke=stroke, fill=fill)
        elif kind is Line:
            if shape.strokeColor is not None:
                pen.use(shape, fill=False)
                canvas.line(shape.x1, shape.y1, shape.x2, shape.y2)
        elif kind is PolyLine:
            if shape.strokeColor is not None:
                pen.use(shape, fill=False)
                canvas.drawPath(_path(canvas, shape.points, close=False), stroke=1, fill=0)
        elif kind is Polygon:
            stroke, fill = pen.use(shape)
            canvas.drawPath(_path(canvas, shape.points, close=True), stroke=stroke, fill=fill)
        elif kind is Circle:
            stroke, fill = pen.use(shape)
            canvas.circle(shape.cx, shape.cy, shape.r, stroke=stroke, fill=fill)
        elif kind is String:
            if shape.fillColor is None:
                continue
            if shape.fillColor != pen.fill:
                canvas.setFillColor(shape.fillColor)
                pen.fill = shape.fillColor
            if font != (shape.fontName, shape.fontSize):
                font = (shape.fontName, shape.fontSize)
                canvas.setFont(*font)
            x = shape.x
            if shape.textAnchor in ("end", "middle"):
                width = stringWidth(shape.text, shape.fontName, shape.fontSize)
                x -= width if shape.textAnchor == "end" else width * 0.5
            canvas.drawString(x, shape.y, shape.text)
        else:  # not a shape the chart draws
            raise TypeError(f"cannot draw {kind.__name__}")
    canvas.restoreState()
