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
    "blinat* dasat*", "leuk*", "leuk* OR lymph*", "lymph* leuk*", "blin* dasat* -lymphoc*",
    '"acute lymph"* leuk*',
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


def test_the_command_line_answers_long_prefixes(filled, capsys, monkeypatch):
    """``casebook search blinat* dasat*`` lists the cases (exit 0; refused before); past the
    real-expansion bound it exits 1 with the term under a caret."""
    from core.search import expansion

    assert cli_main(["search", "blinat*", "dasat*"]) == 0
    out = capsys.readouterr().out
    assert set(filled.search.naive_scan("blinat* dasat*")) <= set(out.split()) and out
    monkeypatch.setattr(expansion, "MAX_PAGES", 0)
    assert cli_main(["search", "blinat*", "dasat*"]) == 1
    err = capsys.readouterr().err
    assert "is too broad, with the other words ending in *, for this casebook" in err
    assert "\n^^^^^^^" in err


def test_the_bench_mix_is_within_the_bounds_and_answered_as_the_naive_scan(filled):
    for query in QUERIES:
        parse(query)  # no QueryError
        result = filled.search.search(query, limit=1000)
        assert result.error is None, query
        assert {h.case_id for h in result.hits} == set(filled.search.naive_scan(query)), query


@pytest.mark.parametrize("query", [
    "blinat* dasat*", "leuk*", "leuk* OR lymph*", "lymph* leuk*", "blin* -dasat*",
    '"acute lymph"*', "lymphoblastic leuk* OR cereb*", "co* re* lymph*",
])
def test_long_prefixes_are_searched_as_the_words_they_start(filled, query):
    """Several prefixes of 4 letters or more (refused by length before) are answered, each as
    the words the index holds that it starts, with the hits of the naive scan."""
    result = filled.search.search(query, limit=1000)
    assert result.error is None, result.error
    assert result.total > 0
    assert {h.case_id for h in result.hits} == set(filled.search.naive_scan(query))
    assert filled.search.count(query) == result.total


def test_a_prefix_is_bounded_by_how_far_it_expands_not_by_its_length(filled, monkeypatch):
    """The bound is the index's own size of the hit lists a prefix reads: with a bound of a
    few pages, a wide short prefix is refused where a narrow long one still runs."""
    from core.search import expansion

    with filled.ctx.db.read() as conn:
        pages = {w: expansion.span(conn, *expansion._range(k, w))
                 for k, w in (("long", "blinat"), ("short", "le"), ("word", "zzzzq"))}
    assert all(p >= 1 for p in pages.values())
    monkeypatch.setattr(expansion, "MAX_PAGES", 0)
    result = filled.search.search("blinat* dasat*")
    assert result.error is not None
    assert "'dasat*' is too broad, with the other words ending in *," in result.error.message \
        or "'blinat*' is too broad, with the other words" in result.error.message
    assert "type more of the word, or the whole word" in result.error.message
    assert filled.search.search("blinatumomab dasatinib").error is None  # no prefix: no bound
    with pytest.raises(QueryError, match="too broad"):
        filled.search.count("leuk*")
    assert filled.search.cohort_summary("leuk*").error is not None


def test_a_prefix_starting_too_many_words_is_refused(casebook, reference_cases, monkeypatch):
    """A prefix that starts more than MAX_WORDS different words (read from the index) gets a
    message naming it; one more letter that starts few runs."""
    from core.search import expansion

    case = reference_cases[0]
    words = " ".join(f"zzqx{n:03d}" for n in range(expansion.MAX_WORDS + 1))
    case.case_report.title = f"{case.title} {words}"
    casebook.cases.import_cases([case], source="test")
    result = casebook.search.search("leukemia zzqx*")
    assert result.error is not None
    assert result.error.message.startswith(
        f"'zzqx*' starts more than {expansion.MAX_WORDS} different words")
    assert result.error.caret.splitlines()[1] == " " * 9 + "^" * 5
    found = casebook.search.search("zzqx06*")
    assert found.error is None and found.total == 1


def test_the_words_of_a_prefix_follow_every_save(filled, reference_cases):
    """The words a prefix starts are kept per state of the index: a save that adds a word is
    found by the same prefix at once."""
    assert filled.search.count("zzqyword*") == 0
    case = filled.cases.open_case(reference_cases[0].case_id)
    case.case_report.title = f"{case.title} zzqywordadded"
    filled.cases.save_case(case)
    assert filled.search.count("zzqyword*") == 1


def test_words_joined_by_or_are_bounded_by_what_they_read(filled, monkeypatch):
    """The words of an OR count with the prefixes (each word's list of hits read from the
    index); a lone word or words joined by AND are never refused, however common."""
    from core.search import expansion

    monkeypatch.setattr(expansion, "MAX_PAGES", 0)
    result = filled.search.search("leukemia OR blinatumomab")
    assert result.error is not None
    assert result.error.message.startswith("'")
    assert "and the other words joined by OR are too broad for this casebook" \
        in result.error.message
    assert "search for fewer words at a time, or leave out the commonest" in result.error.message
    for query in ("leukemia", "leukemia blinatumomab", '"acute lymphoblastic" leukemia'):
        assert filled.search.search(query).error is None, query


def test_long_prefixes_after_a_reindex(filled):
    """The vocabulary table a connection keeps reads the index rebuilt under it."""
    before = filled.search.search("blinat* dasat*", limit=1000)
    filled.search.reindex()
    after = filled.search.search("blinat* dasat*", limit=1000)
    assert after.error is None and after.total == before.total > 0
    assert {h.case_id for h in after.hits} == {h.case_id for h in before.hits}
