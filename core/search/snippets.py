"""Snippets of a page's hits, cut in Python from the indexed text with the query's phrases.

FTS5's snippet() re-runs the MATCH for every row of the page (one doclist seek each, slow for
a common word) and would show the CJK column as spaced characters. Here the page's columns
are read by rowid; among the indexed values (a narrative, a drug name...) holding the query's
words, the one with the most phrases wins (then the longer, for context); it is marked with the
index's word rules (``highlight.mark``) and cut to a short window.
"""

from __future__ import annotations

from core.search.documents import SEPARATOR
from core.search.highlight import mark
from core.search.match import Phrase
from core.search.results import Span
from core.search.text import fold, join_cjk_spaces

SNIPPET_COLUMNS = ("body", "dx", "ids", "cjk", "title")
BEFORE, AFTER = 60, 140  # characters kept around the first hit
CONTEXT = 200  # a longer value is preferred up to this length
ELLIPSIS = "…"


def snippet(columns: dict[str, str], phrases: list[Phrase]) -> list[Span]:
    """The best short piece of a hit's text, its matching words marked."""
    words = {w for p in phrases for w in p.words}
    needs = [frozenset(p.words) for p in phrases]
    candidates: list[tuple[int, int, int, str]] = []  # (-phrases, -length, order, value)
    for name in SNIPPET_COLUMNS:
        text = columns.get(name) or ""
        if name == "cjk":
            text = join_cjk_spaces(text)
        for value, folded in _values_with(text, words):
            present = {w for w in words if w in folded}
            found = sum(1 for need in needs if need <= present)
            candidates.append((-found, -min(len(value), CONTEXT), len(candidates), value))
        if candidates and min(candidates)[0] == -len(phrases):
            break
    for *_key, value in sorted(candidates):
        spans = mark(value, phrases)
        if any(s.hit for s in spans):
            return _window(spans)
    return []


def _values_with(text: str, words: set[str]) -> list[tuple[str, str]]:
    """The separator-delimited values of a column that contain one of the words, each with
    its folded form (an ASCII value's is cut from the folded column: no second fold)."""
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths: no positions, test each value
        pairs = ((v, fold(v)) for v in text.split(SEPARATOR))
        return [(v, f) for v, f in pairs if any(w in f for w in words)]
    bounds: set[tuple[int, int]] = set()
    for word in words:
        at = folded.find(word)
        while at >= 0:
            start = folded.rfind(SEPARATOR, 0, at)
            start = 0 if start < 0 else start + len(SEPARATOR)
            end = folded.find(SEPARATOR, at)
            end = len(folded) if end < 0 else end
            bounds.add((start, end))
            at = folded.find(word, end)
    out = []
    for start, end in sorted(bounds):
        value = text[start:end]
        out.append((value, folded[start:end] if value.isascii() else fold(value)))
    return out


def _window(spans: list[Span]) -> list[Span]:
    """At most BEFORE characters before the first hit and about AFTER after it."""
    first = next((i for i, s in enumerate(spans) if s.hit), None)
    if first is None:
        return spans
    head = "".join(s.text for s in spans[:first])
    if len(head) > BEFORE:
        cut = head[-BEFORE:]
        head = ELLIPSIS + (cut[cut.find(" ") + 1:] if " " in cut else cut)
    out = [Span(text=head)] if head else []
    room = AFTER
    for span in spans[first:]:
        if span.hit or len(span.text) <= room:
            out.append(span)
            room -= len(span.text)
            continue
        out.append(Span(text=span.text[:max(room, 0)].rstrip() + ELLIPSIS))
        break
    return out
