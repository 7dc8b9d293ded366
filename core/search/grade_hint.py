"""A search typed as words that read as an adverse event's grade ("CRS grade 2", "grade 3
ICANS", "CRS G2"): the text holds no such words, so it finds nothing, and the spelling
suggestion alone ("CRS grande 2?") hid the filter that finds it. The hint names the filter:
"Did you mean ae:crs>=2 (CRS of grade 2 or more) or ae:crs=2 (grade 2 only)?". One function
for the app and the command line (through ``SearchResult.filter_hints``).
"""

from __future__ import annotations

import re

from core.search.facets import AE_ALIASES
from core.search.query import Query, Term
from core.search.text import fold

GRADE_WORDS = ("grade", "grades", "gr", "g")
_JOINED = re.compile(r"(?:grade|gr|g)([1-5])")  # "grade2", "G2"


def grade_hint(query: Query, typed: str) -> tuple[str, str] | None:
    """(the hint, ``typed`` with the grade's words replaced by ``ae:<event>>=<grade>``) when
    the searched words hold an adverse-event abbreviation (CRS, ICANS, FN, TLS), the word
    grade and a grade from 1 to 5; else None."""
    words = [fold(t.text) for clause in query.clauses for t in clause.items
             if isinstance(t, Term) and not t.negated and not t.phrase]
    event = next((w for w in words if w in AE_ALIASES), None)
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
    if event is None:
        return None
    at_least, only = f"ae:{event}>={grade}", f"ae:{event}={grade}"
    label = event.upper()
    message = (f"Did you mean {at_least} ({label} of grade {grade} or more) or {only} "
               f"(grade {grade} only)?")
    used = [event, *([joined] if joined else [grade_word, number])]
    return message, _replaced(typed, used, at_least)


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
