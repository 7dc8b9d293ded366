"""The prefix forms of a query that found nothing, for ``casebook search``. The search box
reads the last word typed as a prefix (the user is still typing), the command line reads
every word whole, so ``blinat`` found 67 cases in the app and "0 case(s)" at the command line
with no word more. The command line keeps whole words and, when nothing matches, says which
prefix form would: the last word first (what the app searched), then every word.

The forms are the typed text with ``*`` after the words, so filters, quotes and OR stay as
typed and a count given for a form is that of the whole query, its filters included."""

from __future__ import annotations

from core.search.parser import MIN_TYPED_PREFIX
from core.search.query import Query, Term
from core.search.text import tokens


def _word_end(typed: str, start: int) -> int:
    end = start
    while end < len(typed) and not typed[end].isspace():
        end += 1
    return end


def _prefixable(term: Term) -> bool:
    """A plain word searched whole (not a phrase, an exclusion or a prefix already), long
    enough to be a prefix (the search box's rule: not a single letter)."""
    if term.phrase or term.negated or term.prefix or term.position is None:
        return False
    words = tokens(term.text)
    return bool(words) and len(words[-1]) >= MIN_TYPED_PREFIX


def prefix_forms(query: Query, typed: str) -> list[str]:
    """``typed`` with its last plain word as a prefix, then (if there are several) with every
    one as a prefix; [] when it has no such word."""
    ends = [_word_end(typed, t.position) for t in query.items
            if isinstance(t, Term) and _prefixable(t) and t.position is not None]
    ends = sorted(set(ends))

    def starred(at: list[int]) -> str:
        text = typed
        for end in sorted(at, reverse=True):
            text = text[:end] + "*" + text[end:]
        return text

    if not ends:
        return []
    forms = [starred(ends[-1:])]
    if len(ends) > 1:
        forms.append(starred(ends))
    return forms
