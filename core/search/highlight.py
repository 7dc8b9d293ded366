"""Highlighting a short text (a hit's title) in Python, with the same words the index used:
folded, CJK characters one by one, phrases as consecutive words, a prefix on the last word."""

from __future__ import annotations

import re

from core.search.match import Phrase
from core.search.results import Span
from core.search.text import CJK_RUN, SOFT_HYPHEN, fold

_WORD = re.compile(r"[^\W_]+(?:\xad[^\W_]+)*")  # a soft hyphen joins, as indexed
_CJK_SPLIT = re.compile(f"({CJK_RUN.pattern})")


def word_positions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of every word; a CJK character is a word of its own."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            out.append((m.start(), m.end(), word.lower()))
            continue
        pos = m.start()
        for piece in _CJK_SPLIT.split(word):
            if CJK_RUN.fullmatch(piece):
                out += [(pos + i, pos + i + 1, ch) for i, ch in enumerate(piece)]
            elif piece:
                out.append((pos, pos + len(piece), fold(piece.replace(SOFT_HYPHEN, ""))))
            pos += len(piece)
    return out


def mark(text: str, phrases: list[Phrase]) -> list[Span]:
    """``text`` as spans, the words matching any phrase marked as hits."""
    folded = fold(text).replace(SOFT_HYPHEN, "")
    phrases = [p for p in phrases if all(w in folded for w in p.words)]
    if not phrases:
        return [Span(text=text)] if text else []
    positions = word_positions(text)
    words = [w for _, _, w in positions]
    hit = [False] * len(words)
    for phrase in phrases:
        n, first = len(phrase.words), phrase.words[0]
        starts_with = phrase.prefix and n == 1
        for start, word in enumerate(words):
            if (word.startswith(first) if starts_with else word == first) and _matches(
                    phrase, words[start:start + n]):
                hit[start:start + n] = [True] * n
    return _spans(text, [(s, e) for (s, e, _), h in zip(positions, hit, strict=True) if h])


def _matches(phrase: Phrase, window: list[str]) -> bool:
    *head, last = phrase.words
    if len(window) != len(phrase.words) or window[:-1] != head:
        return False
    return window[-1].startswith(last) if phrase.prefix else window[-1] == last


def _spans(text: str, ranges: list[tuple[int, int]]) -> list[Span]:
    """Spans of ``text`` with the ranges as hits (touching ranges become one hit)."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    out: list[Span] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            out.append(Span(text=text[pos:start]))
        out.append(Span(text=text[start:end], hit=True))
        pos = end
    if pos < len(text):
        out.append(Span(text=text[pos:]))
    return out
