"""FTS5 MATCH expressions, built only from our own tokens: user text never reaches MATCH
unquoted (ARCHITECTURE Pitfalls), so no typed text can be read as an FTS5 operator.

A term becomes phrases: its words as one quoted phrase, and each CJK run as a phrase of
single characters in the ``cjk`` column; ``prefix`` puts ``*`` after the last phrase. A whole
term that is a drug's abbreviation or brand name (``MTX``) also matches the drug's name
(``alternatives``: "mtx" OR "methotrexate"); typed in quotes, it matches only as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.search.drug_words import drug_names
from core.search.query import Term
from core.search.text import CJK_RUN, tokens


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    cjk: bool = False
    prefix: bool = False
    alternatives: tuple[tuple[str, ...], ...] = ()  # other words it matches (a drug's name)

    def expression(self, expansions: dict[str, tuple[str, ...]] | None = None) -> str:
        """The phrase for MATCH; a prefix found in ``expansions`` (``expansion.expand``) as
        the phrases of the words it starts, joined by OR."""
        found = expansions.get(self.words[-1]) if expansions and self.prefix else None
        if found:
            return any_of(['"' + " ".join((*self.words[:-1], word)) + '"' for word in found]) \
                or ""
        text = '"' + " ".join(self.words) + '"' + (" *" if self.prefix else "")
        if self.alternatives:
            return any_of([text, *('"' + " ".join(words) + '"' for words in self.alternatives)])\
                or text
        return f"cjk : {text}" if self.cjk else text

    def forms(self) -> list[Phrase]:
        """The phrase and each of its alternatives as a phrase of its own (what a hit holds,
        for the naive matcher and for highlighting)."""
        return [self, *(Phrase(words) for words in self.alternatives)]


def term_phrases(term: Term) -> list[Phrase]:
    """The phrases a term needs, all of which must match (empty when it has no words)."""
    phrases: list[Phrase] = []
    pos = 0
    for run in CJK_RUN.finditer(term.text):
        phrases += _latin(term.text[pos:run.start()])
        phrases.append(Phrase(tuple(run.group()), cjk=True))
        pos = run.end()
    phrases += _latin(term.text[pos:])
    if term.prefix and phrases:
        last = phrases[-1]
        phrases[-1] = Phrase(last.words, last.cjk, prefix=True)  # (MTX* is a prefix only)
    elif len(phrases) == 1 and not phrases[0].cjk and not term.phrase:  # ("MTX": as typed)
        phrases[0] = Phrase(phrases[0].words, alternatives=drug_names(phrases[0].words))
    return phrases


def _latin(text: str) -> list[Phrase]:
    words = tokens(text)
    return [Phrase(tuple(words))] if words else []


def term_expression(term: Term,
                    expansions: dict[str, tuple[str, ...]] | None = None) -> str | None:
    phrases = [p.expression(expansions) for p in term_phrases(term)]
    if not phrases:
        return None
    return phrases[0] if len(phrases) == 1 else "(" + " AND ".join(phrases) + ")"


def any_of(expressions: list[str]) -> str | None:
    if not expressions:
        return None
    return expressions[0] if len(expressions) == 1 else "(" + " OR ".join(expressions) + ")"


def all_of(expressions: list[str], excluded: list[str] | None = None) -> str | None:
    """``a AND b NOT c NOT d``; None without a positive part (FTS5 NOT is binary)."""
    if not expressions:
        return None
    text = " AND ".join(expressions)
    for expr in excluded or []:
        text = f"({text}) NOT {expr}"
    return text
