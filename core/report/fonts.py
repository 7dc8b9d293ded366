"""The report's fonts: registered once per process, chosen per run of text.

ReportLab has no glyph fallback, so every text is split into runs by whether each character is
in DejaVu Sans (Latin, Greek, symbols); the other runs use Droid Sans Fallback (CJK). A character
in neither font becomes U+FFFD (invisible format characters are dropped), so no run ever
holds a character its font lacks. Droid has no bold face: the CJK runs of a bold text use
``CB-CJK-Bold``, the same outlines under their own PDF font name, which ``core.report.cjk``
draws filled and stroked (a synthesized bold).
"""

from __future__ import annotations

import copy
import re
import threading
import unicodedata
from functools import cache, lru_cache
from typing import Any
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from resources import resource_path

SANS, BOLD, CJK, CJK_BOLD = "CB-Sans", "CB-Sans-Bold", "CB-CJK", "CB-CJK-Bold"
FILES = {SANS: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", CJK: "DroidSansFallback.ttf"}
FALLBACKS = {SANS: (SANS, CJK), BOLD: (BOLD, SANS, CJK_BOLD), CJK: (CJK, SANS),
             CJK_BOLD: (CJK_BOLD, BOLD)}
REPLACEMENT = "\ufffd"
SOFT_HYPHEN = "\xad"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the three fonts, and the CJK one again as its bold (once per process)."""
    for name, file in FILES.items():
        pdfmetrics.registerFont(ReportFont(name, str(resource_path("fonts", file))))
    pdfmetrics.registerFont(_synthesized_bold(pdfmetrics.getFont(CJK), CJK_BOLD))


class ReportFont(TTFont):
    """A TTFont that remembers string widths (a font's metrics never change) and encodes a
    text whose characters all have codes in the document's first subset with one
    ``str.translate`` (ReportLab's ``splitString`` loops over the characters in Python); the
    bytes are the same as ``splitString``'s, which still assigns every new character."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.face.__class__ = ReportFace  # TTFont makes a TTFontFace; ReportFace adds methods only
        self._widths: dict[tuple[str, float], float] = {}
        # per document: the first subset's code of each character assigned one, as a
        # translate table, and those characters
        self._codes: WeakKeyDictionary[Any, tuple[dict[int, int], set[str]]] = \
            WeakKeyDictionary()

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            width = super().stringWidth(text, size, encoding)
            if len(self._widths) < 65536:
                self._widths[key] = width
        return width

    def encoded(self, text: str, doc: Any) -> bytes | None:
        """``text``'s bytes in ``doc``'s first subset when every character of it has a code
        there already (``splitString`` would give ``[(0, these bytes)]``), else None."""
        known = self._codes.get(doc)
        if known is not None and text and known[1].issuperset(text):
            return text.translate(known[0]).encode("latin-1")
        return None

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8"  # noqa: N802
                    ) -> list[tuple[int, bytes]]:
        encoded = self.encoded(text, doc) if isinstance(text, str) else None
        if encoded is not None:
            return [(0, encoded)]
        split: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        if isinstance(text, str):
            self._learn(doc, text)
        return split

    def _learn(self, doc: Any, text: str) -> None:
        """The first subset's codes of ``text``'s characters, now assigned in ``doc``."""
        known = self._codes.get(doc)
        if known is None:
            known = self._codes[doc] = ({}, set())
        assignments = self.state[doc].assignments
        for char in set(text).difference(known[1]):
            code = assignments.get(32 if char == "\xa0" else ord(char))  # nbsp: as a space
            if code is not None and code < 256:
                known[0][ord(char)] = code
                known[1].add(char)


class ReportFace(TTFontFace):
    """A TrueType face that remembers the last font programs it made for a document's subsets,
    and their compressed bytes: a subset (the characters a document uses, in the order it
    first used them) always gives the same program, and a summary made again (the preview
    after an edit, a case rendered twice) mostly uses the same characters. The embedded font
    is byte for byte what ReportLab makes; about a tenth of a summary's time."""

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802
        with _SUBSETTING:  # ReportLab's subsetting reads the face's file at a shared position
            programs: dict[tuple[int, ...], bytes] = self.__dict__.setdefault("_programs", {})
            key = tuple(subset)
            program = programs.get(key)
            if program is None:
                program = super().makeSubset(subset)
                if len(programs) >= KEPT_SUBSETS:
                    del programs[next(iter(programs))]  # the oldest
                programs[key] = program
            return program

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:  # noqa: N802
        ref = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [_KEPT_FLATE]
        return ref


_SUBSETTING = threading.Lock()  # previews render in pool threads, a kit beside them
KEPT_SUBSETS = 8  # font programs remembered per face (~40 KB each, compressed ~20 KB)


class _KeptFlate(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter (the same bytes) that remembers the compressed bytes of the
    last font programs (``ReportFace.makeSubset`` gives the same bytes object again)."""

    def __init__(self) -> None:
        self._kept: dict[bytes, bytes] = {}

    def encode(self, text: bytes) -> bytes:
        with _SUBSETTING:
            packed = self._kept.get(text)
        if packed is None:
            packed = super().encode(text)
            with _SUBSETTING:
                if len(self._kept) >= 4 * KEPT_SUBSETS:
                    self._kept.pop(next(iter(self._kept)), None)
                self._kept[text] = packed
        return packed


_KEPT_FLATE = _KeptFlate()


def _synthesized_bold(regular: TTFont, name: str) -> TTFont:
    """``regular`` under another font name and face name (so ReportLab embeds it as a font of
    its own), sharing the parsed outlines."""
    bold = copy.copy(regular)
    bold.fontName, bold.face = name, copy.copy(regular.face)
    bold.face.name = regular.face.name + b"-Bold"
    bold.encoding, bold.state = TTEncoding(), WeakKeyDictionary()
    bold._widths, bold._codes = dict(regular._widths), WeakKeyDictionary()
    return bold


def face(name: str) -> TTFontFace:
    register_fonts()
    return pdfmetrics.getFont(name).face


@cache
def _charset(name: str) -> frozenset[int]:
    return frozenset(face(name).charToGlyph)


def font_for(char: str, base: str = SANS) -> str | None:
    """The first font of ``base``'s fallback chain that has ``char``; None if none has it."""
    code = ord(char)
    for name in FALLBACKS[base]:
        if code in _charset(name):
            return name
    return None


@lru_cache(maxsize=16384)
def split_runs(text: str, base: str = SANS) -> tuple[tuple[str, str], ...]:
    """``((font name, run text), ...)``: consecutive characters that share a font (one line:
    tabs and line breaks become spaces)."""
    text = _CONTROL.sub("", text).replace("\t", " ").replace("\n", " ")
    if text.isascii():
        return ((base, text),) if text else ()
    runs: list[tuple[str, str]] = []
    for char in text:
        name = font_for(char, base)
        if name is None:
            if unicodedata.category(char) == "Cf":
                continue
            char, name = REPLACEMENT, base
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return tuple(runs)


@lru_cache(maxsize=8192)
def markup(text: str, base: str = SANS) -> str:
    """Paragraph markup for a plain text: escaped, line breaks kept, font switched per run."""
    return "<br/>".join(_line_markup(line, base) for line in text.split("\n"))


def _line_markup(line: str, base: str) -> str:
    parts = []
    for name, run in split_runs(line, base):
        body = escape(run)
        parts.append(body if name == base else f'<font name="{name}">{body}</font>')
    return "".join(parts)


def drawn(text: str) -> str:
    """``text`` as drawn where nothing breaks lines at a soft hyphen (a canvas line, a CJK
    paragraph): without its soft hyphens, which DejaVu would draw as a visible hyphen.
    ReportLab's own Paragraph hides them itself, or breaks the word there with a hyphen."""
    return text.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in text else text


def string_width(text: str, size: float, base: str = SANS) -> float:
    width: float = sum(pdfmetrics.stringWidth(run, name, size)
                       for name, run in split_runs(drawn(text), base))
    return width


def draw_runs(canvas: Any, x: float, y: float, text: str, size: float,
              base: str = SANS) -> None:
    """Draw one line of text on a canvas, switching fonts per run (soft hyphens hidden)."""
    for name, run in split_runs(drawn(text), base):
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)


def fit(text: str, width: float, size: float, base: str = SANS) -> str:
    """The text (one line), shortened with an ellipsis to fit ``width`` (soft hyphens
    dropped then: a canvas line never breaks at one)."""
    if string_width(text, size, base) <= width:
        return text
    room, kept = width - string_width("…", size, base), list[str]()
    for name, run in split_runs(drawn(text), base):
        for char in run:
            room -= pdfmetrics.stringWidth(char, name, size)
            if room < 0:
                return "".join(kept).rstrip() + "…"
            kept.append(char)
    return text
