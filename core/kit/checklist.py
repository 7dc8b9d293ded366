"""The CARE checklist of the kit, filled with where each item is reported: the manuscript's
section and the page of the PDF case summary (found in the PDF's own text, pypdfium2), as
``CARE-checklist.docx`` (python-docx) and ``CARE-checklist.pdf`` (ReportLab)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from core.clinical.care import CareCompleteness, CareItem

if TYPE_CHECKING:
    from core.kit.manuscript import Manuscript

# item -> (manuscript section, the PDF summary's heading where it is printed)
WHERE: dict[str, tuple[str, str]] = {
    "1": ("Title page", ""), "2": ("Title page", ""), "3": ("Abstract", "Abstract"),
    "4": ("Introduction", "Introduction"),
    "5a": ("Patient information", "Patient information"),
    "5b": ("Patient information", "Clinical findings"),
    "5c": ("Patient information", "Medical, family and psychosocial history"),
    "5d": ("Patient information", "Medical, family and psychosocial history"),
    "6": ("Clinical findings", "Clinical findings"), "7": ("Timeline", "Timeline"),
    "8a": ("Diagnostic assessment", "Diagnostic assessment"),
    "8b": ("Diagnostic assessment", "Diagnostic reasoning"),
    "8c": ("Diagnostic assessment", "Diagnostic reasoning"),
    "8d": ("Diagnostic assessment", "Diagnostic reasoning"),
    "9a": ("Therapeutic intervention", "Therapeutic intervention"),
    "9b": ("Therapeutic intervention", "Therapeutic intervention"),
    "9c": ("Therapeutic intervention", "Dose changes"),
    "10a": ("Follow-up and outcomes", "Follow-up and outcomes"),
    "10b": ("Follow-up and outcomes", "Follow-up and outcomes"),
    "10c": ("Follow-up and outcomes", "Follow-up and outcomes"),
    "10d": ("Follow-up and outcomes", "Adverse events"),
    "11": ("Discussion", "Discussion"), "12": ("Patient perspective", "Patient perspective"),
    "13": ("Informed consent", "Informed consent"),
}
# an item's evidence (``CareItem.evidence``) -> (manuscript section, what of it holds the
# evidence, the PDF summary's heading where it is printed): the earlier treatment lines of
# 5d and the Reason ended of 9c are in the Treatment lines table (5d pointed at Patient
# information, p. 1; 9c at Dose changes, which said "Not reported.")
EVIDENCE_WHERE: dict[str, tuple[str, str, str]] = {
    "history_items": ("Patient information", "medical history", "Medical, family and "
                      "psychosocial history"),
    "treatment_lines": ("Therapeutic intervention", "treatment lines", "Treatment lines"),
    "reason_end": ("Therapeutic intervention", "treatment lines, Reason ended",
                   "Treatment lines"),
    "dose_changes": ("Therapeutic intervention", "dose changes", "Dose changes"),
    "adherence": ("Therapeutic intervention", "drug tables, Schedule: adherence",
                  "Therapeutic intervention"),
}
# the evidence the manuscript prints only in a table of this caption (its Dose changes
# table, as the PDF's): without one, the checklist says so
IN_TABLE = {"dose_changes": "Dose changes"}
COLUMNS = ("Item", "Checklist item", "Reported in the manuscript", "Page of the PDF summary")


@dataclass(frozen=True)
class Row:
    number: str
    title: str
    section: str  # the manuscript section, or "Not reported (...)"
    page: str  # "p. 3", or "" when not reported

    @property
    def located(self) -> bool:
        return bool(self.page)


def pdf_heading_pages(pdf: bytes) -> dict[str, int]:
    """Each line of the PDF's text -> the first page (1-based) where it stands on its own."""
    import pypdfium2 as pdfium

    found: dict[str, int] = {}
    doc = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(doc)):
            page = doc[index]
            text = page.get_textpage().get_text_range()
            for line in text.replace("\r", "\n").split("\n"):
                found.setdefault(" ".join(line.split()), index + 1)
    finally:
        doc.close()
    return found


def checklist_rows(care: CareCompleteness, pages: dict[str, int],
                   manuscript: Manuscript) -> list[Row]:
    rows = []
    for item in care.items:
        for part in item.parts or (item,):
            rows.append(_row(part, pages, manuscript))
    return rows


def _row(item: CareItem, pages: dict[str, int], ms: Manuscript) -> Row:
    """Where the item is reported, as the manuscript says it: an item the case lacks is "Not
    reported" (the manuscript's words), and so is one whose section in the manuscript has no
    text of its own (never a page pointing at a section that says "Not reported")."""
    section, heading = WHERE.get(item.number, ("", ""))
    if item.status != "reported":
        why = item.reason or ("nothing entered" if item.status == "missing" else "")
        why = f" ({why})" if why and why.lower() != "not reported" else ""
        return Row(item.number, item.title, "Not reported" + why, "")
    if item.evidence:  # where the case holds it: the section and page printing that
        return _evidence_row(item, pages, ms)
    if section in ms.sections and section not in ms.written:
        below = dict(ms.subheadings).get(section, ())
        if not below:
            return Row(item.number, item.title,
                       f"Not reported (nothing in the manuscript's {section} section)", "")
        page = pages.get(below[0])
        return Row(item.number, item.title, f"{section} › {below[0]} (the {section.lower()} "
                   "itself is not reported)", f"p. {page}" if page else "")
    page = 1 if not heading else pages.get(heading) or pages.get(WHERE[item.number][0])
    if section not in ms.sections and section != "Title page":
        section = f"{section} (section missing)"
    return Row(item.number, item.title, section, f"p. {page}" if page else "")


def _evidence_row(item: CareItem, pages: dict[str, int], ms: Manuscript) -> Row:
    """An item found in one or more places of the case (``CareItem.evidence``): each place's
    manuscript section (what of it) and the PDF page of its heading, "pp. 1, 6" for two."""
    places, found = [], []
    for key in item.evidence:
        section, what, heading = EVIDENCE_WHERE[key]
        if section not in ms.sections:
            section = f"{section} (section missing)"
        caption = IN_TABLE.get(key)
        if caption and not any(t.startswith(caption) for t in ms.tables):
            places.append(f"{what.capitalize()}: in the PDF summary only, not in the manuscript")
        else:
            places.append(f"{section} ({what})")
        if (page := pages.get(heading) or pages.get(section)) and page not in found:
            found.append(page)
    found.sort()
    page_text = "" if not found else (f"p. {found[0]}" if len(found) == 1
                                      else "pp. " + ", ".join(map(str, found)))
    return Row(item.number, item.title, "; ".join(places), page_text)


def checklist_docx(rows: list[Row], title: str, generated_at: datetime | None = None) -> bytes:
    from docx import Document
    from docx.shared import Pt

    from core.kit.writer import full_width, mark_soft_hyphens, set_properties, set_widths

    doc = Document()
    set_properties(doc, f"CARE checklist: {title}" if title else "CARE checklist", generated_at)
    doc.add_heading("CARE checklist (2013)", level=0)
    doc.add_paragraph(title)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    full_width(table)
    for cell, head in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.paragraphs[0].add_run(head).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells,
                               (row.number, row.title, row.section, row.page), strict=True):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    set_widths(table, [0.6, 2.4, 2.4, 1.1])
    doc.add_paragraph("Pages refer to the PDF case summary (case-summary.pdf) of this kit.")
    mark_soft_hyphens(doc.element.body)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def checklist_pdf(rows: list[Row], title: str) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.tables import LongTable

    from core.report.document import set_up_reportlab
    from core.report.fonts import BOLD, SANS

    set_up_reportlab()
    sheet = getSampleStyleSheet()
    body = sheet["BodyText"].clone("kit-body", fontName=SANS, fontSize=8.5, leading=10.5)
    head = sheet["Title"].clone("kit-title", fontName=BOLD, fontSize=15)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, title="CARE checklist",
                            author="", creator="Casebook", invariant=1)

    def cell(text: str) -> Paragraph:
        return Paragraph(escape(text), body)

    data = [[cell(c) for c in COLUMNS]]
    data += [[cell(r.number), cell(r.title), cell(r.section), cell(r.page)] for r in rows]
    table: Table = LongTable(data, colWidths=[14 * mm, 60 * mm, 68 * mm, 32 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf0")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    doc.build([Paragraph("CARE checklist (2013)", head), Paragraph(escape(title), body),
               Spacer(1, 6), table, Spacer(1, 6),
               Paragraph("Pages refer to the PDF case summary (case-summary.pdf) of this kit.",
                         body)])
    return buffer.getvalue()
