"""Bounded prefix expansion and OR fan-out (issue 20): an over-broad query gets a message saying
how to narrow it (search result, command line, a panel's structured query); ordinary queries,
the bench's 20-query mix among them, are answered as before."""

from __future__ import annotations

import pytest

from core.cli import main as cli_main
from core.search import Clause, Query, QueryError, Term, parse
from core.search.bounds import MAX_ALTERNATIVES, MAX_PREFIXES
from core.search.compile import compile_query
from tests.bench.search_bench import QUERIES

LETTERS = " OR ".join(f"{c}*" for c in "abcdefghijklm")  # 2.3 s at 12.6k cases before
WORDS = [f"word{n}" for n in range(MAX_ALTERNATIVES + 1)]


@pytest.mark.parametrize(("query", "message", "caret"), [
    ("a*", "'a*' is too short a prefix: type at least 2 letters", "^^"),
    (LETTERS, "'a*' is too short a prefix", "^^"),
    ('leukemia "acute l"*', "'\"acute l\"*' is too short a prefix", " " * 9 + "^" * 10),
    ("blin* -x*", "'-x*' is too short", " " * 6 + "^^^"),
    (" ".join(f"{w}*" for w in ("co", "re", "pa", "le", "di")),
     f"too many words ending in * (5, at most {MAX_PREFIXES}): type more of each word",
     " " * 16 + "^^^"),
    ("leuk* OR lymph*", "at most 1 word of 4 or more letters may end in *", " " * 9 + "^" * 6),
    ("blin* dasat*", "instead of 'dasat*', type the whole word, or only its first 2 or 3",
     None),
    (" OR ".join(WORDS), f"too many search words joined by OR ({len(WORDS)}, at most "
     f"{MAX_ALTERNATIVES}): split the search in two, or use a filter", None),
])
def test_an_over_broad_query_says_how_to_narrow_it(filled, query, message, caret):
    result = filled.search.search(query)
    assert result.error is not None and result.total == 0 and not result.hits
    assert message in result.error.message
    if caret is not None:
        assert result.error.caret.splitlines()[1] == caret
    with pytest.raises(QueryError) as caught:
        filled.search.count(query)
    assert message in caught.value.message


@pytest.mark.parametrize("query", [
    "blin*", "白*", "co* re* pa* le*", "co* re* pa* lymph*", " OR ".join(WORDS[:MAX_ALTERNATIVES]),
    "dx:C9* drug:L01 age:0..150 day0:2000..2030", "leukemia ab",
])
def test_queries_within_the_bounds_run(filled, query):
    assert filled.search.search(query).error is None


def test_a_word_typed_letter_by_letter_is_never_refused(filled):
    for end in range(1, len("blinatumomab") + 1):
        result = filled.search.search("blinatumomab"[:end], as_you_type=True)
        assert result.error is None


def test_a_panel_query_past_a_bound_is_refused_too(filled):
    query = Query(tuple([Clause(tuple(Term(w) for w in WORDS))]))
    result = filled.search.search(query)
    assert result.error is not None and "joined by OR" in result.error.message
    with pytest.raises(QueryError):
        compile_query(Query((Clause((Term("a", prefix=True),)),)))


def test_the_command_line_refuses_an_over_broad_query(filled, capsys):
    assert cli_main(["search", *LETTERS.split()]) == 1  # as for any malformed query
    err = capsys.readouterr().err
    assert "a* OR b*" in err and "\n^^\n" in err and "too short a prefix" in err


def test_the_bench_mix_is_within_the_bounds_and_answered_as_the_naive_scan(filled):
    for query in QUERIES:
        parse(query)  # no QueryError
        result = filled.search.search(query, limit=1000)
        assert result.error is None, query
        assert {h.case_id for h in result.hits} == set(filled.search.naive_scan(query)), query
