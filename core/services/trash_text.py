"""What the box's text filters the trash by. The trash is filtered by title, case id and
diagnosis (one substring), not searched, so a filter typed there (``cns:CNS3``) cannot apply:
it is left out of that text, the plain words around it still narrow the trash, and a box of
filters alone shows the whole trash (before, ``cns:CNS3 drug:blinatumomab`` was looked for as
title text and the trash showed "0 cases", the case just trashed included).

A word is a filter here when the parser reads it as one: a known filter name before the colon
(``drug:``, ``dx:"acute leukemia"``, ``-cns:CNS3``), or a name of letters and underscores
with a value after it (``foo:bar``, which the parser refuses as a mistyped filter). Text with
a colon that the parser searches as text (``BCR::ABL1``, ``HLA-A2:01``) stays."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from core.search.filters import canonical_field
from core.services.listing import ListQuery

FILTER_WORD = re.compile(r'(?<!\S)(?:NOT\s+|-)?([A-Za-z][A-Za-z0-9_]*):("[^"]*"?\S*|\S*)')
OPERATORS = frozenset({"OR", "AND", "NOT"})


@dataclass(frozen=True)
class TrashText:
    """``words``: the text the trash is filtered by; ``filters``: the filters left out, as
    typed."""

    words: str
    filters: tuple[str, ...]


def _is_filter(match: re.Match[str]) -> bool:
    name, value = match.group(1), match.group(2)
    if canonical_field(name):
        return True
    return bool(value) and not value.startswith(":") and name.replace("_", "").isalpha()


def trash_text(text: str) -> TrashText:
    """``text`` without its filters (and the OR/AND/NOT left beside them)."""
    found = [m for m in FILTER_WORD.finditer(text) if _is_filter(m)]
    if not found:
        return TrashText(text.strip(), ())
    kept, start = [], 0
    for match in found:
        kept.append(text[start:match.start()])
        start = match.end()
    kept.append(text[start:])
    words = [w for w in " ".join(kept).split() if w not in OPERATORS]
    return TrashText(" ".join(words), tuple(m.group(0) for m in found))


def trash_query(query: ListQuery) -> ListQuery:
    """``query`` as the trash is listed: its text without filters (other queries unchanged)."""
    if not query.trashed or not query.text.strip():
        return query
    return replace(query, text=trash_text(query.text).words)
