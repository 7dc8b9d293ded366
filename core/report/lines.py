"""Table cells as plain lines: ReportLab's own line breaking of a plain, one-font text, done
without a Paragraph (no markup parse, no frag layout; a table draws a string cell with one
``drawString`` per line at the same baselines as a Paragraph's lines). Only for texts whose
lines a string cell draws exactly as the Paragraph would: see ``plain_lines``."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import split, strip

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
