"""A date that cannot exist is refused saying what is wrong in calendar words (February 2023
has no day 31, there is no month 13), whether typed as 2023-02-30 or in the user's own
day.month.year form; a real date in that form is taken whatever its separators."""

from __future__ import annotations

import pytest

from core.model import Case, WhenError, parse_when

FORMAT = "%d/%m/%Y"  # the default setting (core.settings.Settings.date_format)


@pytest.mark.parametrize(("text", "date_format", "message"), [
    ("31.02.2023", FORMAT, "'31.02.2023': February 2023 has no day 31"),
    ("31/02/2023", FORMAT, "'31/02/2023': February 2023 has no day 31"),
    ("2023-02-30", None, "'2023-02-30': February 2023 has no day 30"),
    ("2023-02-30", FORMAT, "'2023-02-30': February 2023 has no day 30"),
    ("29.02.2023", FORMAT, "'29.02.2023': February 2023 has no day 29 (2023 is not a leap year)"),
    ("2023-02-29", None, "'2023-02-29': February 2023 has no day 29 (2023 is not a leap year)"),
    ("31-04-2023", FORMAT, "'31-04-2023': April 2023 has no day 31"),
    ("12.13.2023", FORMAT, "'12.13.2023': there is no month 13"),
    ("2023-13-01", None, "'2023-13-01': there is no month 13"),
    ("2023-13", None, "'2023-13': there is no month 13"),
    ("00.04.2023", FORMAT, "'00.04.2023': there is no day 0"),
    ("02/31/2023", "%m/%d/%Y", "'02/31/2023': February 2023 has no day 31"),
    ("18.04.1800", FORMAT, "year 1800 is outside 1900..2100"),
])
def test_an_impossible_date_is_named_in_calendar_words(text, date_format, message):
    with pytest.raises(WhenError) as error:
        parse_when(text, date_format=date_format)
    assert str(error.value) == message


@pytest.mark.parametrize(("text", "date_format", "date"), [
    ("29.02.2024", FORMAT, "2024-02-29"),  # a leap year
    ("18.04.2023", FORMAT, "2023-04-18"),
    ("18-04-2023", FORMAT, "2023-04-18"),
    ("8/4/2023", FORMAT, "2023-04-08"),
    ("04.18.2023", "%m/%d/%Y", "2023-04-18"),  # the format says which comes first
    ("2023-04", None, "2023-04"),
])
def test_a_real_date_in_the_users_order_is_taken_whatever_its_separators(text, date_format,
                                                                          date):
    assert parse_when(text, date_format=date_format).date == date


@pytest.mark.parametrize(("text", "date_format"), [
    ("18.04.2023x", FORMAT), ("18.04.23", FORMAT), ("April 18", FORMAT),
    ("04.05.2023", "%Y-%m-%d"), ("18.04.2023", "%Y.%m.%d"),  # a year-first format says no
])  # day and month order for a year-last date: not read as 5 April, nor 'no month 18'
def test_text_that_is_no_attempt_at_a_date_keeps_the_general_message(text, date_format):
    # (the user's own format's example among them, unless it is ISO: 18/04/2023)
    with pytest.raises(WhenError, match=r"is not a date .2023-04-18, 2023-04, 2023(, [^)]+)?\) or a"):
        parse_when(text, date_format=date_format)


def test_a_stored_impossible_date_is_refused_with_the_same_words():
    with pytest.raises(ValueError, match="February 2023 has no day 30"):
        Case.model_validate({"case_id": "HC-TEST0001", "case_report": {"day0": "2023-02-30"}})
