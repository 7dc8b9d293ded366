"""An MRD result recorded as detected whose value is missing for a reason other than pending
(unknown, not reported: the literature-derived records' flavour) or for no reason given is
"positive, level not reported", not "positive, not quantifiable" (which says the level was
below the quantifiable range), and has no MRD response (it may be ≥10⁻⁴). Only the result
detected_not_quantifiable, or a value under the limit of quantification, is not quantifiable.
The same words in the PDF's MRD and timeline tables, the kit manuscript's, the search facet and
the Compare window's MRD row."""

from __future__ import annotations

import pytest

from core.clinical.evaluate import evaluate
from core.clinical.mrd import derive_mrd, mrd_category
from core.model.diagnostics import MrdAssessment
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import all_text, table_rows

REASONS = ({"value_fraction": "unknown"}, {"value_fraction": "not_reported"}, {})


def _pair(found):
    return found.category, found.response


def _detected(case, nf):
    case = case.model_copy(deep=True)
    mrd = case.mrd_assessments[0]
    mrd.result, mrd.value_fraction, mrd.nf = "detected", None, dict(nf)
    return case


@pytest.mark.parametrize("nf", REASONS)
def test_a_level_not_reported_is_not_a_not_quantifiable_one(nf) -> None:
    found = derive_mrd(MrdAssessment(result="detected", lod_fraction=1e-5, nf=nf))
    assert _pair(found) == ("positive_level_not_reported", None)
    assert "not reported" in (found.note or "")


def test_pending_and_below_the_range_keep_their_categories() -> None:
    assert mrd_category("detected", None, 1e-5, None, "pending").category \
        == "positive_level_pending"
    below = "positive_not_quantifiable", "MRD_intermediate"
    assert _pair(mrd_category("detected_not_quantifiable", None, 1e-5)) == below
    # a value under the limit of quantification is not quantifiable, as before
    assert _pair(mrd_category("detected", 5e-5, 1e-5, 1e-4)) == below
    assert _pair(mrd_category("detected", 5e-5, 1e-5, None)) \
        == ("positive_below_1e-4_quantifiable", "MRD_intermediate")


def test_the_editor_requires_nothing_more_of_it(case_1) -> None:
    """Detected with no value and no reason: the Result is given, so care.missing_required
    lists nothing (the value itself is not required): the category says the level was not
    reported, never a level the row does not give."""
    case = _detected(case_1, {})
    assert not [b for b in evaluate(case).blockers if b.path.startswith("mrd_assessments[0]")]


@pytest.mark.parametrize(("nf", "value"), [
    ({"value_fraction": "unknown"}, "detected, value unknown"),
    ({"value_fraction": "not_reported"}, "detected, value not reported"),
    ({}, "detected, value not reported")])
def test_the_pdf_and_the_manuscript_say_level_not_reported(case_1, render, nf, value) -> None:
    case = _detected(case_1, nf)
    pdf = render(case)
    row = table_rows(pdf, "Measurable residual disease")[0]
    assert row[1:] == ["BM", "MFC", value, "10⁻⁴", "positive, level not reported"]
    event = f"MRD {value} (MFC, BM): positive, level not reported"
    assert event in [row[1] for row in table_rows(pdf, "Timeline") if len(row) >= 2]
    assert "not quantifiable" not in all_text(pdf)
    text = manuscript_text(case)
    assert text.tables["Measurable residual disease."][1][3:] == [value, "10⁻⁴"]
    assert event in [row[1] for row in text.tables["Timeline of the case."]]
    assert "not quantifiable" not in text.all


def test_search_and_compare_say_level_not_reported(case_1) -> None:
    from core.clinical.engine import search_values
    from core.search.derived import clinical_values
    from core.search.filters import resolve
    from core.search.query import Filter
    from core.services.compare import _mrd

    case = _detected(case_1, {"value_fraction": "not_reported"})
    values = clinical_values(case)
    assert "positive_level_not_reported" in values.mrd and "positive" in values.mrd
    assert "positive_not_quantifiable" not in values.mrd
    assert "MRD_intermediate" not in values.mrd
    assert "positive level not reported" in " ".join(values.words()).replace(",", "")
    # the filter takes the code and the words as the report prints them
    for typed in ("positive_level_not_reported", "positive, level not reported"):
        tests = resolve(Filter("mrd", typed)).tests
        assert [t.exact for t in tests] == [("positive_level_not_reported",)], typed
    # the other MRD (undetectable, LoD 10⁻⁴) is the best; a level not reported never is
    rows = _mrd(case, search_values(case)).splitlines()
    assert rows[0].startswith("latest") and "level not reported" not in rows[1]
    only = case.model_copy(update={"mrd_assessments": case.mrd_assessments[:1]})
    assert _mrd(only, search_values(only)) == ("latest d30: positive, level not reported\n"
                                               "best d30: positive, level not reported")
