"""The patient's country prints as the country vocabulary's label, as the CSV export does."""

from __future__ import annotations

import pytest

from tests.core.report.pdftext import all_text


def _patient_information(text: str) -> str:
    start = text.index("Patient information")
    return text[start:text.index("Clinical findings", start)]


@pytest.mark.parametrize("deidentified", [False, True])
def test_reference_case_country_prints_as_its_name(case_1, render, deidentified):
    assert case_1.patient.country == "CN"
    section = _patient_information(all_text(render(case_1, deidentified)))
    assert "Country China" in section
    assert "Country CN" not in section


def test_country_not_in_the_vocabulary_prints_as_typed(case_1, render):
    case = case_1.model_copy(deep=True)
    case.patient.country = "Atlantis_North"
    section = _patient_information(all_text(render(case)))
    assert "Country Atlantis_North" in section


@pytest.mark.parametrize("deidentified", [False, True])
def test_the_subdivision_prints_as_its_name(case_1, render, deidentified):
    """It printed as its code ("DE-BY") beside Country's name; the stored code is unchanged."""
    case = case_1.model_copy(deep=True)
    case.patient.country, case.patient.subdivision = "DE", "DE-BY"
    section = _patient_information(all_text(render(case, deidentified)))
    assert "Subdivision Bavaria" in section and "DE-BY" not in section, section
    assert "Country Germany" in section
    assert case.patient.subdivision == "DE-BY"


def test_a_subdivision_not_in_the_vocabulary_prints_as_typed(case_1, render):
    case = case_1.model_copy(deep=True)
    case.patient.subdivision = "XX-QQ"
    assert "Subdivision XX-QQ" in _patient_information(all_text(render(case)))
