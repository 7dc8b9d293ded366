"""A search typed as words that read as an adverse event's grade ("CRS grade 2", "grade 3
ICANS", "CRS G2"): the text holds no such words, so it finds nothing, and the spelling
suggestion alone ("CRS grande 2?") hid the filter that finds it. The hint names the filter:
"Did you mean ae:crs>=2 (CRS of grade 2 or more) or ae:crs=2 (grade 2 only)?". One function
for the app and the command line (through ``SearchResult.filter_hints``).

The event is an abbreviation (CRS, ICANS, FN, TLS) or, as a clinician types it, a CTCAE term's
words or one of its ``related`` words: "cytokine release syndrome grade 2 blinatumomab" found
nothing and said nothing (now ae:crs>=2 blinatumomab); "febrile neutropenia grade 3" gets
ae:fn>=3, "neutropenia grade 4" ae:"neutrophil count decreased">=4.
"""

from __future__ import annotations

import re
from functools import cache

from core.model.vocab import vocabulary
from core.search.facets import AE_ALIASES, ae_key
from core.search.query import Filter, Query, Term
from core.search.text import fold

GRADE_WORDS = ("grade", "grades", "gr", "g")
_JOINED = re.compile(r"(?:grade|gr|g)([1-5])")  # "grade2", "G2"


def grade_hint(query: Query, typed: str) -> tuple[str, str] | None:
    """(the hint, ``typed`` with the grade's words replaced by ``ae:<event>>=<grade>``) when
    the searched words name an adverse event (an abbreviation such as CRS, a CTCAE term or
    a related word) and hold the word grade and a grade from 1 to 5; else None."""
    words = [fold(t.text) for clause in query.clauses for t in clause.items
             if isinstance(t, Term) and not t.negated and not t.phrase]
    named = _named_event(words)
    joined = next((w for w in words if _JOINED.fullmatch(w)), None)
    grade_word = next((w for w in words if w in GRADE_WORDS), None)
    number = next((w for w in words if w in ("1", "2", "3", "4", "5")), None)
    found = _JOINED.fullmatch(joined) if joined else None
    if found is not None:
        grade = found.group(1)
    elif grade_word and number:
        grade = number
    else:
        return None
    if named is None:
        return None
    key, label, event_words = named
    at_least = Filter("ae", key, f">={grade}").to_text()
    only = Filter("ae", key, f"={grade}").to_text()
    message = (f"Did you mean {at_least} ({label} of grade {grade} or more) or {only} "
               f"(grade {grade} only)?")
    used = [*event_words, *([joined] if joined else [grade_word, number])]
    return message, _replaced(typed, used, at_least)


def _named_event(words: list[str]) -> tuple[str, str, list[str]] | None:
    """(the ae: key, its name for the message, the words naming it) for the first
    abbreviation among ``words``, else the longest run of consecutive words that is a CTCAE
    term or one of its related words; None when none is."""
    short = next((w for w in words if w in AE_ALIASES), None)
    if short is not None:
        return short, short.upper(), [short]
    names = _event_names()
    longest = max((len(n.split()) for n in names), default=0)
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start:start + size]
            found = names.get(" ".join(ae_key(w) for w in run))  # cell-associated: 2 words
            if found is not None:
                return found[0], found[1], run
    return None


@cache
def _event_names() -> dict[str, tuple[str, str]]:
    """A CTCAE term's words, and each of its related words that names it alone
    (``neutropenia``), -> (the ae: key, the term); a term with an abbreviation keys by the
    abbreviation (cytokine release syndrome: crs)."""
    short = {full: abbreviation for abbreviation, full in AE_ALIASES.items()}
    found: dict[str, tuple[str, str]] = {}
    related: dict[str, list[tuple[str, str]]] = {}
    for entry in vocabulary("ctcae"):
        key = ae_key(entry.code)
        found[key] = (short.get(key, key), entry.code)
        for word in entry.get("related") or ():
            related.setdefault(ae_key(word), []).append(found[key])
    for word, terms in related.items():
        if len(terms) == 1:  # transaminitis is ALT or AST increased: no one filter
            found.setdefault(word, terms[0])
    return found


def _replaced(typed: str, used: list[str | None], replacement: str) -> str:
    """``typed`` without the words ``used`` (once each), ``replacement`` where the first of
    them was."""
    left = [w for w in used if w]
    out: list[str] = []
    placed = False
    for word in typed.split():
        if fold(word) in left:
            left.remove(fold(word))
            if not placed:
                out.append(replacement)
                placed = True
            continue
        out.append(word)
    return " ".join(out)
