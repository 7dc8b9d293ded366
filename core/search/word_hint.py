"""A search of several words that found nothing, with no other hint: which words no case
holds, and the search without them that finds cases.

A clinician types a phrase ("cytokine release syndrome grade 2 blinatumomab"); every word
must match, so one word no case holds ("grade", "2") leaves 0 hits, and without a word more the
user may conclude no case has the rest. The hint names those words and offers the typed text
without them (a word that only starts an indexed word, ``blina``, is kept with ``*``):
'No case holds all 6 words: none holds "grade" or "2". Search cytokine release syndrome
blinatumomab (3 cases)?'. When each word alone finds cases, the words leaving the most hits
when left out is named. One function for the app and the command line (through
``SearchResult.filter_hints`` and ``suggestion``); at most ``MAX_WORDS + 2`` counts.
"""

from __future__ import annotations

from collections.abc import Callable

from core.search.parser import MIN_TYPED_PREFIX
from core.search.query import Clause, Query, Term
from core.search.text import tokens

MAX_WORDS = 10  # more words: no hint (a count each)
Counter = Callable[[Query | str], tuple[int, bool]]  # (hits, more than that) of a query


def _word_end(typed: str, start: int) -> int:
    end = start
    while end < len(typed) and not typed[end].isspace():
        end += 1
    return end


def _words(query: Query, typed: str) -> list[Term] | None:
    """The query's plain words (not a phrase, an exclusion or one side of an OR), in order;
    None when one cannot be found in ``typed`` (a query built by a panel)."""
    found = [c.items[0] for c in query.clauses
             if len(c.items) == 1 and isinstance(c.items[0], Term) and not c.items[0].negated
             and not c.items[0].phrase]
    if any(t.position is None or not typed[t.position:].startswith(t.text) for t in found):
        return None
    return found


def _edited(typed: str, dropped: list[Term], starred: list[Term]) -> str:
    """``typed`` without the ``dropped`` words and with ``*`` after the ``starred`` ones."""
    text = typed
    edits = [(t, "") for t in dropped] + [(t, "*") for t in starred]
    for term, mark in sorted(edits, key=lambda e: e[0].position or 0, reverse=True):
        start = term.position or 0
        end = _word_end(text, start)
        text = text[:end] + mark + text[end:] if mark else text[:start] + text[end:]
    return " ".join(text.split())


def _cases(found: tuple[int, bool]) -> str:
    total, more = found
    return f"{'more than ' if more else ''}{total:,} case{'' if total == 1 else 's'}"


def _quoted(terms: list[Term]) -> str:
    names = [f'"{t.text}"' for t in terms]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def word_hint(query: Query, typed: str, hits: Counter) -> tuple[str, str | None] | None:
    """(the message, the text to search instead or None) for a query of 2 to ``MAX_WORDS``
    plain words that found nothing; None for fewer or more words."""
    words = _words(query, typed)
    if words is None or not 2 <= len(words) <= MAX_WORDS:
        return None
    count = "No case holds both words" if len(words) == 2 else \
        f"No case holds all {len(words)} words"
    alone = [hits(Query.of(t))[0] for t in words]
    missing = [t for t, n in zip(words, alone, strict=True) if n == 0]
    if missing:
        starred = [t for t in missing if not t.prefix and _prefixable(t)
                   and hits(Query.of(Term(t.text, prefix=True)))[0]]
        dropped = [t for t in missing if t not in starred]
        parts = []
        if dropped:
            parts.append(f"none holds {_quoted(dropped)}")
        if starred:
            parts.append(f"{_quoted(starred)} only as the start of a longer word")
        message = f"{count}: {'; '.join(parts)}."
        fixed = _edited(typed, dropped, starred)
    else:
        fewer = [(hits(Query(tuple(c for c in query.clauses if c != Clause((t,))))), t)
                 for t in words]
        best, left_out = max(fewer, key=lambda f: f[0][0])
        if not best[0]:
            return f"{count}, nor all but one of them: try fewer words.", None
        verb = "matches" if best == (1, False) else "match"
        message = f"{count} together; without \"{left_out.text}\", {_cases(best)} {verb}."
        fixed = _edited(typed, [left_out], [])
    found = hits(fixed) if fixed else (0, False)
    if not found[0]:
        return message, None
    return f"{message} Search {fixed} ({_cases(found)})?", fixed


def _prefixable(term: Term) -> bool:
    """Long enough to be searched as a prefix (the search box's rule)."""
    found = tokens(term.text)
    return bool(found) and len(found[-1]) >= MIN_TYPED_PREFIX
