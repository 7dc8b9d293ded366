"""An MRD result recorded as detected with its value pending is "positive, level pending", not
"positive, not quantifiable" (a hematologist's check: pending means the level is not known
yet, not that it was below the quantifiable range), and has no MRD response yet (it may be
≥10⁻⁴). Its value is "detected, value pending", not "undetectable". The same words in the
PDF's MRD and timeline tables, the kit manuscript's, the search facet and the Compare
window's MRD row."""

from __future__ import annotations

from core.clinical.mrd import derive_mrd
from core.model.diagnostics import MrdAssessment
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import all_text, table_rows

PENDING_EVENT = "MRD detected, value pending (MFC, BM): positive, level pending"


def _pending(case):
    case = case.model_copy(deep=True)
    mrd = case.mrd_assessments[0]
    mrd.result, mrd.value_fraction, mrd.nf = "detected", None, {"value_fraction": "pending"}
    return case


def test_a_pending_level_is_not_a_not_quantifiable_one() -> None:
    pending = derive_mrd(MrdAssessment(result="detected", lod_fraction=1e-5,
                                       nf={"value_fraction": "pending"}))
    assert (pending.category, pending.response) == ("positive_level_pending", None)
    assert "pending" in (pending.note or "")
    below = derive_mrd(MrdAssessment(result="detected_not_quantifiable", lod_fraction=1e-5))
    assert (below.category, below.response) == ("positive_not_quantifiable", "MRD_intermediate")


def test_the_pdf_and_the_manuscript_say_level_pending(case_1, render) -> None:
    case = _pending(case_1)
    pdf = render(case)
    pending_row = table_rows(pdf, "Measurable residual disease")[0]
    # its value cell read "undetectable (LoD 10⁻⁴)": the result says what it is instead
    assert pending_row == ["d30 †", "BM", "MFC", "detected, value pending", "10⁻⁴",
                           "positive, level pending"]
    events = [row[1] for row in table_rows(pdf, "Timeline") if len(row) >= 2]
    assert PENDING_EVENT in events
    assert "not quantifiable" not in all_text(pdf)
    text = manuscript_text(case)
    assert text.tables["Measurable residual disease."][1][3] == "detected, value pending"
    timeline = text.tables["Timeline of the case."]
    assert PENDING_EVENT in [row[1] for row in timeline]
    assert "not quantifiable" not in text.all


def test_search_and_compare_say_level_pending(case_1) -> None:
    from core.clinical.engine import search_values
    from core.search.derived import clinical_values
    from core.services.compare import _mrd

    case = _pending(case_1)
    values = clinical_values(case)
    assert "positive_level_pending" in values.mrd and "positive" in values.mrd
    assert "positive_not_quantifiable" not in values.mrd
    assert "positive level pending" in " ".join(values.words()).replace(",", "")
    # the other MRD (undetectable, LoD 10⁻⁴) is the best; a pending level is never the best
    rows = _mrd(case, search_values(case)).splitlines()
    assert rows[0].startswith("latest") and "positive, level pending" not in rows[1]
    only = case.model_copy(update={"mrd_assessments": case.mrd_assessments[:1]})
    assert _mrd(only, search_values(only)) == ("latest d30: positive, level pending\n"
                                               "best d30: positive, level pending")
