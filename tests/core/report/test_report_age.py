"""The PDF never prints an age that cannot be true (issue 14): a negative age entered at Day 0
reads as not valid, not as '-3 years'."""

from __future__ import annotations

import pytest

from core.model import Case
from tests.core.report.pdftext import all_text


@pytest.mark.parametrize("age, shown", [(0, "7 months"), (-1, "not valid"), (-3, "not valid")])
def test_negative_age_is_not_printed(case_1, render, age, shown):
    doc = case_1.to_json_dict()
    doc["patient"].update(age_at_day0=age, age_at_day0_months=7 if age == 0 else None)
    text = all_text(render(Case.model_validate(doc)))
    assert shown in text
    assert f"{age} years" not in text and f"{age} months" not in text


@pytest.mark.parametrize("deidentified", [False, True])
@pytest.mark.parametrize("birth, shown", [("1975-03-01", "Age at Day 0 48 years (from the birth "
                                                        "date)"),
                                          ("1930-03-01", "Age at Day 0 ≥90 years (from the birth "
                                                         "date)"),
                                          ("2022-09-01", "Age at Day 0 7 months (from the birth "
                                                         "date)")])
def test_age_from_the_birth_date_is_printed(case_1, render, deidentified, birth, shown):
    """Without an age typed, the age derived from the birth date is printed, said to be
    derived (there was no Age at Day 0 row at all), 90 and over as ≥90; never the birth
    date in the de-identified PDF."""
    doc = case_1.to_json_dict()
    del doc["patient"]["age_at_day0"], doc["patient"]["age_top_coded"]
    doc["patient"]["birth_date"] = birth
    doc["case_report"]["day0"] = "2023-04-18"
    text = all_text(render(Case.model_validate(doc), deidentified=deidentified))
    assert shown in text
    assert "93 years" not in text
    assert (birth in text) is not deidentified
