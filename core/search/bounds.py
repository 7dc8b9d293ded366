"""How broad a query may be (issue 20): bounded prefix expansion and OR fan-out, so that no
query reads most of the index several times over (measured at 12.6k cases: ``a* OR b* OR ...
OR m*`` 2.3 s, growing with the number of cases).

* A prefix (``word*``) needs ``MIN_PREFIX`` letters or digits before the ``*``: a one-letter
  prefix has no prefix index and expands to thousands of words, each one's hits merged.
* At most ``MAX_PREFIXES`` prefixes in a query, and at most ``MAX_ALTERNATIVES`` search words
  joined by OR: each is a list of hits read and merged (a common word is in every case), and
  each is looked for again in the page's snippets.
* A prefix of 4 or more characters (no prefix index holds it) is bounded by how far it really
  expands in the folder's index, not by its length: ``core.search.expansion``, checked when
  the query is compiled with a connection (``blinat* dasat*`` reads little, ``leuk* OR lymph*
  OR blast* OR marrow*`` too much at 100k cases).

A query past a bound is a ``QueryError`` pointing at the term, saying how to narrow it. CJK
characters are words of one character: a CJK prefix (``白*``) is not refused. Filters are facet
words (one word each, or a few for a range) and do not count.
"""

from __future__ import annotations

from core.search.match import term_phrases
from core.search.query import Query, QueryError, Term

MIN_PREFIX = 2
MAX_PREFIXES = 4
MAX_ALTERNATIVES = 12


def check_breadth(query: Query, text: str | None = None) -> None:
    """Raise QueryError for a query past a bound (``text``: the typed query, for the caret)."""
    terms = [i for clause in query.clauses for i in clause.items if isinstance(i, Term)]
    prefixes: list[Term] = []
    for term in terms:
        phrases = term_phrases(term)
        if not term.prefix or not phrases or phrases[-1].cjk:
            continue
        prefixes.append(term)
        if len(phrases[-1].words[-1]) < MIN_PREFIX:
            raise QueryError(
                f"'{term.to_text()}' is too short a prefix: type at least {MIN_PREFIX} letters "
                "or digits before the *", term.position, len(term.to_text()), text)
    if len(prefixes) > MAX_PREFIXES:
        extra = prefixes[MAX_PREFIXES]
        raise QueryError(
            f"too many words ending in * ({len(prefixes)}, at most {MAX_PREFIXES}): type more "
            "of each word without the *, or search for fewer at a time", extra.position,
            len(extra.to_text()), text)
    alternatives = [i for clause in query.clauses if len(clause.items) > 1
                    for i in clause.items if isinstance(i, Term)]
    if len(alternatives) > MAX_ALTERNATIVES:
        extra = alternatives[MAX_ALTERNATIVES]
        raise QueryError(
            f"too many search words joined by OR ({len(alternatives)}, at most "
            f"{MAX_ALTERNATIVES}): split the search in two, or use a filter such as drug:, "
            "dx: or mut:", extra.position, len(extra.to_text()), text)
