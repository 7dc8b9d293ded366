"""A thin layer over python-docx for the manuscript: headings, paragraphs with rendered
citations (de-identified text masked first), numbered tables with captions, and the record
tables built from the model's PDF columns (the same columns as the PDF summary)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import Table
from pydantic import BaseModel

from core.model import field_meta
from core.publication import render_citations
from core.publication.figure_refs import renumber_figures_counted
from core.report.blocks import Context, label
from core.report.columns import CapturedRow, captured_rows, pdf_columns

TEXT_WIDTH_IN = 6.5  # the default page (Letter, 1-inch margins)


@dataclass
class Writer:
    doc: Document
    ctx: Context
    numbers: dict[str, int]
    tables: list[str] = field(default_factory=list)  # the captions, in table order
    sections: list[str] = field(default_factory=list)  # the level-1 headings written
    # {figure number in the case: in the kit, None when left out}: the text's "Figure N" follow
    figure_numbers: dict[int, int | None] = field(default_factory=dict)
    figure_refs: int = 0  # figure references rewritten so far
    figure_checks: list[str] = field(default_factory=list)  # "check: ..." lines, for the report
    # each record's row as the PDF summary printed it, by id(record) (``pdf_rows``)
    printed: dict[int, CapturedRow] = field(default_factory=dict)

    def text(self, value: str | None) -> str:
        """A narrative text as printed: masked (de-identified), citations numbered, figure
        references in the kit's figure numbers."""
        return self.figures(render_citations(self.ctx.fmt.text(value), self.numbers)) \
            if value else ""

    def figures(self, text: str) -> str:
        done = renumber_figures_counted(text, self.figure_numbers)
        self.figure_refs += done.changed
        self.figure_checks += [c for c in done.checks if c not in self.figure_checks]
        return done.text

    def heading(self, title: str, level: int = 1) -> None:
        self.doc.add_heading(title, level=level)
        if level == 1:
            self.sections.append(title)

    def para(self, text: str, *, lead: str | None = None, italic: bool = False) -> None:
        p = self.doc.add_paragraph()
        if lead:
            p.add_run(f"{lead}: ").bold = True
        run = p.add_run(text)
        run.italic = italic

    def narrative(self, value: str | None, *, lead: str | None = None,
                  missing: str | None = None) -> bool:
        """The text's paragraphs (blank lines separate them); ``missing`` when empty."""
        text = self.text(value)
        if not text:
            if missing:
                self.para(missing, italic=True)
            return False
        for i, chunk in enumerate(c.strip() for c in text.split("\n\n") if c.strip()):
            self.para(chunk, lead=lead if i == 0 else None)
        return True

    def table(self, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Table N with its caption above it."""
        if not rows:
            return
        self.tables.append(caption)
        cap = self.doc.add_paragraph()
        cap.add_run(f"Table {len(self.tables)}. ").bold = True
        cap.add_run(caption)
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        full_width(table)
        for cell, head in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(head).bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(8)
        set_widths(table, column_widths(headers, rows))
        self.doc.add_paragraph()

    def records(self, caption: str, items: Sequence[BaseModel],
                skip: Sequence[str] = ()) -> None:
        """A table of records with the model's PDF columns (not the derived ones)."""
        if not items:
            return
        printed = [row for item in items if (row := self.printed.get(id(item)))]
        if len(printed) == len(items) and len({row.columns for row in printed}) == 1:
            self._printed_table(caption, printed, skip)
            return
        model = type(items[0])
        columns = [c for c in pdf_columns(model) if not c.derived and c.key not in skip]
        rows = [[self.cell(item, c.key) for c in columns] for item in items]
        self.table(caption, [c.header for c in columns], rows)

    def _printed_table(self, caption: str, rows: Sequence[CapturedRow],
                       skip: Sequence[str]) -> None:
        """The records' table with the PDF summary's cells: a dose with its unit and the
        derived absolute dose, an MRD value as a percent, a finding's value with its unit, a
        span of days (the derived columns left out, as for any record table here)."""
        columns = rows[0].columns
        keep = [j for j, c in enumerate(columns) if not c.derived and c.key not in skip]
        self.table(caption, [columns[j].header for j in keep],
                   [[self.figures(render_citations(r.cells[j], self.numbers)) for j in keep]
                    for r in rows])

    def cell(self, item: BaseModel, key: str) -> str:
        model = type(item)
        in_header = label(model, key) != field_meta(model, key)["label"]
        value: Any = self.ctx.fmt.field(item, key, unit=not in_header)
        return self.figures(render_citations(str(value), self.numbers))

    def centered(self, text: str, *, bold: bool = False, size: float | None = None) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)


def full_width(table: Table) -> None:
    """The table as wide as the text (Word and LibreOffice otherwise shrink it to its
    contents); the columns share the width by their contents."""
    props = table._tbl.tblPr
    for old in props.findall(qn("w:tblW")):
        props.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")
    props.append(width)


def set_widths(table: Table, weights: Sequence[float]) -> None:
    """Column widths in proportion to ``weights``, over the text width (6.5 in)."""
    total = sum(weights) or 1.0
    table.autofit = False
    for j, weight in enumerate(weights):
        width = Inches(TEXT_WIDTH_IN * weight / total)
        table.columns[j].width = width
        for cell in table.columns[j].cells:
            cell.width = width


CHAR_IN, PAD_IN = 0.09, 0.3  # an 8-pt character (wide fonts too), side padding (inches)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Inches per column: each gets what its longest word needs (header or cell), and the
    rest of the text width goes to the columns with longer texts, in proportion."""
    need, want = [], []
    for j, head in enumerate(headers):
        cells = [r[j] for r in rows]
        # a long header word may break (it is bold and alone); a day number or a dose may not
        words = [min(len(w), 7) for w in head.split()]
        words += [min(len(w), 14) for text in cells for w in text.split()]
        need.append(max(words, default=3) * CHAR_IN + PAD_IN)
        longest = sorted((len(c) for c in cells), reverse=True)
        typical = longest[len(longest) // 4] if longest else 0  # the upper quartile
        want.append(min(typical, 60) * CHAR_IN + PAD_IN)
    room = TEXT_WIDTH_IN - sum(need)
    if room <= 0:
        return [n * TEXT_WIDTH_IN / sum(need) for n in need]
    extra = [max(w - n, 0.0) for n, w in zip(need, want, strict=True)]
    share = sum(extra)
    if share <= 0:
        return [n + room / len(need) for n in need]
    return [n + room * e / share for n, e in zip(need, extra, strict=True)]


def pdf_rows(ctx: Context) -> dict[int, CapturedRow]:
    """Every record's row as the PDF summary's record tables print it, by ``id(record)``
    (the sections that hold record tables, built but not laid out)."""
    from core.report.sections_diagnostics import diagnostics_section
    from core.report.sections_intro import findings_section, patient_section
    from core.report.sections_outcome import outcome_section
    from core.report.sections_treatment import treatment_section

    with captured_rows() as rows:
        for section in (patient_section, findings_section, diagnostics_section,
                        treatment_section, outcome_section):
            section(ctx)
    return rows


SOFT_HYPHEN = "\xad"


def mark_soft_hyphens(root: Any) -> int:
    """Each soft hyphen (U+00AD, pasted from a PDF or an SmPC: ``Pegaspar\\u00adgase``) in the
    text of ``root`` (a document's body) as Word's optional hyphen, ``<w:softHyphen/>``
    between the text's pieces in the same run: Word draws the bare character as a hard
    hyphen, LibreOffice reads both as a soft hyphen. Returns how many were marked."""
    marked = 0
    for text in list(root.iter(qn("w:t"))):
        if not text.text or SOFT_HYPHEN not in text.text:
            continue
        pieces = text.text.split(SOFT_HYPHEN)
        text.text = pieces[0]
        at = text
        for piece in pieces[1:]:
            hyphen = OxmlElement("w:softHyphen")
            at.addnext(hyphen)
            at = hyphen
            marked += 1
            if piece:
                part = OxmlElement("w:t")
                part.text = piece
                part.set(qn("xml:space"), "preserve")
                at.addnext(part)
                at = part
        text.set(qn("xml:space"), "preserve")
    return marked
