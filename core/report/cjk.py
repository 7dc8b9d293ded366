"""CJK typesetting for the report's paragraphs: line breaks that follow the kinsoku rules, and
the synthesized bold of the CJK face.

ReportLab's ``wordWrap="CJK"`` breaks between any two characters, keeps only one closing mark
from the start of a line (and does not know "，" or "》"), and lets a line end in an opening
bracket. ``CJKParagraph`` breaks lines itself:

- a line may break between two characters when either is CJK (U+2E80 and up: ideographs, kana,
  Hangul, CJK and full-width punctuation) or either is a space; never inside a Latin word;
- never before a character of ``CANNOT_START`` (closing brackets and quotes, "，。、；：！？"
  and their ASCII forms, small kana, the prolonged sound mark) and never after one of
  ``CANNOT_END`` (opening brackets and quotes);
- where the greedy break is not allowed, the break moves back to the nearest allowed one (the
  line ends short, nothing hangs into the margin); on a line with none, the nearest break that
  keeps the punctuation rules but splits a Latin word (a bracketed "（CNS3），" wider than a
  narrow cell); failing that (a line one character wide), the punctuation stays on the line
  and overhangs. Spaces at the start of a wrapped line are dropped.
- a soft hyphen (U+00AD, pasted: "Pegaspar\u00adgase") is not drawn and takes no width; a line
  may break after one, and then ends in a hyphen (when the hyphen fits), as in ReportLab's own
  paragraphs.

The shipped CJK font (Droid Sans Fallback) has no bold face, so ``CB-CJK-Bold`` is the same
outlines drawn filled and stroked (PDF text render mode 2) with a stroke ``SYNTH_BOLD`` of the
font size wide, in the fill colour.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

from core.report.fonts import CJK_BOLD

CANNOT_START = frozenset(ALL_CANNOT_START + "，．：；！？》〉〗〙｝”’…‥・·ー〜～")
CANNOT_END = frozenset(ALL_CANNOT_END + "（([{「『【〔《〈〖〘“‘［｛")
SYNTH_BOLD = 0.04
SOFT_HYPHEN = "\xad"  # pasted from a PDF or an SmPC: "Pegaspar\u00adgase"


def _is_cjk(char: str) -> bool:
    return ord(char) >= 0x2E80


def can_break(before: str, after: str, keep_words: bool = True) -> bool:
    """May a line end after ``before`` and the next begin with ``after``? With ``keep_words``
    false, also inside a Latin word."""
    if not before or not after:  # a line break or an image
        return True
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if before == SOFT_HYPHEN and after != SOFT_HYPHEN:  # the line ends "Pegaspar-"
        return True
    if before.isspace() or after.isspace() or not keep_words:
        return True
    return _is_cjk(before) or _is_cjk(after)


def _glyphs(frags: list[Any], encoding: str = "utf8") -> list[cjkU]:
    out = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        out.extend([cjkU(t, f, encoding) for t in text] if text else [cjkU(text, f, encoding)])
    return out


def _width(glyph: cjkU, max_width: float) -> float:
    if glyph == SOFT_HYPHEN:  # not drawn, unless a line ends there (as a hyphen)
        return 0.0
    w = glyph.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    width: float = w
    return width


def kinsoku_lines(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> list[Any]:
    """The paragraph's lines (ReportLab ``FragLine``s of kind 1), broken by the rules above."""
    glyphs = _glyphs(frags)
    lines: list[Any] = []
    start, n = 0, len(glyphs)
    while start < n:
        max_w = max_widths[min(len(lines), len(max_widths) - 1)]
        end, used, hard = start, 0.0, False
        while end < n:
            w = _width(glyphs[end], max_w)
            if used + w > max_w + _FUZZ and end > start:
                break
            used, end = used + w, end + 1
            if hasattr(glyphs[end - 1].frag, "lineBreak"):
                hard = True
                break
        if end < n and not hard:
            end = _break_before(glyphs, start, end)
            end = _room_for_hyphen(glyphs, start, end, max_w)
        line = _drawn(glyphs[start:end], at_break=end < n and not hard)
        width = sum(_width(g, max_w) for g in line)
        lines.append(makeCJKParaLine(line, max_w, width, max_w - width, hard, calc_bounds))
        start = end
        while not hard and start < n and glyphs[start] and glyphs[start].isspace():
            start += 1
    return lines


def _room_for_hyphen(glyphs: list[cjkU], start: int, end: int, max_w: float) -> int:
    """``end``, or an earlier break when the line ends at a soft hyphen and its hyphen does
    not fit."""
    while glyphs[end - 1] == SOFT_HYPHEN:
        used = sum(_width(g, max_w) for g in glyphs[start:end])
        if used + _width(_hyphen(glyphs[end - 1]), max_w) <= max_w + _FUZZ:
            break
        shorter = _break_before(glyphs, start, end - 1)
        if shorter >= end:
            break
        end = shorter
    return end


def _drawn(line: list[cjkU], at_break: bool) -> list[cjkU]:
    """The line's glyphs as drawn: soft hyphens dropped, a hyphen where the line breaks at
    one."""
    if SOFT_HYPHEN not in line:
        return line
    drawn = [g for g in line if g != SOFT_HYPHEN]
    if at_break and line[-1] == SOFT_HYPHEN:
        drawn.append(_hyphen(line[-1]))
    return drawn or [cjkU("", line[0].frag, "utf8")]


def _hyphen(soft: cjkU) -> cjkU:
    return cjkU("-", soft.frag, "utf8")


def _break_before(glyphs: list[cjkU], start: int, end: int) -> int:
    for keep_words in (True, False):
        for b in range(end, start, -1):
            if can_break(glyphs[b - 1], glyphs[b], keep_words):
                return b
    return next((b for b in range(end + 1, len(glyphs))
                 if can_break(glyphs[b - 1], glyphs[b], False)), len(glyphs))


class CJKParagraph(Paragraph):
    """A paragraph that holds CJK text: kinsoku line breaks, synthesized bold CJK."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802, N803 (ReportLab's names)
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        if not self.frags or self.style.endDots:
            return super().breakLinesCJK(maxWidths)
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return ParaLines(kind=1, lines=kinsoku_lines(self.frags, maxWidths,
                                                     leading not in ("", "off")))

    def beginText(self, x: float, y: float) -> _Text:  # noqa: N802
        return _Text(self.canv, x, y)


class _Text(PDFTextObject):
    """A text object that draws runs in ``CJK_BOLD`` filled and stroked in the fill colour."""

    def __init__(self, canvas: Any, x: float = 0, y: float = 0, direction: Any = None) -> None:
        super().__init__(canvas, x, y, direction)
        self._fill = canvas._fillColorObj

    def setFillColor(self, aColor: Any, alpha: float | None = None) -> None:  # noqa: N802, N803
        super().setFillColor(aColor, alpha)
        self._fill = aColor

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N803
        if self._fontname != CJK_BOLD or not text:
            super()._textOut(text, TStar)
            return
        self.setStrokeColor(self._fill)
        self._code.append(f"2 Tr {fp_str(self._fontsize * SYNTH_BOLD)} w")
        super()._textOut(text, TStar)
        self._code.append(f"0 Tr {fp_str(self._canvas._lineWidth)} w")
        return None
