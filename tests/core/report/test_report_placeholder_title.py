"""A placeholder title is marked † as every other placeholder value the PDF and the kit's
manuscript print (reference case 1's title is a placeholder field, and it was printed with no
mark on page 1, in the page header and as the manuscript's title)."""

from __future__ import annotations

from docx import Document

from tests.core.kit.manuscript_text import reference_kit
from tests.core.report.pdftext import page_texts

NOTE = "† placeholder values (synthetic, not patient data)."
TITLE = "a case report (reference case 1, reconstructed)"


def test_the_pdf_marks_a_placeholder_title(render, case_1):
    assert "title" in (case_1.case_report.placeholder_fields or [])
    pages = [" ".join(t.split()) for t in page_texts(render(case_1))]
    assert f"{TITLE} †" in pages[0], pages[0][:400]
    assert "chronic myeloid leukemia, lymphoi… † Case" in pages[1]  # the header: cut, kept
    case = case_1.model_copy(deep=True)
    case.case_report.placeholder_fields = ["record_status"]  # a title entered: no mark
    first = " ".join(page_texts(render(case))[0].split())
    assert TITLE in first and f"{TITLE} †" not in first


def test_the_manuscript_marks_a_placeholder_title_with_the_note(tmp_path):
    report = reference_kit(tmp_path)
    paras = [p for p in Document(str(tmp_path / "kit" / "manuscript.docx")).paragraphs]
    title = next(p for p in paras if p.style.name == "Title")
    assert title.text.endswith(f"{TITLE}\u00a0†"), title.text
    assert paras[paras.index(title) + 1].text == NOTE
    listed = [n for n in report.notes if n.startswith("Placeholder values present: ")]
    assert len(listed) == 1 and listed[0].startswith("Placeholder values present: Title page, ")
