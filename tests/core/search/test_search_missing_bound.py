"""An operator typed with nothing after it says what is missing: `ae:crs>=` read
"ae: '' is not a number" (found by a stranger run); the same for the other range filters."""

from __future__ import annotations

import pytest

from core.search.parser import parse
from core.search.query import QueryError

DATE = "a date (2022, 2022-03 or 2022-03-01)"


@pytest.mark.parametrize(("text", "message"), [
    ("ae:crs>=", "ae:crs>=: a grade (1-5) is missing after '>='"),
    ("ae:>=", "ae:>=: a grade (1-5) is missing after '>='"),
    ("ae:crs<", "ae:crs<: a grade (1-5) is missing after '<'"),
    ("ae:crs=", "ae:crs=: a grade (1-5) is missing after '='"),
    ("age:>=", "age:>=: a number is missing after '>='"),
    ("age:<", "age:<: a number is missing after '<'"),
    ("age:=", "age:=: a number is missing after '='"),
    ("day0:>=", f"day0:>=: {DATE} is missing after '>='"),
    ("updated:<=", f"updated:<=: {DATE} is missing after '<='"),
    ("age:..", "age: a range needs a value on at least one side of '..'"),
])
def test_a_missing_bound_is_named(text, message):
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert caught.value.message == message
    assert "''" not in caught.value.message


@pytest.mark.parametrize("text", ["age:18..", "age:..40", "ae:crs>=2", "day0:>=2022-06"])
def test_open_ranges_still_read(text):
    assert parse(text).clauses


def test_the_search_result_carries_the_message(casebook):
    result = casebook.search.search("blinatumomab ae:crs>=")
    assert result.error is not None
    assert "a grade (1-5) is missing after '>='" in result.error.message
