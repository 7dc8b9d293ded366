"""One rule for a typed number (core.numbers), used by the form, pasted cells, MRD levels and
blinatumomab steps: a comma is a decimal comma; one separator followed by exactly three digits
(1,500, 2.000) is refused, not guessed (stranger run item 1: 0,001 was stored as 1)."""

from __future__ import annotations

import pytest

from core.numbers import AmbiguousNumber, NumberError, read_number
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


def test_a_whole_number_field_settles_what_only_one_reading_fits():
    assert read_number("1,500", whole=True) == 1500  # 1.5 is no whole number
    with pytest.raises(AmbiguousNumber):
        read_number("2.000", whole=True)  # 2 and 2000 both are


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.5,5", "", "1,23,456"])
def test_not_a_number(text):
    with pytest.raises(NumberError, match="is not a number"):
        read_number(text)


def test_mrd_takes_the_same_rule():
    assert parse_mrd("0,001") == pytest.approx(0.001)
    assert parse_mrd("0,125%") == pytest.approx(0.00125)
    with pytest.raises(UnitError, match="MRD '1,500' could be 1500 or 1.5"):
        parse_mrd("1,500%")

