"""How far a prefix really expands (issue 20), read from the index itself, and a long prefix
written as the words it starts.

The FTS index keeps prefixes of 2 and 3 characters (``index.py``: ``prefix = '2 3'``): one
list of hits each. A prefix of ``LONG_PREFIX`` or more characters has none: FTS5 reads every
hit of every word it starts, merges them in memory, and does so again for each MATCH of a
search (count, rank). The cost is the size of those hit lists, which no rule on a prefix's
length tells (at 100k cases ``blinat*`` reads 64 pages, ``lymph*`` 709), so:

* ``span``: the leaf pages the hits under a prefix take in the index, from FTS5's own b-tree
  of leaf pages (``search_fts_idx``: the first term of each leaf page and its number), two
  seeks per segment whatever the number of cases. A query whose prefixes together read more
  than ``MAX_PAGES`` (a prefix of 2 or 3 characters counting a ``SHORT_SHARE``-th: one list,
  no merge) is refused, naming the widest: at 100k cases ``leuk* OR lymph*`` (1,200 pages) is
  answered, ``leuk* OR lymph* OR blast* OR marrow*`` (1,626) is refused.
* ``words``: the indexed words a long prefix starts, from an ``fts5vocab`` table (which reads
  those pages once, bounded by ``MAX_PAGES``); more than ``MAX_WORDS`` is refused. The prefix
  is then searched as those words joined by OR, which FTS5 reads lazily (rowid seeks for the
  newest hits ranked) instead of merging every hit list for each MATCH: at 100k cases
  ``lymph*`` 120 -> ~70 ms. The words found are kept per database and state of its index
  (FTS5's structure record, which every write to the index changes): a prefix searched again,
  as the search box does on each key, reads no page.

Only ASCII prefixes are looked up (``text.tokens`` folds those exactly as the tokenizer
does); any other is left to FTS5 as typed (bounded by ``bounds`` only).
"""

from __future__ import annotations

from sqlalchemy import Connection

from core.search.index import FTS_TABLE
from core.search.match import Phrase, term_phrases
from core.search.query import Query, QueryError, Term
from core.store.engine import plain

LONG_PREFIX = 4
MAX_PAGES = 1300  # leaf pages of about 4 KB that the prefixes of one query may read
SHORT_SHARE = 3  # a prefix of 2 or 3 characters reads one list of hits: a third the cost
MAX_WORDS = 64  # words one long prefix may expand to
PAGE_KIB = 4
CACHED = 512  # prefixes whose words are kept
VOCAB = "temp.search_vocab"
IDX = f"{FTS_TABLE}_idx"  # FTS5's shadow table: (segid, term, pgno); term = b'0' + word in
# the main index, b'1' + 2 characters and b'2' + 3 characters in the prefix indexes
_LAST = "\U0010ffff"
_cache: dict[tuple[str, bytes, str], tuple[str, ...]] = {}

Expansions = dict[str, tuple[str, ...]]  # a long prefix -> the indexed words it starts


def prefix_word(phrase: Phrase) -> str | None:
    """The last word of a prefix phrase that can be looked up (ASCII, not CJK); else None."""
    if not phrase.prefix or phrase.cjk or not phrase.words or not phrase.words[-1].isascii():
        return None
    return phrase.words[-1]


def _key(word: str) -> str:
    """The word's key in ``IDX``: the main index for a long prefix, else its prefix index."""
    return ("0" if len(word) >= LONG_PREFIX else str(len(word) - 1)) + word


def expand(conn: Connection, query: Query, text: str | None = None) -> Expansions:
    """The words each long prefix of ``query`` expands to; QueryError (``text``: the typed
    query, for the caret) when its prefixes read too much of the index, or one starts too
    many words."""
    found: dict[str, Term] = {}
    for clause in query.clauses:
        for item in clause.items:
            if isinstance(item, Term):
                for phrase in term_phrases(item):
                    word = prefix_word(phrase)
                    if word is not None and len(word) > 1:
                        found.setdefault(word, item)
    if not found:
        return {}
    cost = {word: span(conn, _key(word)) / (1 if len(word) >= LONG_PREFIX else SHORT_SHARE)
            for word in found}
    if sum(cost.values()) > MAX_PAGES:
        widest = max(cost, key=lambda w: cost[w])
        term = found[widest]
        others = (", with the other words ending in *," if len(cost) > 1 else "")
        raise QueryError(
            f"'{term.to_text()}' is too broad{others} for this casebook: the words it starts "
            f"fill about {_size(sum(cost.values()))} of the index (at most {_size(MAX_PAGES)} "
            "per search): type more of the word, or the whole word", term.position,
            len(term.to_text()), text)
    out: Expansions = {}
    for word, term in found.items():
        if len(word) < LONG_PREFIX:
            continue  # a prefix index holds it: FTS5 reads one list of hits
        out[word] = words(conn, word)
        if len(out[word]) > MAX_WORDS:
            raise QueryError(
                f"'{term.to_text()}' starts more than {MAX_WORDS} different words: type more of "
                "the word, or the whole word", term.position, len(term.to_text()), text)
    return out


def _size(pages: float) -> str:
    kib = pages * PAGE_KIB
    return f"{kib / 1024:.1f} MB" if kib >= 1024 else f"{kib:.0f} KB"


def span(conn: Connection, key: str) -> int:
    """The leaf pages that the hits under ``key`` (``_key``: the words starting with a
    prefix) take, in every segment of the index (at least one page per segment)."""
    low, high = key.encode(), key.encode() + b"\xff"
    pages = 0
    segments = plain(conn, f"WITH RECURSIVE s(id) AS (SELECT min(segid) FROM {IDX} UNION ALL "
                     f"SELECT (SELECT min(segid) FROM {IDX} WHERE segid > s.id) FROM s "
                     "WHERE s.id IS NOT NULL) SELECT id FROM s WHERE id IS NOT NULL").fetchall()
    for (segment,) in segments:
        first = _page(conn, "segid = ? AND term < ? ORDER BY term DESC", (segment, low)) \
            or _page(conn, "segid = ? ORDER BY term", (segment,))
        after = _page(conn, "segid = ? AND term > ? ORDER BY term", (segment, high)) \
            or _page(conn, "segid = ? ORDER BY term DESC", (segment,)) + 1
        pages += max(1, after - first)
    return pages


def _page(conn: Connection, where: str, params: tuple[object, ...]) -> int:
    row = plain(conn, f"SELECT pgno FROM {IDX} WHERE {where} LIMIT 1", params).fetchone()
    return 0 if row is None else int(row[0]) >> 1  # pgno holds (page << 1) | flag


def words(conn: Connection, word: str) -> tuple[str, ...]:
    """The indexed words starting with ``word`` (at most ``MAX_WORDS`` + 1 of them)."""
    state = plain(conn, f"SELECT block FROM {FTS_TABLE}_data WHERE id = 10").fetchone()
    key = (str(conn.engine.url), bytes(state[0]) if state else b"", word)
    if key in _cache:
        return _cache[key]
    if len(_cache) >= CACHED:
        _cache.pop(next(iter(_cache)))
    _cache[key] = found = _words(conn, word)
    return found


def _words(conn: Connection, word: str) -> tuple[str, ...]:
    plain(conn, f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab(main, "
          f"{FTS_TABLE}, 'row')")
    rows = plain(conn, f"SELECT term FROM {VOCAB} WHERE term >= ? AND term < ? LIMIT ?",
                 (word, word + _LAST, MAX_WORDS + 1)).fetchall()
    return tuple(str(term) for (term,) in rows)
