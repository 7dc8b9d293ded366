"""manuscript.docx: a narrative typed or pasted with Windows line ends (\\r\\n) reads as one typed
with \\n (found by a stranger run: each \\r\\n gave two line breaks, an empty line inside the
paragraph, and a blank line between paragraphs did not start a new one)."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from core.kit import build_kit
from core.model import Case
from core.services import Casebook


def _after(doc: Document, heading: str) -> list[str]:
    texts = [p.text for p in doc.paragraphs]
    start = texts.index(heading) + 1
    end = next(i for i in range(start, len(texts))
               if doc.paragraphs[i].style.name.startswith("Heading"))
    return texts[start:end]


def test_windows_line_ends_read_as_typed(casebook: Casebook, reference_cases: list[Case],
                                         tmp_path: Path) -> None:
    doc = reference_cases[0].to_json_dict()
    doc["case_report"].pop("discussion_nf", None)
    doc["case_report"]["discussion"] = ("First line\r\nsecond line\r\n\r\nA new paragraph\r"
                                        "after a lone CR")
    case = Case.model_validate(doc)
    casebook.cases.import_cases([case])
    build_kit(casebook, case.case_id, tmp_path / "kit", deidentified=True)
    manuscript = Document(str(tmp_path / "kit" / "manuscript.docx"))
    assert _after(manuscript, "Discussion")[:2] == [
        "First line\nsecond line", "A new paragraph\nafter a lone CR"]
