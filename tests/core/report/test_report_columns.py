"""The PDF tables' columns and derived labels come from the model's metadata (issue 17):
a field with a ``pdf`` rank is a column of its record's table, in rank order, through the same
code that prints the real fields; a derived value's header is its ``DerivedValue`` label."""

from __future__ import annotations

import pytest

from core.model import Case, DerivedValue, base
from core.model.base import F
from core.model.diagnostics import CsfAssessment, MrdAssessment
from core.report.columns import pdf_columns, pdf_keys
from tests.core.report.pdftext import all_text

NEW = "opening_volume_mL"


@pytest.fixture
def csf_with_new_field():
    """A field added to the real CSF model at test time, as a developer would add it: a label,
    a unit and a PDF rank after every other column."""
    info = F("Opening volume", unit="mL", pdf=99)
    info.annotation = float | None
    CsfAssessment.model_fields[NEW] = info
    _rebuild()
    yield
    del CsfAssessment.model_fields[NEW]
    _rebuild()


def _rebuild() -> None:
    """Rebuild the CSF model and the case that holds it (its validator has the CSF's inside)."""
    CsfAssessment.model_rebuild(force=True)
    Case.model_rebuild(force=True)
    base._NF_KEYS.pop(CsfAssessment, None)


def test_a_field_with_a_pdf_rank_is_a_column_of_its_table(csf_with_new_field, case_1, render):
    assert pdf_keys(CsfAssessment)[-1] == NEW
    first = CsfAssessment.model_validate({**case_1.csf_assessments[0].model_dump(), NEW: 41.5})
    case = case_1.model_copy(update={"csf_assessments": [first, *case_1.csf_assessments[1:]]})
    text = all_text(render(case))
    csf = text[text.index("Cerebrospinal fluid and CNS status"):]
    csf = csf[:csf.index("Neuroimaging")]
    assert "Opening volume (mL)" in csf  # the header: label and unit from the metadata
    assert "41.5" in csf and "41.5 mL" not in csf  # the value, bare (the header names the unit)


def test_a_field_without_a_pdf_rank_is_no_column(case_1, render):
    first = case_1.csf_assessments[0].model_copy(update={"opening_pressure_cmH2O": 37.25})
    case = case_1.model_copy(update={"csf_assessments": [first, *case_1.csf_assessments[1:]]})
    assert "37.25" not in all_text(render(case))
    assert "opening_pressure_cmH2O" not in pdf_keys(CsfAssessment)


def test_columns_follow_the_pdf_ranks():
    assert pdf_keys(MrdAssessment) == ["day", "specimen", "method", "value_fraction",
                                       "lod_fraction", "category"]
    headers = [c.header for c in pdf_columns(MrdAssessment)]
    assert headers[-1] == "MRD category (derived)"  # a derived value: its label, marked


def test_a_derived_columns_header_is_its_label_from_the_model(monkeypatch, case_1, render):
    monkeypatch.setattr(MrdAssessment, "DERIVED", (
        DerivedValue("category", "Residual-disease class", pdf=6),
        DerivedValue("mrd_response", "MRD response")))
    text = all_text(render(case_1))
    mrd = text[text.index("Measurable residual disease"):]
    assert "Residual-disease class (derived)" in mrd[:mrd.index("Adverse events")]
    assert "MRD category" not in text


def test_derived_keys_accepted_on_import_come_from_the_declared_values():
    assert CsfAssessment.DERIVED_KEYS == {"cns_status", "cns_subcategories"}
    assert MrdAssessment.DERIVED_KEYS == {d.key for d in MrdAssessment.DERIVED}


@pytest.fixture
def case_with_top_level_field():
    """A plain value added at the top of the case at test time."""
    info = F("Registry cohort")
    info.annotation = str | None
    Case.model_fields["registry_cohort"] = info
    Case.model_rebuild(force=True)
    yield
    del Case.model_fields["registry_cohort"]
    Case.model_rebuild(force=True)


def test_a_top_level_value_prints_under_the_title(case_with_top_level_field, case_1, render):
    case = Case.model_validate({**case_1.to_json_dict(), "registry_cohort": "Quokka"})
    text = all_text(render(case))
    assert "Registry cohort: Quokka" in text[:text.index("Abstract")]


def test_a_new_column_squeezes_no_header_word_below_its_width():
    from core.report.columns import _header_need, fit

    headers = [c.header for c in pdf_columns(CsfAssessment)] + ["Tubes sent"]
    raw = [0.07, 0.10, 0.08, 0.08, 0.1, 0.10, 0.08, 0.10, 0.12, 0.17, 0.08]  # the CSF table's
    page = 480.0  # ten columns filled the page; the new one has the default width
    widths = fit(headers, raw, page)
    assert widths != [w / sum(raw) for w in raw]  # plain scaling would break "Protein"
    assert abs(sum(widths) - 1) < 1e-9
    assert all(w * page >= _header_need(h) - 1e-6 for h, w in zip(headers, widths, strict=True))
    assert fit(headers[:2], [0.4, 0.6], page) == [0.4, 0.6]  # widths that fit are kept


def test_free_form_codes_print_as_words_by_their_role_not_their_name():
    from core.model import Record
    from core.model.diagnostics import NeuroExam
    from core.report.format import Formatter, humanize

    class Other(Record):  # the same name on another model, without the role: plain text
        cranial_nerve_palsy: list[str] | None = F("Palsy notes")

    fmt = Formatter(None, False, lambda text: text)
    exam = NeuroExam(cranial_nerve_palsy=["CN_VI_left"])
    assert fmt.field(exam, "cranial_nerve_palsy") == humanize("CN_VI_left") != "CN_VI_left"
    assert fmt.field(Other(cranial_nerve_palsy=["CN_VI_left"]), "cranial_nerve_palsy") == \
        "CN_VI_left"
