"""Facet words: filters as words of the full-text row (core.search.facet_tokens)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.search.facet_tokens import digit_prefixes, escape, row_words, whole_numbers, widen_dates
from core.search.ranges import NumRange
from core.store.indexing import IndexRows


def covered(prefixes: list[str], width: int = 8) -> set[int]:
    out: set[int] = set()
    for p in prefixes:
        rest = width - len(p)
        base = int(p + "0" * rest) if p else 0
        out |= set(range(base, base + 10**rest))
    return out


@given(st.integers(0, 20000), st.integers(0, 20000))
def test_digit_prefixes_cover_exactly_the_range(low, size):
    assert covered(digit_prefixes(low, low + size)) == set(range(low, low + size + 1))


def test_ranges_need_few_words():
    assert digit_prefixes(18, 40) == ["00000018", "00000019", "0000002", "0000003", "00000040"]
    assert digit_prefixes(*widen_dates(20220101, 20231231)) == ["2022", "2023"]
    assert digit_prefixes(*widen_dates(20240201, 20240229)) == ["202402"]
    assert whole_numbers(NumRange(18, None, low_open=True), 150) == (19, 150)
    assert whole_numbers(NumRange(None, 17.5), 150) == (0, 17)


def test_escaped_words_are_letters_and_digits_only():
    assert escape("c91.0") == "c91q2e0" and escape("q") == "q71"
    assert escape("b-all").isalnum() and escape("白血病").isalnum()


def test_every_row_has_the_all_word_and_code_prefixes():
    rows = IndexRows()
    rows.code("atc", "L01FX07")
    rows.number("age", 34)
    rows.number("ae:crs", 2)
    found = row_words(rows).split()
    assert "\ue000all" in found
    assert {"\ue000patcqql", "\ue000patcqql01", "\ue000patcqql01fx07"} <= set(found)
    assert "\ue000nageqq00000034" in found and "\ue000a2crs" in found


def test_typed_text_never_matches_a_facet_word(find):
    assert find("fsexqqfemale") == set()
    assert find("patcqql01") == set()
    assert find("\ue000all") == find("all")  # the private-use mark is not a letter
