"""The manuscript's parts in the PDF summary: [@key] as numbers, References in Vancouver style,
the authors under the title, the declarations; read back with pypdf."""

from __future__ import annotations

import pytest

from core.model.report import Author, Statements
from core.publication import parse_citation
from tests.core.report.pdftext import all_text, page_texts

CITES = [
    "Cao Y, Li X, Wang Z, et al. Blinatumomab for CNS leukemia in adults. Front Oncol. "
    "2023;13:1234567. doi:10.3389/fonc.2023.1234567. PMID: 36000000.",
    "Topp MS, Gökbuget N. Safety of blinatumomab in relapsed B-ALL. Lancet Oncol. 2015 "
    "Jan;16(1):57-66. doi: 10.1016/S1470-2045(14)71170-2.",
    "Pui CH, Evans WE. A 50-year journey to cure childhood ALL. Semin Hematol. "
    "2013;50(3):185-96.",
    "Lee K. Never cited here. Leukemia. 2024.",
]


@pytest.fixture
def written(case_1):
    case = case_1.model_copy(deep=True)
    taken: list[str] = []
    for text in CITES:
        ref = parse_citation(text, taken)
        taken.append(ref.key or "")
        case.references.append(ref)
    case.case_report.introduction = "CNS relapse on blinatumomab is reported [@topp2015; @cao2023]."
    case.case_report.discussion = ("Intrathecal therapy remains key [@pui2013], as before "
                                   "[@cao2023; @topp2015; @pui2013].")
    case.authors = [
        Author(name="Jane Q. Smith", degrees="MD", affiliations="Dept of Hematology, Example "
               "University Hospital, Utrecht, Netherlands", orcid="0000-0002-1825-0097",
               email="jane.smith@example.org", corresponding=True, contribution="Writing"),
        Author(name="Li Wei", affiliations="Dept of Hematology, Example University Hospital, "
               "Utrecht, Netherlands; Dept of Pathology, Example College, Leiden, Netherlands"),
    ]
    case.statements = Statements(funding="This work received no specific funding.",
                                 conflicts_of_interest="The authors declare none.")
    case.consent.statement = "Written informed consent was obtained from the patient."
    return case


def test_citations_numbers_and_reference_list(render, written):
    text = all_text(render(written))
    assert "reported [1,2]." in text
    assert "remains key [3], as before [1-3]." in text
    assert "[@" not in text
    references = text[text.rindex("References"):]
    assert ("1. Topp MS, Gökbuget N. Safety of blinatumomab in relapsed B-ALL. Lancet Oncol. "
            "2015;16(1):57-66. doi:10.1016/S1470-2045(14)71170-2" in references)
    assert "2. Cao Y, Li X, Wang Z, et al. Blinatumomab for CNS leukemia in adults." in references
    assert "3. Pui CH, Evans WE." in references
    assert references.index("1. Topp") < references.index("2. Cao") < references.index("3. Pui")
    assert "Not cited in the text Lee K. Never cited here. Leukemia. 2024." in references


def test_authors_statements_and_consent_statement(render, written):
    pdf = render(written)
    first = " ".join(page_texts(pdf)[0].split())
    assert "Jane Q. Smith, MD¹* , Li Wei¹,²" in first or "Jane Q. Smith, MD¹*, Li Wei¹,²" in first
    assert "¹ Dept of Hematology, Example University Hospital, Utrecht, Netherlands" in first
    assert "* Corresponding author: Jane Q. Smith, jane.smith@example.org" in first
    assert "ORCID: Jane Q. Smith 0000-0002-1825-0097" in first
    text = all_text(pdf)
    assert "Declarations Funding: This work received no specific funding." in text
    assert "Conflicts of interest: The authors declare none." in text
    assert "Author contributions: Jane Q. Smith: Writing" in text
    assert "Written informed consent was obtained from the patient." in text


def test_deidentified_summary_has_numbers_but_no_authors(render, written):
    text = all_text(render(written, deidentified=True))
    assert "reported [1,2]." in text and "1. Topp MS" in text
    assert "Jane Q. Smith" not in text and "jane.smith@example.org" not in text
    assert "Utrecht" not in text
    assert "Funding: This work received no specific funding." in text


def test_case_without_references_prints_no_reference_section(render, case_1):
    case = case_1.model_copy(deep=True)
    case.case_report.discussion = "As shown [@nowhere]."
    text = all_text(render(case))
    assert "As shown [@nowhere]." in text
    assert "References" not in text and "Declarations" not in text
