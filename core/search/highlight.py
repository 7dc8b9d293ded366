"""Highlighting a short text (a hit's title) in Python, with the same words the index used:
folded, CJK characters one by one, phrases as consecutive words, a prefix on the last word."""

from __future__ import annotations

import re

from core.search.match import Phrase
from core.search.results import Span
from core.search.text import CJK_RUN, fold

_WORD = re.compile(r"[^\W_]+")


def word_positions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of every word; a CJK character is a word of its own."""
    out = []
    for m in _WORD.finditer(text):
        pos = m.start()
        for piece in re.split(f"({CJK_RUN.pattern})", m.group()):
            if CJK_RUN.fullmatch(piece):
                out += [(pos + i, pos + i + 1, ch) for i, ch in enumerate(piece)]
            elif piece:
                out.append((pos, pos + len(piece), fold(piece)))
            pos += len(piece)
    return out


def mark(text: str, phrases: list[Phrase]) -> list[Span]:
    """``text`` as spans, the words matching any phrase marked as hits."""
    words = word_positions(text)
    hit = [False] * len(words)
    for phrase in phrases:
        n = len(phrase.words)
        for start in range(len(words) - n + 1):
            if _matches(phrase, [w for _, _, w in words[start:start + n]]):
                hit[start:start + n] = [True] * n
    return _spans(text, [(s, e) for (s, e, _), h in zip(words, hit, strict=True) if h])


def _matches(phrase: Phrase, window: list[str]) -> bool:
    *head, last = phrase.words
    if window[:-1] != head:
        return False
    return window[-1].startswith(last) if phrase.prefix else window[-1] == last


def _spans(text: str, ranges: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for start, end in ranges:
        if start > pos:
            out.append(Span(text=text[pos:start]))
        out.append(Span(text=text[start:end], hit=True))
        pos = end
    if pos < len(text):
        out.append(Span(text=text[pos:]))
    return out
