"""Soft hyphens (U+00AD) pasted into a case reach Word as optional hyphens, not as the bare
character (which Word draws as a hard hyphen: 'Pegaspar-gase')."""

from __future__ import annotations

import io
import zipfile

from docx import Document

PASTED = "Pegaspar\u00adgase"


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_the_manuscript_marks_soft_hyphens_as_words_optional_hyphens(reference_cases):
    from core.kit.manuscript import build_manuscript
    from core.report import ReportOptions
    from core.report.document import make_context, set_up_reportlab

    case = reference_cases[0]
    case.case_report.title = f"CNS relapse after {PASTED}"
    case.case_report.introduction = f"Induction with {PASTED} and immuno\u00adphenotyping."
    case.treatment_lines[0].administrations[0].drug_inn = PASTED  # a table cell
    set_up_reportlab()
    ms = build_manuscript(make_context(case, ReportOptions()), [], None)
    xml = _document_xml(ms.data)
    assert "\u00ad" not in xml  # before: the bare character in every w:t
    assert xml.count("<w:softHyphen/>") >= 4
    assert "<w:t xml:space=\"preserve\">Pegaspar</w:t><w:softHyphen/>" \
           "<w:t xml:space=\"preserve\">gase" in xml
    doc = Document(io.BytesIO(ms.data))
    texts = [p.text for p in doc.paragraphs]
    # the word whole, read back (marked †: the case's title is a placeholder field)
    assert "CNS relapse after Pegaspargase\u00a0†" in texts
    assert any("Induction with Pegaspargase and immunophenotyping." in t for t in texts)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any(c.startswith("Pegaspargase") for c in cells)


def test_the_checklist_docx_marks_them_too():
    from core.kit.checklist import Row, checklist_docx

    row = Row("1", "Title", "Title page", "p. 1")
    xml = _document_xml(checklist_docx([row], f"After {PASTED}"))
    assert "\u00ad" not in xml and xml.count("<w:softHyphen/>") == 1


def test_marking_keeps_every_piece_of_the_text():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from core.kit.writer import mark_soft_hyphens

    body = parse_xml(f"<w:body {nsdecls('w')}><w:p><w:r><w:t>\u00adA\u00ad\u00adb c\u00ad</w:t>"
                     "</w:r></w:p></w:body>")
    assert mark_soft_hyphens(body) == 4
    run = body[0][0]
    assert [child.tag.split("}")[1] for child in run] == \
        ["t", "softHyphen", "t", "softHyphen", "softHyphen", "t", "softHyphen"]
    assert [child.text for child in run if child.tag.endswith("}t")] == ["", "A", "b c"]
