"""Typography and colours of the case summary."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus.tables import CellStyle

from core.report.fonts import BOLD, SANS

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5b6570")
ACCENT = colors.HexColor("#1f3a5f")
RULE = colors.HexColor("#b9c3ce")
GRID = colors.HexColor("#c9d1da")
HEADER_FILL = colors.HexColor("#e6ecf2")
ZEBRA_FILL = colors.HexColor("#f7f9fb")
WARN_FILL, WARN_EDGE = colors.HexColor("#fff4e0"), colors.HexColor("#d9962b")
INFO_FILL, INFO_EDGE = colors.HexColor("#eaf2fb"), colors.HexColor("#5b8fc7")
BAND_FILLS = [colors.HexColor(c) for c in ("#dbe7f3", "#f3e6d6", "#dcefe0", "#eadff0", "#f1ecd2")]
SERIES = [colors.HexColor(c) for c in ("#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400")]

PAGE_SIZES = {"A4": A4, "letter": letter}
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 22 * mm, 20 * mm
TABLE_CHUNK = 100
CELL_SIZE, CELL_LEADING, HEAD_SIZE, HEAD_LEADING = 7.8, 9.6, 7.6, 9.4
CELL_PAD_TOP, CELL_PAD_BOTTOM, CELL_PAD_SIDE = 2.2, 2.6, 3.5


def frame_width(page_size: str) -> float:
    width: float = PAGE_SIZES[page_size][0] - 2 * MARGIN_X
    return width


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = dict(fontName=SANS, fontSize=9, leading=12.4, textColor=INK,
                                alignment=TA_LEFT)
    base.update(kw)
    return ParagraphStyle(name, **base)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles by role, each with a ``<role>/cjk`` twin (``wordWrap="CJK"``) for texts
    that hold CJK, laid out by ``core.report.cjk.CJKParagraph`` (kinsoku line breaks)."""
    plain = _plain_styles()
    cjk = {f"{name}/cjk": ParagraphStyle(f"{name}/cjk", parent=st, wordWrap="CJK")
           for name, st in plain.items()}
    return plain | cjk


def _plain_styles() -> dict[str, ParagraphStyle]:
    return {
        "title": _style("title", fontName=BOLD, fontSize=16, leading=20.5, textColor=ACCENT,
                        spaceAfter=4),
        "meta": _style("meta", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=2),
        "h1": _style("h1", fontName=BOLD, fontSize=12, leading=15, textColor=ACCENT,
                     spaceBefore=12, spaceAfter=5, keepWithNext=1),
        "h2": _style("h2", fontName=BOLD, fontSize=9.5, leading=12.5, textColor=INK,
                     spaceBefore=7, spaceAfter=3, keepWithNext=1),
        "body": _style("body", spaceAfter=4),
        "missing": _style("missing", textColor=MUTED, spaceAfter=4),
        "cell": _style("cell", fontSize=CELL_SIZE, leading=CELL_LEADING),
        "cell_head": _style("cell_head", fontName=BOLD, fontSize=HEAD_SIZE, leading=HEAD_LEADING),
        "note": _style("note", fontSize=7.3, leading=9.2, textColor=MUTED, spaceBefore=2,
                       spaceAfter=3),
        "banner": _style("banner", fontSize=8.6, leading=11.2),
        "caption": _style("caption", fontSize=7.8, leading=10, textColor=MUTED, spaceBefore=3,
                          spaceAfter=6),
        "byline": _style("byline", fontSize=10, leading=13, spaceAfter=3),
        "reference": _style("reference", fontSize=8.3, leading=10.8, leftIndent=14,
                            firstLineIndent=-14, spaceAfter=2),
    }


def cell_style(name: str, bold: bool) -> CellStyle:
    """How a table draws a cell's text: font, colour, top alignment, paddings (a bold header
    cell or label, or a plain body cell)."""
    style = CellStyle(name)
    style.fontname, style.fontsize, style.leading = (
        (BOLD, HEAD_SIZE, HEAD_LEADING) if bold else (SANS, CELL_SIZE, CELL_LEADING))
    style.color, style.valign = INK, "TOP"
    style.topPadding, style.bottomPadding = CELL_PAD_TOP, CELL_PAD_BOTTOM
    style.leftPadding = style.rightPadding = CELL_PAD_SIDE
    return style


def cell_styles(rows: int, bold_columns: Sequence[bool], bold_first_row: bool = True,
                ) -> list[list[CellStyle]]:
    """A table's cell styles (``Table(..., cellStyles=...)``): two style objects, bold and
    plain, shared by the table's cells, instead of per-cell style commands that ReportLab
    applies cell by cell (and a font switch per cell when drawing)."""
    bold, plain = cell_style("bold", True), cell_style("plain", False)
    body = [bold if b else plain for b in bold_columns]
    first = [bold] * len(bold_columns) if bold_first_row else body
    return [first] + [list(body) for _ in range(rows - 1)]


def table_style(rows: int, zebra: bool = True) -> list[tuple[Any, ...]]:
    """Light grid, shaded header row, optional zebra striping of body rows (the cells' fonts
    and paddings: ``cell_styles``)."""
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, ACCENT),
        ("INNERGRID", (0, 1), (-1, -1), 0.25, GRID),
    ]
    if zebra:
        commands += [("BACKGROUND", (0, r), (-1, r), ZEBRA_FILL) for r in range(2, rows, 2)]
    return commands
