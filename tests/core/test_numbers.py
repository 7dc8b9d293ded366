"""One rule for a typed number (core.numbers), used by the form, pasted cells, MRD levels and
blinatumomab steps: a comma is a decimal comma; one separator followed by exactly three digits
(1,500, 2.000) is refused, not guessed (stranger run item 1: 0,001 was stored as 1)."""

from __future__ import annotations

import pytest

from core.numbers import AmbiguousNumber, NumberError, read_number
from core.search.filters import resolve
from core.search.parser import parse
from core.search.query import QueryError
from core.search.ranges import NumRange
from core.units import UnitError, parse_mrd


@pytest.mark.parametrize("text, value", [
    ("0,001", 0.001), ("0,125", 0.125), ("0.125", 0.125), ("-0,5", -0.5), (",5", 0.5),
    ("1,5", 1.5), ("55,5", 55.5), ("1234,567", 1234.567), ("1,5e-4", 1.5e-4),
    ("1 500", 1500), ("1\u202f500", 1500), ("1,500.5", 1500.5), ("1.500,5", 1500.5),
    ("1,234,567", 1234567), ("1.234.567", 1234567), ("10^9", 1e9), ("−3,2", -3.2),
    ("12", 12), ("1.25", 1.25), ("1.2345", 1.2345),
])
def test_unambiguous_numbers(text, value):
    assert read_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text, message", [
    ("1,500", "'1,500' could be 1500 or 1.5: type it without a thousands separator (1500), or "
              "as 1.5"),
    ("2.000", "'2.000' could be 2000 or 2"),
    ("1.234", "could be 1234 or 1.234: type it without a thousands separator (1234), or as "
              "1.2340"),
    ("-1,500", "could be -1500 or -1.5"),
])
def test_one_separator_and_three_digits_is_refused(text, message):
    with pytest.raises(AmbiguousNumber, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_number(text)


def between(low, high):
    return lambda value: low <= value <= high


@pytest.mark.parametrize("text, low, high, value", [
    ("1.750", 0, 10, 1.75),  # BSA: 1750 m² is none (c7f8acc refused it)
    ("12.500", 0, 1000, 12.5),  # weight in kg
    ("152.400", 0, 300, 152.4),  # height in cm
    ("1.015", 0, 2, 1.015),  # a specific gravity
    ("37.500", 30, 45, 37.5),  # a temperature
    ("1,500", 0, 1000, 1.5),
    ("2.000", 0, 1, 2.0),  # neither fits: the decimal reading, for the field's own check
    ("1,500", 10, 100_000, 1500),  # a count where 1.5 is too few
])
def test_the_fields_range_settles_which_reading_it_is(text, low, high, value):
    assert read_number(text, between(low, high)) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.500", "1.250", "2.000", "1,500"])
def test_being_whole_settles_nothing_when_both_readings_fit(text):
    with pytest.raises(AmbiguousNumber, match="could be"):
        read_number(text, between(0, 100_000))  # c7f8acc: 1.500 was 1500 where whole


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.5,5", "", "1,23,456"])
def test_not_a_number(text):
    with pytest.raises(NumberError, match="is not a number"):
        read_number(text)


def test_mrd_takes_the_same_rule():
    assert parse_mrd("0,001") == pytest.approx(0.001)
    assert parse_mrd("0,125%") == pytest.approx(0.00125)
    assert parse_mrd("1.000%") == pytest.approx(0.01)  # 1000% is no MRD (c7f8acc refused it)
    assert parse_mrd("1.500%") == pytest.approx(0.015)
    assert parse_mrd("0.250") == pytest.approx(0.25)
    with pytest.raises(UnitError, match="MRD '1,500' could be 1500 or 1.5"):
        parse_mrd("1,500 x 10^-4")  # 0.15 or 1.5e-4: both fractions


@pytest.mark.parametrize("typed, message", [
    ("age:>1,500", "age: '1,500' could be 1500 or 1.5: type it without a thousands separator"),
    ("age:2.000..3", "age: '2.000' could be 2000 or 2"),
])
def test_a_search_filter_refuses_a_number_that_could_be_two(typed, message):
    with pytest.raises(QueryError) as caught:
        parse(typed)
    assert caught.value.message.startswith(message)


def test_a_search_filter_takes_a_decimal_comma():
    (clause,) = parse("age:>1,5").clauses  # was "age: '1,5' is not a number"
    (test,) = resolve(clause.items[0]).tests
    assert test.range == NumRange(low=1.5, low_open=True)

