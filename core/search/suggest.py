""""Did you mean …": a typed word that no case holds, matched against the words of the index
and the vocabularies' terms with rapidfuzz.

The index's words come from an ``fts5vocab`` table over the full-text index (``temp``, made
per connection: nothing is added to the data folder), read for the title, diagnosis and body
columns only: never the identifier column (a patient's name is no suggestion) nor the facet
words. The vocabulary terms are the words of every shipped vocabulary's codes, labels and
synonyms. A suggestion that the index holds wins over one it does not, and a clinical word
over a place name (the country and subdivision vocabularies: "blina" was offered the Algerian
province "blida"). A word that starts an indexed or vocabulary word gets no suggestion: it is
a word being shortened, found as a prefix (``blina*``: the command line says so), not a typo.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from sqlalchemy import Connection, text

from core.model.vocab import vocabulary, vocabulary_names
from core.search.index import FTS_TABLE
from core.search.query import Query, Term
from core.search.text import fold, tokens

VOCAB_TABLE = "search_vocab_words"
WORD_COLUMNS = ("title", "dx", "body")  # never "ids" (identifiers), "facets" or "cjk"
MIN_LENGTH = 4  # shorter words have too many near neighbours to guess
CUTOFF = 80.0  # rapidfuzz ratio (0-100): blinatumumab ~ blinatumomab scores 91.7
# common words of case reports that are never "corrected", held by a case or not: "CRS grade
# 2" was answered "CRS grande 2?" (the words of a grade are a filter: ``grade_hint``)
KEPT_WORDS = frozenset({
    "grade", "grades", "graded", "grading", "stage", "stages", "staged", "cycle", "cycles",
    "dose", "doses", "dosed", "week", "weeks", "month", "months", "year", "years", "days",
    "score", "scores", "level", "levels", "count", "counts", "ratio", "positive", "negative",
})
PLACE_VOCABULARIES = frozenset({"country", "subdivision"})  # ranked below clinical words
_RAW_WORD = re.compile(r"[^\W\d_]+")


def _words_of(names: list[str]) -> frozenset[str]:
    words: set[str] = set()
    for name in names:
        for entry in vocabulary(name):
            texts = [entry.code, entry.label, *(entry.get("synonyms") or [])]
            for item in texts:
                words.update(w for w in tokens(str(item)) if len(w) >= MIN_LENGTH and w.isalpha())
    return frozenset(words)


@cache
def vocabulary_words() -> frozenset[str]:
    """The folded words of every vocabulary's codes, labels and synonyms (4+ letters)."""
    return _words_of(list(vocabulary_names()))


@cache
def place_words() -> frozenset[str]:
    """The vocabulary words that only the place vocabularies hold (``blida``, not ``georgia``
    if a clinical vocabulary held it too)."""
    clinical = _words_of([n for n in vocabulary_names() if n not in PLACE_VOCABULARIES])
    return _words_of([n for n in vocabulary_names() if n in PLACE_VOCABULARIES]) - clinical


@cache
def _sorted_vocabulary() -> tuple[str, ...]:
    return tuple(sorted(vocabulary_words()))


def starts_vocabulary_word(word: str) -> bool:
    """Whether a vocabulary word other than ``word`` starts with it (``blina``: blinatumomab)."""
    words = _sorted_vocabulary()
    at = bisect_left(words, word)
    at += at < len(words) and words[at] == word
    return at < len(words) and words[at].startswith(word)


def _ensure_vocab_table(conn: Connection) -> None:
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{VOCAB_TABLE} "
                         f"USING fts5vocab(main, {FTS_TABLE}, col)")


def _indexed(conn: Connection, word: str, prefix: bool) -> bool:
    columns = ", ".join(f"'{c}'" for c in WORD_COLUMNS)
    if prefix:
        found = conn.execute(text(f"SELECT 1 FROM temp.{VOCAB_TABLE} WHERE term >= :w AND "
                                  f"term < :end AND col IN ({columns}) LIMIT 1"),
                             {"w": word, "end": word + "\uffff"}).first()
    else:
        found = conn.execute(text(f"SELECT 1 FROM temp.{VOCAB_TABLE} WHERE term = :w AND "
                                  f"col IN ({columns}) LIMIT 1"), {"w": word}).first()
    return found is not None


def _indexed_words(conn: Connection, first: str) -> dict[str, int]:
    """The index's words that start with ``first`` (a typo rarely hits the first letter),
    with the number of cases holding each."""
    columns = ", ".join(f"'{c}'" for c in WORD_COLUMNS)
    rows = conn.execute(text(f"SELECT term, sum(doc) FROM temp.{VOCAB_TABLE} WHERE term >= :a "
                             f"AND term < :b AND col IN ({columns}) GROUP BY term"),
                        {"a": first, "b": first + "\uffff"})
    return {term: docs for term, docs in rows if len(term) >= MIN_LENGTH}


def closest_word(conn: Connection, word: str) -> str | None:
    """The indexed word or vocabulary term nearest to ``word`` (rapidfuzz ratio at least
    ``CUTOFF``), an indexed one first, then one that is no place name; None when nothing is
    close."""
    from rapidfuzz import fuzz, process  # at the first suggestion, not at start-up

    indexed = _indexed_words(conn, word[0])
    choices = set(indexed) | {w for w in vocabulary_words() if w[0] == word[0]}
    choices.discard(word)
    found = process.extract(word, list(choices), scorer=fuzz.ratio, score_cutoff=CUTOFF,
                            limit=10)
    if not found:
        return None
    places = place_words()
    best = max(found, key=lambda f: (f[0] in indexed, f[0] not in places, f[1],
                                     indexed.get(f[0], 0)))
    return best[0]


def suggestion(conn: Connection, query: Query, typed: str) -> str | None:
    """``typed`` with each searched word that no case holds replaced by its closest known word
    (``blinatumumab relapse`` -> ``blinatumomab relapse``); None when no word needs it or
    none is close. Negated words and filters are left alone, and so is a word that starts a
    longer indexed or vocabulary word (``blina``: the search by ``blina*`` is the answer)."""
    _ensure_vocab_table(conn)
    replacements: dict[str, str] = {}
    terms = [i for i in query.items if isinstance(i, Term) and not i.negated]
    for term in terms:
        for raw in _RAW_WORD.findall(term.text):
            word = fold(raw)
            if len(word) < MIN_LENGTH or raw in replacements or word in KEPT_WORDS:
                continue
            if _indexed(conn, word, prefix=True) or starts_vocabulary_word(word):
                continue
            better = closest_word(conn, word)
            if better is not None:
                replacements[raw] = better
    if not replacements:
        return None
    fixed = typed
    for raw, better in replacements.items():
        fixed = re.sub(rf"(?<![\w:]){re.escape(raw)}(?!\w)", better, fixed)
    return fixed if fixed != typed else None
