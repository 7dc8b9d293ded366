"""The query language: structure, round trips through to_text(), errors that point at the bad
part, and (hypothesis) that no text makes the parser or the search raise anything else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.search import Clause, Filter, Query, QueryError, Term, parse


def test_words_phrases_prefixes_or_and_exclusions_parse_to_a_structure():
    query = parse('blinatumomab "cerebral parenchyma" blin* a OR b -dasatinib dx:C91.0')
    assert query == Query((
        Clause((Term("blinatumomab"),)),
        Clause((Term("cerebral parenchyma", phrase=True),)),
        Clause((Term("blin", prefix=True),)),
        Clause((Term("a"), Term("b"))),
        Clause((Term("dasatinib", negated=True),)),
        Clause((Filter("dx", "C91.0"),)),
    ))


@pytest.mark.parametrize(("text", "item"), [
    ('dx:"B-ALL"', Filter("dx", "B-ALL")),
    ("ae:crs>=2", Filter("ae", "crs", ">=2")),
    ('ae:"febrile neutropenia">=3', Filter("ae", "febrile neutropenia", ">=3")),
    ("ae:>=3", Filter("ae", "", ">=3")),
    ("age:18..40", Filter("age", "18..40")),
    ("updated:>2026-01-01", Filter("updated", ">2026-01-01")),
    ("-cns:CNS3", Filter("cns", "CNS3", negated=True)),
    ("NOT drug:dasatinib", Filter("drug", "dasatinib", negated=True)),
    ("Mutation:T315I", Filter("mut", "T315I")),
    ("BCR::ABL1", Term("BCR::ABL1")),
    ("t(9;22)", Term("t(9;22)")),
    ('"acute lymph"*', Term("acute lymph", phrase=True, prefix=True)),
])
def test_single_items(text, item):
    assert parse(text).items == [item]


def test_punctuation_only_words_and_explicit_and_are_ignored():
    assert parse("blinatumomab AND - & cns:CNS3") == Query.of(Term("blinatumomab"),
                                                              Filter("cns", "CNS3"))
    assert parse("   ").is_empty


@pytest.mark.parametrize("text", [
    'blinatumomab "cerebral parenchyma" blin* -dasatinib',
    'dx:"B-ALL" cns:CNS3 drug:blinatumomab ae:crs>=2 mut:ABL1:T315I',
    'a OR b OR dx:C91 -"x y" sex:f age:18..40 day0:2022..2023 updated:>2026-01-01',
    'ae:"febrile neutropenia">=3 NOT status:draft',
])
def test_to_text_reads_back_to_the_same_query(text):
    query = parse(text)
    assert parse(query.to_text()) == query


def test_a_panel_built_query_has_a_text_form():
    query = Query.of(Filter("dx", "B-ALL"), Filter("cns", "CNS3"),
                     Clause((Filter("drug", "blinatumomab"), Filter("drug", "inotuzumab"))),
                     Filter("ae", "cytokine release syndrome", ">=2"), Term("relapse"))
    text = query.to_text()
    assert text == ('dx:B-ALL cns:CNS3 drug:blinatumomab OR drug:inotuzumab '
                    'ae:"cytokine release syndrome">=2 relapse')
    assert parse(text) == query


@pytest.mark.parametrize(("text", "position", "length", "words"), [
    ('blinatumomab "cerebral', 13, 1, "not closed"),
    ("a OR", 2, 2, "OR needs"),
    ("OR a", 0, 2, "OR needs"),
    ("a OR OR b", 5, 2, "OR needs"),
    ("cns:CNS4", 4, 4, "not a CNS status"),
    ("age:abc", 4, 3, "not a number"),
    ("age:40..18", 4, 6, "empty"),
    ("day0:2022-13", 5, 7, "not a date"),
    ("sex:x", 4, 1, "not a sex"),
    ("status:done", 7, 4, "not a status"),
    ("dx:", 3, 1, "needs a value"),
    ("ae:", 3, 1, "needs a term or a grade"),
    ("ae:crs>=high", 3, 9, "not a number"),
    ("dx:C91 foo:bar", 7, 4, "unknown filter"),
    ("blinatumomab NOT", 13, 3, "exclude"),
    ("-NOT x", 1, 3, "only once"),
    ('dx:"B-ALL"x', 10, 1, "unexpected text"),
])
def test_errors_point_at_the_bad_part(text, position, length, words):
    with pytest.raises(QueryError) as caught:
        parse(text)
    err = caught.value
    assert (err.position, err.length) == (position, length)
    assert words in err.message
    lines = str(err).splitlines()
    assert lines[0] == text and lines[1] == " " * position + "^" * length


def test_a_malformed_query_is_a_result_not_an_exception(casebook):
    result = casebook.search.search("cns:CNS4 blinatumomab")
    assert result.total == 0 and result.hits == []
    assert result.error.position == 4 and "^^^^" in result.error.caret


def test_a_too_long_query_is_an_error():
    with pytest.raises(QueryError, match="too many terms"):
        parse(" ".join(f"w{i}" for i in range(41)))
    with pytest.raises(QueryError, match="too long"):
        parse("x" * 1001)


QUERY_PIECES = st.sampled_from([
    "blinatumomab", "CNS3", "白血病", "Müller", "OR", "AND", "NOT", "-", "*", '"', ":", "..",
    "dx:", "ae:", "cns:", "age:", "day0:", "updated:", "mut:", "sex:", "status:", "drug:",
    ">=", "<", "=", "2", "2022-01", "C91.0", "(", ")", "{", "}", "^", "NEAR", "\x00", "\x02",
    " ", "  ", "\t", "\n", "'", "\\", "%", "_", "col:", "rowid", "fts5", ";", "--",
    "\ue000all", "\ue000", "{title}", "cjk :", "NEAR(", "age:>", "ae:crs>=", "..2",
])


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=60), st.lists(QUERY_PIECES, max_size=12).map("".join),
                 st.lists(st.one_of(QUERY_PIECES, st.text(max_size=4)), max_size=10)
                 .map(" ".join)))
def test_no_query_text_raises(casebook, text):
    for as_you_type in (False, True):
        result = casebook.search.search(text, as_you_type=as_you_type)
        if result.error is not None:
            assert 0 <= (result.error.position or 0) <= len(text)
        else:
            assert result.total >= 0


CNS_VALUES = ["CNS1", "cns2", "3", "CNS2a", "CNS2b", "CNS2c", "CNS3a", "cns3b", "CNS3c",
              "traumatic", "indeterminate_traumatic", "not_evaluable"]


@pytest.mark.parametrize("value", CNS_VALUES)
def test_cns_and_cnsdx_take_the_same_values(value):
    """Sibling filters: what one takes, the other takes (cnsdx: refused CNS2c, issue 16)."""
    assert parse(f"cns:{value}").clauses and parse(f"cnsdx:{value}").clauses
    for field in ("cns", "cnsdx"):
        with pytest.raises(QueryError, match="not a CNS status"):
            parse(f"{field}:{value}x")


@pytest.mark.parametrize(("text", "suggestion"), [
    ("performance_status:2", None),
    ("cns_dx:CNS3", "cnsdx"),
    ("best_response:CR", "response"),
    ("blinatumomab stauts:draft", "status"),
])
def test_a_mistyped_filter_is_an_error_with_a_suggestion(text, suggestion):
    """A name with an underscore is a mistyped filter too, never searched as text."""
    with pytest.raises(QueryError) as caught:
        parse(text)
    err = caught.value
    name = text.split()[-1].split(":")[0]
    assert err.message.startswith(f"unknown filter '{name}:'")
    assert "put text with a colon in quotes" in err.message
    assert (err.position, err.length) == (text.index(name), len(name) + 1)
    if suggestion:
        assert f"did you mean '{suggestion}:'?" in err.message
    else:
        assert "did you mean" not in err.message


def test_text_with_underscores_and_a_quoted_colon_is_still_text():
    assert parse('"performance_status:2"').clauses[0].items[0].text == "performance_status:2"
    assert parse("MRD_failure").clauses[0].items[0].text == "MRD_failure"
    assert parse("t9_22:x1").clauses  # digits in the name: text, as before
