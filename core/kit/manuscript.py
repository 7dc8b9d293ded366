"""``manuscript.docx``: title page (title, authors with numbered affiliations, corresponding
author, keywords), structured abstract, the CARE-ordered sections with their tables, the
declarations (funding, conflicts, ethics, consent), the numbered Vancouver reference list and
the figure legends. Made with python-docx."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document as new_document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from core.kit.figures import Figure
from core.kit.sections import care_sections
from core.kit.writer import Writer, mark_soft_hyphens, pdf_rows, set_properties
from core.publication import format_vancouver, number_citations
from core.report.blocks import Context, is_placeholder, marked


@dataclass(frozen=True)
class Manuscript:
    data: bytes
    sections: tuple[str, ...]  # the level-1 headings, in order
    tables: tuple[str, ...]
    cited: tuple[str, ...]  # reference keys in citation order
    uncited: tuple[str, ...]  # references not cited anywhere (listed after the cited ones)
    figure_refs: int = 0  # figure references in the text rewritten to the kit's numbers
    figure_checks: tuple[str, ...] = ()  # references for the clinician to check (figure_refs)
    placeholders: tuple[str, ...] = ()  # the sections that print placeholder values (marked †)
    written: frozenset[str] = frozenset()  # sections with a text of their own (Writer.written)
    subheadings: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (section, its level-2 headings)
    consent_generated: bool = False  # its consent statement made from the Consent fields
    not_reported: tuple[str, ...] = ()  # the sections that print "Not reported." (Writer)


def build_manuscript(ctx: Context, figures: list[Figure], chart: Figure | None,
                     figure_numbers: dict[int, int | None] | None = None) -> Manuscript:
    """``figure_numbers``: {figure number in the case: in the kit, None when left out}; the
    "Figure N" typed in the texts are rewritten to follow it."""
    numbers = number_citations(ctx.case)
    doc = new_document()
    doc.styles["Title"].font.size = Pt(20)
    doc.styles["Normal"].font.size = Pt(11)
    _properties(doc, ctx)
    w = Writer(doc, ctx, numbers, figure_numbers=dict(figure_numbers or {}),
               printed=pdf_rows(ctx))
    _title_page(w)
    _abstract(w)
    care_sections(w, chart.number if chart else None)
    _declarations(w)
    uncited = _references(w)
    _legends(w, [*figures, *([chart] if chart else [])])
    mark_soft_hyphens(doc.element.body)
    buffer = io.BytesIO()
    doc.save(buffer)
    cited = tuple(sorted(numbers, key=numbers.__getitem__))
    return Manuscript(buffer.getvalue(), tuple(w.sections), tuple(w.tables), cited, uncited,
                      w.figure_refs, tuple(w.figure_checks), tuple(w.placeholders),
                      frozenset(w.written),
                      tuple((k, tuple(v)) for k, v in w.subheadings.items()),
                      w.consent_generated, tuple(w.not_reported))


def _properties(doc: object, ctx: Context) -> None:
    keywords = "; ".join(ctx.fmt.text(k) for k in ctx.case.case_report.keywords)
    set_properties(doc, ctx.fmt.text(ctx.case.title),  # type: ignore[arg-type]
                   ctx.options.generated_at, keywords=keywords)


def _title_page(w: Writer) -> None:
    case = w.ctx.case
    title = w.text(case.case_report.title)
    placeholder = bool(title) and is_placeholder(case.case_report, "title")
    w.doc.add_heading(marked(title, placeholder) or "Untitled case report", level=0)
    if placeholder:  # marked as the PDF marks it, with its note ("Title page" in the notes)
        w.placeholder_note()
    if w.ctx.options.deidentified:  # as the de-identified PDF: they say where the patient was
        w.para("left out of the de-identified kit (they say where the patient was treated)",
               lead="Authors and affiliations", italic=True)
        _keywords(w)
        return
    affiliations: list[str] = []
    byline = w.doc.add_paragraph()
    for i, author in enumerate(case.authors):
        marks = []
        for aff in (a.strip() for a in (author.affiliations or "").split(";")):
            if aff:
                if aff not in affiliations:
                    affiliations.append(aff)
                marks.append(str(affiliations.index(aff) + 1))
        name = (author.name or "Unnamed author") + (f", {author.degrees}" if author.degrees
                                                    else "")
        byline.add_run(("; " if i else "") + name)
        if marks:
            byline.add_run(",".join(marks)).font.superscript = True
    if not case.authors:
        byline.add_run("Authors: not entered").italic = True
    for n, aff in enumerate(affiliations, start=1):
        p = w.doc.add_paragraph()
        p.add_run(str(n)).font.superscript = True
        p.add_run(f" {aff}")
    corresponding = next((a for a in case.authors if a.corresponding), None)
    if corresponding is not None:
        contact = ", ".join(x for x in (corresponding.name, corresponding.email) if x)
        w.para(contact, lead="Corresponding author")
    orcids = [f"{a.name}: {a.orcid}" for a in case.authors if a.orcid and a.name]
    if orcids:
        w.para("; ".join(orcids), lead="ORCID")
    _keywords(w)


def _keywords(w: Writer) -> None:
    """The keywords line, then the page break that ends the title page."""
    keywords = [w.ctx.fmt.text(k) for k in w.ctx.case.case_report.keywords]
    w.para("; ".join(keywords) if keywords else "not entered", lead="Keywords")
    w.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _abstract(w: Writer) -> None:
    r = w.ctx.case.case_report
    w.heading("Abstract")
    parts = (("Introduction", r.abstract_introduction, "abstract_introduction"),
             ("Case presentation", r.abstract_presentation, "abstract_presentation"),
             ("Conclusion", r.abstract_conclusion, "abstract_conclusion"))
    if not any([w.narrative(text, lead=name, placeholder=is_placeholder(r, key))  # each one
                for name, text, key in parts]):
        w.missing()


def _declarations(w: Writer) -> None:
    s = w.ctx.case.statements
    w.heading("Declarations")
    consent = w.ctx.case.consent
    # a statement typed, else the one the Informed consent section made from its fields
    # (marked † there already)
    consent_text, consent_placeholder = (consent.statement, is_placeholder(
        consent, "statement")) if consent.statement else (w.consent_sentence, False)
    items = (("Funding", s.funding if s else None, is_placeholder(s, "funding") if s else False),
             ("Conflicts of interest", s.conflicts_of_interest if s else None,
              is_placeholder(s, "conflicts_of_interest") if s else False),
             ("Ethics approval", s.ethics_approval if s else None,
              is_placeholder(s, "ethics_approval") if s else False),
             ("Consent for publication", consent_text, consent_placeholder),
             ("Acknowledgements", s.acknowledgements if s else None,
              is_placeholder(s, "acknowledgements") if s else False),
             ("Data availability", s.data_availability if s else None,
              is_placeholder(s, "data_availability") if s else False))
    for lead, text, placeholder in items:
        if not w.narrative(text, lead=lead, placeholder=placeholder) \
                and lead in ("Funding", "Conflicts of interest", "Ethics approval"):
            w.para("not entered", lead=lead)


def _references(w: Writer) -> tuple[str, ...]:
    w.heading("References")
    refs_by_key = {r.key: r for r in w.ctx.case.references if r.key}
    cited = sorted(w.numbers, key=w.numbers.__getitem__)
    uncited = tuple(k for k in refs_by_key if k not in w.numbers)
    for n, key in enumerate([*cited, *uncited], start=1):
        w.doc.add_paragraph(f"{n}. {format_vancouver(refs_by_key[key])}")
    if not refs_by_key:
        w.para("No references entered.", italic=True)
    return uncited


def _legends(w: Writer, figures: list[Figure]) -> None:
    if not figures:
        return
    w.heading("Figure legends")
    for f in figures:
        p = w.doc.add_paragraph()
        p.add_run(f"Figure {f.number}. ").bold = True
        p.add_run(w.text(f.legend) if f.attachment is not None else f.legend)
