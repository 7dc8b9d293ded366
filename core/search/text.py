"""Text helpers shared by the index and the query side: folding, tokens, CJK runs.

The full-text index uses SQLite's ``unicode61 remove_diacritics 2`` tokenizer; ``tokens``
mirrors it closely enough to decide whether a typed term has anything searchable and to
match in Python (the naive baseline). CJK text has no spaces between words, so every run of
CJK characters is also written as single characters separated by spaces (``spaced_cjk``)
into a column of its own and searched as a phrase of single characters.
"""

from __future__ import annotations

import re
import unicodedata

CJK_CHARS = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u31f0-\u31ff"  # katakana extension
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0002ffff"  # CJK extensions B-F
)
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_TOKEN = re.compile(r"[^\W_]+")
_ACCENTED = re.compile("[\u00c0-\u024f\u0370-\u04ff\u1e00-\u1fff]")  # may carry diacritics
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SOFT_HYPHEN = "\xad"


def fold(text: str) -> str:
    """Lower case without diacritics: ``Müller`` -> ``muller`` (Hangul stays composed)."""
    if text.isascii() or not _ACCENTED.search(text):
        return text.lower()
    bare = _DIACRITICS.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", bare).lower()


def tokens(text: str) -> list[str]:
    """The searchable words of a text, folded (CJK runs count as single characters)."""
    out: list[str] = []
    for piece in _TOKEN.findall(fold(text)):
        out += _split_cjk(piece)
    return out


def _split_cjk(piece: str) -> list[str]:
    if not CJK_RUN.search(piece):
        return [piece]
    out: list[str] = []
    pos = 0
    for run in CJK_RUN.finditer(piece):
        if run.start() > pos:
            out.append(piece[pos:run.start()])
        out += list(run.group())
        pos = run.end()
    if pos < len(piece):
        out.append(piece[pos:])
    return out


def has_cjk(text: str) -> bool:
    return CJK_RUN.search(text) is not None


def without_cjk(text: str) -> str:
    """The text with every CJK run replaced by a space (those go to the CJK column)."""
    return CJK_RUN.sub(" ", text)


def spaced_cjk(text: str, separator: str) -> str:
    """Each CJK run of ``text`` as single characters separated by spaces."""
    return separator.join(" ".join(run) for run in CJK_RUN.findall(text))


def clean(text: str) -> str:
    """Control characters become spaces; soft hyphens (U+00AD, in text pasted from a PDF or a
    drug's SmPC: ``Pegaspar\u00adgase``) go, so the word is one word for the tokenizer, which
    splits at them (searching ``pegaspargase`` found nothing)."""
    cleaned = _CONTROL.sub(" ", text)
    return cleaned.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in cleaned else cleaned


def humanize(value: str) -> str:
    """Show a coded value such as ``lumbar_puncture`` as ``lumbar puncture``."""
    if " " not in value and "_" in value:
        return value.replace("_", " ")
    return value


def join_cjk_spaces(text: str) -> str:
    """Undo ``spaced_cjk`` for display: remove the spaces between CJK characters."""
    return _CJK_GAP.sub("", text)


_CJK_GAP = re.compile(f"(?<=[{CJK_CHARS}]) (?=[{CJK_CHARS}])")
