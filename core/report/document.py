"""Assembling the PDF: page layout, header and footer, metadata, the sections in CARE order."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from core.model import Case
from core.publication import number_citations, render_citations
from core.report.blocks import PLACEHOLDER_MARK, Context
from core.report.deid import Masker
from core.report.derived import evaluate
from core.report.fonts import (
    BOLD,
    SANS,
    ReportFont,
    draw_runs,
    drawn,
    fit,
    register_fonts,
    string_width,
)
from core.report.format import Formatter
from core.report.keep import keep_notes
from core.report.options import ReportOptions
from core.report.sections_diagnostics import diagnostics_section
from core.report.sections_figures import figures_section
from core.report.sections_intro import (
    abstract_and_introduction,
    findings_section,
    patient_section,
    title_block,
    title_is_placeholder,
)
from core.report.sections_outcome import closing_sections, outcome_section
from core.report.sections_publication import references_section, statements_section
from core.report.sections_record import record_status_block
from core.report.sections_timeline import timeline_section
from core.report.sections_treatment import treatment_section
from core.report.styles import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZES,
    RULE,
    frame_width,
)

HEADER_SIZE, FOOTER_SIZE = 7.5, 7.0


@cache
def set_up_reportlab() -> None:
    """Once per process: fonts, and binary (not ASCII85-encoded) compressed streams, which
    are smaller and quicker to write; the chart's shapes are not type-checked on every
    attribute set (ReportLab's development aid, "slows down shapes"). Casebook is ReportLab's
    only user in the process."""
    rl_config.useA85 = 0
    rl_config.shapeChecking = 0
    register_fonts()


def render(case: Case, options: ReportOptions) -> bytes:
    set_up_reportlab()
    generated = (options.generated_at or datetime.now()).astimezone()
    ctx = make_context(case, options)
    buffer = BytesIO()
    canvas = partial(SummaryCanvas, chrome=_chrome(ctx, generated))
    _template(buffer, ctx).build(story(ctx), canvasmaker=canvas)
    return buffer.getvalue()


def make_context(case: Case, options: ReportOptions) -> Context:
    masker = Masker(case, options) if options.deidentified else None
    text = _with_citations(case, masker.mask if masker else None)
    if options.figure_numbering is not None:  # the kit's summary: "Figure N" as in the kit
        text = _with_figure_numbers(text, dict(options.figure_numbering.references))
    fmt = Formatter(case.case_report.day0, options.deidentified, text)
    return Context(case, options, evaluate(case), fmt, frame_width(options.page_size), masker)


def _with_figure_numbers(text: Callable[[str], str],
                         numbers: dict[int, int | None]) -> Callable[[str], str]:
    """The text filter, then the "Figure N" typed in the text in the PDF's figure numbers
    (after the masking, as in the kit's manuscript)."""
    from core.publication.figure_refs import renumber_figures

    return lambda value: renumber_figures(text(value), numbers)


def _with_citations(case: Case, mask: Callable[[str], str] | None) -> Callable[[str], str]:
    """The text filter of the rendering: ``[@key]`` citations as their numbers, then the
    de-identified summary's masking (the identity when there is nothing to do)."""
    numbers = number_citations(case) if case.references else {}
    if not numbers:  # an unknown key prints as typed, [@key]
        return mask or (lambda text: text)
    if mask is None:
        return lambda text: render_citations(text, numbers)
    return lambda text: mask(render_citations(text, numbers))


def story(ctx: Context) -> list[Flowable]:
    """The sections in CARE order, each table's notes kept with it (``core.report.keep``)."""
    return keep_notes([
        *title_block(ctx), *record_status_block(ctx), *abstract_and_introduction(ctx),
        *patient_section(ctx), *findings_section(ctx), *timeline_section(ctx),
        *diagnostics_section(ctx), *treatment_section(ctx), *outcome_section(ctx),
        *closing_sections(ctx), *statements_section(ctx), *references_section(ctx),
        *figures_section(ctx)])


def _chrome(ctx: Context, generated: datetime) -> Chrome:
    mode = "De-identified" if ctx.options.deidentified else "Identified · confidential"
    room = frame_width(ctx.options.page_size) - string_width(mode, HEADER_SIZE, BOLD) - 12
    # a placeholder title's mark stays when the title is cut to fit the header line
    mark = f"\u00a0{PLACEHOLDER_MARK}" if title_is_placeholder(ctx) else ""
    title = fit(ctx.fmt.text(ctx.case.title), room - string_width(mark, HEADER_SIZE), HEADER_SIZE)
    return Chrome(title=title + mark,
                  case_id=ctx.case.case_id, mode=mode, generated=generated,
                  page=PAGE_SIZES[ctx.options.page_size],
                  anchor=None if ctx.options.deidentified else ctx.options.anchor,
                  mismatch=ctx.options.audit_mismatch and not ctx.options.deidentified)


def _template(buffer: BytesIO, ctx: Context) -> BaseDocTemplate:
    case, page = ctx.case, PAGE_SIZES[ctx.options.page_size]
    if ctx.options.deidentified:
        subject, keywords = f"Case {case.case_id}", case.case_id
    else:
        subject = f"CARE case summary, case {case.case_id}"
        keywords = "; ".join(case.case_report.keywords)
    # the metadata without soft hyphens (pasted: "Pegaspar\u00adgase"), as the page shows them
    doc = BaseDocTemplate(
        buffer, pagesize=page, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=drawn(ctx.fmt.text(case.title)), author="",
        subject=subject, keywords=drawn(keywords), creator="Casebook", lang="en",
        initialFontName=SANS)
    frame = BodyFrame(MARGIN_X, MARGIN_BOTTOM, page[0] - 2 * MARGIN_X,
                  page[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    return doc


_ATOMIC = (int, float, str, bool, type(None))


class BodyFrame(Frame):
    """ReportLab's ``Frame`` with a quicker deep copy, the same result: ReportLab deep-copies
    the frame each time it measures a group kept together (a heading with what follows it),
    and ``copy.deepcopy`` went through each of its numbers one by one."""

    def __deepcopy__(self, memo: dict[int, Any]) -> BodyFrame:
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        new.__dict__.update({key: value if type(value) in _ATOMIC else deepcopy(value, memo)
                             for key, value in self.__dict__.items()})
        return new


@dataclass(frozen=True)
class Chrome:
    """Header and footer of every page (``title`` already fitted to the header line)."""

    title: str
    case_id: str
    mode: str
    generated: datetime
    page: tuple[float, float]
    anchor: str | None = None  # the audit anchor, identified PDFs only
    mismatch: bool = False  # the case does not match its audit trail: said instead

    @property
    def pdf_date(self) -> str:
        offset = self.generated.strftime("%z") or "+0000"
        return self.generated.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        width, height = self.page
        left, right = MARGIN_X, width - MARGIN_X
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        top = height - MARGIN_TOP + 9
        mode_w = string_width(self.mode, HEADER_SIZE, BOLD)
        draw_runs(canvas, right - mode_w, top + 4, self.mode, HEADER_SIZE, BOLD)
        draw_runs(canvas, left, top + 4, self.title, HEADER_SIZE)
        canvas.line(left, top, right, top)
        bottom = MARGIN_BOTTOM - 12
        canvas.line(left, bottom + 9, right, bottom + 9)
        stamp = self.generated.strftime("%Y-%m-%d %H:%M %Z").strip()
        anchor = f" · Audit anchor {self.anchor}" if self.anchor else ""
        if self.mismatch:
            anchor = f" · {AUDIT_MISMATCH}"
        draw_runs(canvas, left, bottom, f"Case {self.case_id} · generated {stamp}{anchor}",
                  FOOTER_SIZE)
        number = f"Page {page} of {total}"
        draw_runs(canvas, right - string_width(number, FOOTER_SIZE), bottom, number, FOOTER_SIZE)
        canvas.restoreState()


AUDIT_MISMATCH = "NOT AS RECORDED: the case differs from its audit trail"


class SummaryCanvas(Canvas):
    """A canvas that holds its pages until the end, to print "page X of Y"."""

    def __init__(self, *args: Any, chrome: Chrome, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chrome = chrome
        self._pages: list[dict[str, Any]] = []
        # (font name, size, leading) -> "<font> <size> Tf <leading> TL" of drawString's lines
        self._font_ops: dict[tuple[str, float, float], str] = {}
        self.setDateFormatter(lambda *_: chrome.pdf_date)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def drawString(self, x: float, y: float, text: str, mode: Any = None,  # noqa: N802
                   charSpace: float = 0, direction: Any = None,  # noqa: N803
                   wordSpace: Any = None, shaping: bool = False) -> None:  # noqa: N803
        """``Canvas.drawString``, the same bytes: a plain line in a report font whose
        characters already have codes in the document's first subset (``ReportFont.encoded``)
        is written as the text object ReportLab would make, without making it (a table's
        string cells draw one line each)."""
        font = pdfmetrics.getFont(self._fontname)
        encoded = (font.encoded(text, self._doc) if isinstance(font, ReportFont) and self.bottomup
                   and mode is None and not charSpace and not wordSpace and direction is None
                   and not shaping else None)
        if encoded is None:
            super().drawString(x, y, text, mode, charSpace, direction, wordSpace, shaping)
            return
        key = (self._fontname, self._fontsize, self._leading)
        ops = self._font_ops.get(key)
        if ops is None:
            ops = self._font_ops[key] = (f"{font.getSubsetInternalName(0, self._doc)} "
                                         f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL")
        self._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {ops} ({escapePDF(encoded)}) Tj T* ET")

    def save(self) -> None:
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._chrome.draw(self, number, len(self._pages))
            super().showPage()
        super().save()
