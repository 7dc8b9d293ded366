"""The manuscript of a case with a birth date and no age typed says the age derived from the
birth date as a typed one is said ('a 48-year-old male'); before, it had no age."""

from __future__ import annotations

from docx import Document

from core.kit import write_kit
from core.model import Case
from core.report import ReportOptions


def test_manuscript_says_the_age_from_the_birth_date(reference_docs, tmp_path):
    doc = reference_docs[0]
    del doc["patient"]["age_at_day0"], doc["patient"]["age_top_coded"]
    doc["patient"]["birth_date"] = "1975-03-01"
    doc["case_report"]["day0"] = "2023-04-18"
    case = Case.model_validate(doc)
    for deidentified in (False, True):
        target = tmp_path / f"kit-{deidentified}"
        write_kit(case, target, options=ReportOptions(deidentified=deidentified),
                  read_file=None)
        text = "\n".join(p.text for p in Document(str(target / "manuscript.docx")).paragraphs)
        assert "The patient was a 48-year-old male" in text
