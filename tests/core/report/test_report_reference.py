"""The two reference cases: every CARE section in order, key values, notices."""

from __future__ import annotations

import pytest

from tests.core.report.pdftext import all_text, page_texts, read

CARE_HEADINGS = ["Abstract", "Introduction", "Patient information", "Clinical findings",
                 "Timeline", "Diagnostic assessment", "Therapeutic intervention",
                 "Follow-up and outcomes", "Discussion", "Patient perspective", "Informed consent"]


@pytest.mark.parametrize("deidentified", [False, True])
@pytest.mark.parametrize("which", [0, 1])
def test_every_care_section_appears_in_care_order(reference_cases, render, which, deidentified):
    text = all_text(render(reference_cases[which], deidentified))
    positions = [text.find(heading) for heading in CARE_HEADINGS]
    assert -1 not in positions, [h for h, p in zip(CARE_HEADINGS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert reference_cases[which].title[:40] in text


def test_case_1_diagnoses_codes_and_blinatumomab_steps(case_1, render):
    text = all_text(render(case_1))
    for expected in ["C92.1", "C92.12", "9875/3", "C42.1", "CML", "blinatumomab (L01FX07)",
                     "9 µg/day", "28 µg/day", "IV continuous", "C1 D1–7", "C1 D8–28",
                     "dasatinib (L01EA02)", "140 mg", "premedication"]:
        assert expected in text, expected


def test_case_1_responses_and_mrd(case_1, render):
    text = all_text(render(case_1))
    responses = text[text.index("Responses"):text.index("Measurable residual disease")]
    for expected in ["marrow CR", "CNS remission", "complete MRD response", "MMR (MR3)"]:
        assert expected in responses, expected
    for expected in ["0.32% (3.2 × 10⁻³)", "undetectable (LoD 10⁻⁴)"]:
        assert expected in text, expected


def test_case_2_codes_adverse_events_and_crs_grade(case_2, render):
    text = all_text(render(case_2))
    for expected in ["C91.0", "C91.02", "9811/3", "9 µg/day", "28 µg/day",
                     "Cytokine release syndrome", "ASTCT 2019 grade 1",
                     "Neutrophil count decreased",
                     "CTCAE v5.0", "blinatumomab: probable", "parenchymal nodular enhancement"]:
        assert expected in text, expected


@pytest.mark.parametrize("which", [0, 1])
def test_placeholder_banner_on_page_one(reference_cases, render, which):
    first_page = " ".join(page_texts(render(reference_cases[which]))[0].split())
    assert "Contains placeholder data" in first_page
    assert "Consent not documented" not in first_page


def test_empty_sections_say_not_reported(case_1, render):
    text = all_text(render(case_1))
    assert "Discussion Not reported." in text
    assert "Adverse events Not reported." in text
    assert "Introduction Not reported." in text


def test_timeline_table_and_figure(case_1, render):
    text = all_text(render(case_1))
    assert "Figure 1. Course of disease" in text
    assert "Day relative to Day 0" in text
    timeline = text[text.index("Figure 1."):text.index("Diagnostic assessment")]
    assert "d200" in timeline and "blinatumomab" in timeline


def test_header_footer_and_page_numbers(case_1, render):
    pages = page_texts(render(case_1))
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Case SEED-C1-CAO2023" in page
        assert "generated 2024-05-06 07:08 UTC" in page


def test_identified_metadata(case_1, render):
    info = read(render(case_1)).metadata
    assert info["/Title"] == case_1.title
    assert info["/Subject"] == "CARE case summary, case SEED-C1-CAO2023"
    assert "blinatumomab" in info["/Keywords"]
    assert info["/CreationDate"] == "D:20240506070809+00'00'"


def test_derived_cns_status_cns3_at_relapse_then_cns1(case_1, render):
    text = all_text(render(case_1))
    csf = text[text.index("Cerebrospinal fluid and CNS status"):text.index("Neuroimaging")]
    assert "CNS3" in csf[csf.index("d197"):csf.index("d214")]
    assert "CNS1" in csf[csf.index("d229"):]
