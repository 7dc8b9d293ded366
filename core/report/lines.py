"""Table cells as plain lines: ReportLab's own line breaking of a plain, one-font text, done
without a Paragraph (no markup parse, no frag layout; a table draws a string cell with one
``drawString`` per line at the same baselines as a Paragraph's lines). Only for texts whose
lines a string cell draws exactly as the Paragraph would: see ``plain_lines``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import Paragraph, cleanBlockQuotedText, split, strip
from reportlab.platypus.paraparser import ParaFrag
from reportlab.platypus.tables import Table

SOFT_HYPHEN = "\xad"


def plain_lines(text: str, font: str, size: float, width: float,
                shrinkage: float) -> list[str] | None:
    """The lines a left-aligned, unhyphenated Paragraph of ``text`` in ``font`` breaks into at
    ``width`` (its ``breakLines`` for one fragment, ``spaceShrinkage`` included), or None when
    the Paragraph would do what a string cannot: split a word longer than the line, hyphenate
    at a soft hyphen, or squeeze a line's spaces to make it fit."""
    if SOFT_HYPHEN in text:
        return None
    space = stringWidth(" ", font, size)
    shrink = shrinkage * space
    lines: list[str] = []
    line: list[str] = []
    current = -space
    for word in split(strip(text)):
        if not word:
            continue
        word_width = stringWidth(word, font, size)
        if word_width > width:
            return None
        new = current + space + word_width
        if new <= width + shrink * len(line) or not line:
            line.append(word)
            current = new
            continue
        if width - current <= -1e-8:
            return None
        lines.append(" ".join(line))
        line, current = [word], word_width
    if line:
        if width - current <= -1e-8:
            return None
        lines.append(" ".join(line))
    return lines


def plain_paragraph(body: str, style: ParagraphStyle) -> Paragraph:
    """``Paragraph(body, style)``, without running the markup parser when ``body`` has no
    markup (no tag, no entity): the parser would give one fragment, the style's, holding the
    cleaned text; that fragment is made directly."""
    text = clean_text(body)
    if "<" in body or "&" in body or not text or getattr(style, "textTransform", None):
        return KeptParagraph(body, style)
    return KeptParagraph(text, style,
                         frags=[_fragment(style).clone(text=text, link=[], us_lines=[])])


def clean_text(text: str) -> str:
    """ReportLab's ``cleanBlockQuotedText`` (runs of white space and line breaks as one space,
    the ends stripped) with one ``str.split`` when ``text`` holds neither a no-break space nor
    a zero-width space, the two characters where ReportLab's white space differs from
    Python's."""
    if "\xa0" in text or "\u200b" in text:
        cleaned: str = cleanBlockQuotedText(text)
        return cleaned
    return " ".join(text.split())


class KeptParagraph(Paragraph):
    """A Paragraph that does not break its lines again for the width it last broke them at
    (its lines depend on the width alone; a heading is wrapped by the keep-with-next check
    and again by the frame, a cell's paragraph by the table's layout and again when drawn)."""

    _laid: tuple[float, Any, float] | None = None  # (width, its lines, height)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        laid = self._laid
        if laid is not None and laid[0] == availWidth and self.__dict__.get("blPara") is laid[1]:
            self.width, self.height = availWidth, laid[2]
            return availWidth, laid[2]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._laid = (availWidth, self.blPara, size[1]) if size[1] != 0x7fffffff else None
        return size


class LinesParagraph(KeptParagraph):
    """A paragraph of several plain lines (line breaks in its text; notes under a table),
    laid out line by line with ReportLab's one-fragment line breaking: the lines a Paragraph
    of the lines joined by ``<br/>`` breaks into (tested), without parsing that markup and
    without ReportLab's many-fragment line breaking, which costs many times more. Made by
    ``lines_paragraph``; a part split off at a page end is one again."""

    _lines: tuple[str, ...] | None = None  # the text's lines (None: an ordinary paragraph)
    _of_line: list[int]  # per laid-out line: the text line it belongs to

    def breakLines(self, width: Any) -> Any:  # noqa: N802
        if self._lines is None:
            return super().breakLines(width)
        frags: list[Any] = self.__dict__["frags"]
        laid: list[Any] = []
        of_line: list[int] = []
        try:
            for number, line in enumerate(self._lines):
                self.frags = [_fragment(self.style).clone(text=line, link=[], us_lines=[])]
                para = super().breakLines(width)
                laid += para.lines
                of_line += [number] * len(para.lines)
        finally:
            self.frags = frags
        para.lines, self._of_line = laid, of_line
        return para

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts: list[Any] = super().split(availWidth, availHeight)
        if self._lines is None or len(parts) != 2:
            return parts
        cut = len(parts[0].blPara.lines)
        first = self._part(0, cut)
        first._splitpara, first.height, first.width = 1, parts[0].height, parts[0].width
        if self._of_line[cut] == self._of_line[cut - 1]:
            return [first, self._part(cut, len(self.blPara.lines))]
        # cut at a line break: ReportLab's rest begins with that break, an empty line
        rest = self._lines[self._of_line[cut]:]
        return [first, KeptParagraph("".join(f"<br/>{escape(line)}" for line in rest),
                                     self.style)]

    def _part(self, start: int, end: int) -> LinesParagraph:
        """The paragraph of laid-out lines ``start`` to ``end``: each text line's words in
        that range (laid out again, they break where they broke here)."""
        pieces: dict[int, list[str]] = {}
        for (_, words), number in zip(self.blPara.lines[start:end], self._of_line[start:end],
                                      strict=True):
            pieces.setdefault(number, []).extend(words)
        return lines_paragraph([" ".join(words) for words in pieces.values()], self.style)


def lines_paragraph(lines: list[str], style: ParagraphStyle) -> LinesParagraph:
    """A ``LinesParagraph`` of ``lines``, each already clean (``clean_text``), not empty and
    one run of the style's font, in a left-aligned style without a first-line indent."""
    text = " ".join(lines)
    para = LinesParagraph(text, style, frags=[_fragment(style).clone(text=text, link=[],
                                                                    us_lines=[])])
    para._lines = tuple(lines)
    return para


@lru_cache(maxsize=64)
def _fragment(style: ParagraphStyle) -> ParaFrag:
    """The fragment the markup parser makes for a plain text in ``style``."""
    frag: ParaFrag = Paragraph("x", style).frags[0]
    return frag


class CellTable(Table):
    """A Table that does not lay itself out again for the width it was last laid out at when
    that layout took in every row and the new height still holds it all (the document's
    keep-with-next check wraps a table at unlimited height, then the frame wraps it again at
    the room left): ReportLab would compute the same row heights and positions."""

    _laid_width: float | None = None

    def normalizeData(self, data: Any) -> list[list[Any]]:  # noqa: N802
        """ReportLab's (a None cell as an empty string) without its per-cell function calls:
        the report's cells are strings and flowables, never bytes."""
        return [["" if value is None else value for value in row] for row in data]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if (availWidth == self._laid_width and self._hmax == self._nrows
                and self._height <= availHeight):
            self.availWidth = availWidth
            return self._width, self._height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._laid_width = availWidth
        return size
