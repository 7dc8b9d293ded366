"""An age typed as 93 is stored as 90 with Age top-coded set (the form converts it, see
tests/gui/test_typed_age_top_coded.py): the PDF prints it as ≥90 years, identified or not,
and an identified dataset export writes 90 with the top-coded flag, not 93."""

from __future__ import annotations

import pytest

from core.io.deident import exported_age
from core.model import Case
from tests.core.report.pdftext import all_text


@pytest.mark.parametrize("deidentified", [False, True])
def test_a_stored_top_coded_age_prints_as_at_least_90(case_1, render, deidentified):
    doc = case_1.to_json_dict()
    doc["patient"].update(age_at_day0=90, age_top_coded=True)
    case = Case.model_validate(doc)
    text = all_text(render(case, deidentified=deidentified))
    assert "≥90 years" in text and "90 years" not in text.replace("≥90 years", "")
    assert exported_age(case, deidentified=deidentified) == (90, None, True)
