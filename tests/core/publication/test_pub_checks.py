"""What the kit still lacks (hints), identifier formats, and the consent statement against the
recorded consent status (rule V56); authors and references are not scanned as patient text."""

from __future__ import annotations

import pytest

from core.clinical import evaluate
from core.model import Case
from core.model.report import Attachment, Author, Reference, Statements
from core.publication.checks import (
    doi_problem,
    kit_hints,
    orcid_check_digit,
    orcid_problem,
    pmid_problem,
)
from core.publication.consent import statement_conflict, statement_says


def test_orcid_check_digit() -> None:
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000021694233") == "X"
    assert orcid_problem("0000-0002-1825-0097") is None
    assert orcid_problem("https://orcid.org/0000-0002-1694-233X") is None
    assert "check digit" in (orcid_problem("0000-0002-1825-0098") or "")
    assert "not of the form" in (orcid_problem("0000-0002-1825") or "")


def test_doi_and_pmid() -> None:
    assert doi_problem("10.1182/blood.2020000000") is None
    assert doi_problem("https://doi.org/10.1182/blood.2020000000") is None
    assert "DOI 'blood.2020'" in (doi_problem("blood.2020") or "")
    assert pmid_problem("25524800") is None
    assert "PMID 'PMC123'" in (pmid_problem("PMC123") or "")


def _paths(case: Case) -> dict[str, str]:
    return {h.path: h.message for h in kit_hints(case)}


def test_hints_for_what_the_kit_lacks() -> None:
    case = Case()
    case.case_report.discussion = "See [@cao2023] and [@ghost]."
    case.references = [Reference(key="cao2023", title="T", doi="nonsense"),
                       Reference(key="spare", title="U", pmid="12a")]
    case.authors = [Author(name="Jane Smith", corresponding=True, orcid="0000-0002-1825-0098"),
                    Author(name="Li Wei", affiliations="Dept X", email="li at x")]
    case.attachments = [Attachment(kind="mri_image", figure_number=1)]
    hints = _paths(case)
    assert "no reference has the key 'ghost'" in hints["case_report.discussion"]
    assert "[@spare] is never cited" in hints["references[1].key"]
    assert "DOI 'nonsense'" in hints["references[0].doi"]
    assert "PMID '12a'" in hints["references[1].pmid"]
    assert hints["authors[0].affiliations"] == "Jane Smith has no affiliation: every author needs one"
    assert "check digit" in hints["authors[0].orcid"]
    assert "is the corresponding author but has no e-mail" in hints["authors[0].email"]
    assert "not an address" in hints["authors[1].email"]
    assert "Figure 1 has no legend" in hints["attachments[0].caption"]
    assert "No funding statement" in hints["statements.funding"]


def test_no_corresponding_author_and_no_author() -> None:
    assert "No author yet" in _paths(Case())["authors"]
    case = Case(authors=[Author(name="A", affiliations="X")])
    assert "No corresponding author" in _paths(case)["authors[0].corresponding"]


def test_a_complete_kit_has_no_hints() -> None:
    case = Case()
    case.case_report.introduction = "Known [@a]."
    case.references = [Reference(key="a", title="T", doi="10.1000/x", pmid="1")]
    case.authors = [Author(name="A", affiliations="X", corresponding=True, email="a@x.org",
                           orcid="0000-0002-1825-0097")]
    case.attachments = [Attachment(kind="mri_image", caption="MRI at relapse")]
    case.statements = Statements(funding="None.", conflicts_of_interest="None.",
                                 ethics_approval="Not required.")
    case.consent.status = "obtained"
    case.consent.statement = "Written consent was obtained."
    assert kit_hints(case) == []


@pytest.mark.parametrize("text, says", [
    ("Written informed consent was obtained from the patient for publication.", "obtained"),
    ("The patient's parents gave written consent.", "obtained"),
    ("Consent was waived by the ethics committee (ref 2023-12).", "waived"),
    ("Informed consent could not be obtained.", "not_obtained"),
    ("Patient not asked.", None),
    ("", None),
])
def test_statement_says(text: str, says: str | None) -> None:
    assert statement_says(text) == says


def _v56(case: Case) -> dict[str, str]:
    return {f.path: f.message for f in evaluate(case).findings if f.rule_id == "V56"}


def test_consent_statement_feeds_v56() -> None:
    case = Case()
    case.consent.statement = "Written informed consent was obtained from the patient."
    assert "though a consent statement is written" in _v56(case)["consent.status"]
    case.consent.status = "not_obtained"
    found = _v56(case)
    assert "Consent is not documented" in found["consent.status"]
    assert ("says consent was obtained, but the consent status is 'not obtained'"
            in found["consent.statement"])
    case.consent.status = "obtained"
    assert _v56(case) == {}
    case.consent.statement = "Consent was waived by the ethics committee."
    assert "says consent was waived" in _v56(case)["consent.statement"]
    assert statement_conflict("waived_by_ethics_committee", case.consent.statement) is None


def test_authors_and_references_are_not_patient_text() -> None:
    case = Case()
    case.authors = [Author(name="Jane Smith", email="jane@example.org", affiliations="Utrecht")]
    case.references = [Reference(key="x", citation="Smith J. T. Blood. 2020 Jan 5;1:1. "
                                 "doi:10.1/2. PMID: 12345678.")]
    found = [f for f in evaluate(case).findings if f.rule_id in ("V57", "V58")]
    assert not [f for f in found if f.path.startswith(("authors", "references"))]
