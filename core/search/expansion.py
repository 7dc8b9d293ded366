"""How far a prefix really expands (issue 20), read from the index itself, and a long prefix
written as the words it starts.

The FTS index keeps prefixes of 2 and 3 characters (``index.py``: ``prefix = '2 3'``): one
list of hits each. A prefix of ``LONG_PREFIX`` or more characters has none: FTS5 reads every
hit of every word it starts, merges them in memory, and does so again for each MATCH of a
search (count, rank). The cost is the size of those hit lists, which no rule on a prefix's
length tells (at 100k cases ``blinat*`` reads 64 pages, ``lymph*`` 709), so:

* ``span``: the leaf pages the hits under a prefix or a word take in the index, from FTS5's
  own b-tree of leaf pages (``search_fts_idx``: the first term of each leaf page and its
  number), two seeks per segment whatever the number of cases. A query whose prefixes and
  words joined by OR together read more than ``MAX_PAGES`` (weighted by ``COST``), or
  ``INDEX_SHARE`` of the index when that is more, is refused, naming the widest. At 100k cases
  (109k pages, bound 1,450) ``lymph* leuk*`` (1,200) and ``co* re* pa* lymph*`` (1,414) are
  answered, ``leuk* OR lymph* OR blast* OR marrow*`` (1,626) and a dozen common words joined
  by OR (``the OR and OR ...``, 1,822) are refused. The share keeps a word joined by OR that
  is answered at 100k answered in a larger casebook (whose words fill more pages), while a
  search box over a small one is never refused.
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
MAX_PAGES = 1450  # leaf pages of about 4 KB one query may read (weighted, see COST) ...
INDEX_SHARE = 0.013  # ... or this share of the index's leaf pages, when that is more
COST = {"long": 1.0, "short": 0.5, "word": 0.7}  # per page: a long prefix's words are merged;
# a 2-3 character prefix (its prefix index) or a word joined by OR is one list of hits, read
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


def _reads(query: Query) -> dict[tuple[str, str], Term]:
    """What the query reads that is bounded: each prefix (``long``/``short``) and each word of
    a term joined by OR (``word``), with the first term that reads it."""
    found: dict[tuple[str, str], Term] = {}
    for clause in query.clauses:
        for item in clause.items:
            if not isinstance(item, Term):
                continue
            for phrase in term_phrases(item):
                last = prefix_word(phrase)
                if last is not None and len(last) > 1:
                    found.setdefault(("long" if len(last) >= LONG_PREFIX else "short", last),
                                     item)
                if len(clause.items) > 1 and not phrase.cjk:
                    for word in phrase.words[:-1] if phrase.prefix else phrase.words:
                        if word.isascii():
                            found.setdefault(("word", word), item)
    return found


def expand(conn: Connection, query: Query, text: str | None = None) -> Expansions:
    """The words each long prefix of ``query`` expands to; QueryError (``text``: the typed
    query, for the caret) when its prefixes and words joined by OR read too much of the
    index, or a prefix starts too many words."""
    found = _reads(query)
    if not found:
        return {}
    segments = _segments(conn)
    cost = {read: COST[read[0]] * span(conn, *_range(*read), segments) for read in found}
    bound = max(MAX_PAGES, INDEX_SHARE * sum(last for _first, last in segments))
    if sum(cost.values()) > bound:
        kind, _word = widest = max(cost, key=lambda r: cost[r])
        term = found[widest]
        if kind == "word":
            start, advice = "'{t}' and the other words joined by OR are too broad", (
                "search for fewer words at a time, or leave out the commonest")
        else:
            start = "'{t}' is too broad" + (", with the other words ending in *," if sum(
                k != "word" for k, _w in cost) > 1 else "")
            advice = "type more of the word, or the whole word"
        raise QueryError(
            start.format(t=term.to_text()) + " for this casebook: this search would read "
            f"about {_size(sum(cost.values()))} of the index (at most {_size(bound)}): "
            f"{advice}", term.position, len(term.to_text()), text)
    out: Expansions = {}
    for (kind, word), term in found.items():
        if kind != "long":
            continue  # a prefix index holds a short one: FTS5 reads one list of hits
        out[word] = words(conn, word)
        if len(out[word]) > MAX_WORDS:
            raise QueryError(
                f"'{term.to_text()}' starts more than {MAX_WORDS} different words: type more of "
                "the word, or the whole word", term.position, len(term.to_text()), text)
    return out


def _range(kind: str, word: str) -> tuple[bytes, bytes]:
    """The keys in ``IDX`` between which the hits of a prefix or a word lie."""
    if kind == "word":
        return ("0" + word).encode(), ("0" + word).encode() + b"\x00"
    key = _key(word).encode()
    return key, key + b"\xff"


def _size(pages: float) -> str:
    kib = pages * PAGE_KIB
    return f"{kib / 1024:.1f} MB" if kib >= 1024 else f"{kib:.0f} KB"


def _segments(conn: Connection) -> list[tuple[int, int]]:
    """Each segment of the index: its id and its last leaf page."""
    ids = plain(conn, f"WITH RECURSIVE s(id) AS (SELECT min(segid) FROM {IDX} UNION ALL "
                f"SELECT (SELECT min(segid) FROM {IDX} WHERE segid > s.id) FROM s "
                "WHERE s.id IS NOT NULL) SELECT id FROM s WHERE id IS NOT NULL").fetchall()
    return [(i, _page(conn, "segid = ? ORDER BY term DESC", (i,)) + 1) for (i,) in ids]


def span(conn: Connection, low: bytes, high: bytes,
         segments: list[tuple[int, int]] | None = None) -> int:
    """The leaf pages taken by the hits of the terms between the keys ``low`` and ``high``
    (``_range``), in every segment of the index (at least one page per segment)."""
    pages = 0
    for segment, last in segments if segments is not None else _segments(conn):
        first = _page(conn, "segid = ? AND term < ? ORDER BY term DESC", (segment, low)) \
            or _page(conn, "segid = ? ORDER BY term", (segment,))
        after = _page(conn, "segid = ? AND term > ? ORDER BY term", (segment, high)) or last
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
