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
