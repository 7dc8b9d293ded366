"""PDF benchmarks: one summary of reference case 1, and 1,000 generated cases with render_many."""

from __future__ import annotations

import io
import os
import time

from tests.bench.harness import Measure, clock, interleave, quick, scratch_folder, with_floor

BATCH_SIZE = 1000
BATCH_SEED = 41
PDF_RATIO = 2
TABLE_ROWS = 30  # one table of 30 rows x 5 columns fills an A4 page


def pages_of(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n")


def minimal_pdf(pages: int) -> bytes:
    """The PDF's floor: a bare ReportLab document of ``pages`` pages, one plain table each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table

    rows = [[f"row {r} col {c}" for c in range(5)] for r in range(TABLE_ROWS)]
    story: list = []
    for page in range(max(pages, 1)):
        story += [PageBreak()] if page else []
        story.append(Table(rows))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def reference_case_pdf(rounds: int = 20) -> Measure:
    from core.report import render_case_pdf, warm_up
    from core.services.demo import reference_cases
    from tests.bench.profiles import cprofile_top

    warm_up()
    case = reference_cases()[0]
    pages = pages_of(render_case_pdf(case))
    floor_pages = pages_of(minimal_pdf(pages))
    a, b = interleave(lambda: clock(lambda: render_case_pdf(case)),
                      lambda: clock(lambda: minimal_pdf(pages)), rounds)
    m = with_floor(Measure("PDF of reference case 1", f"<= {PDF_RATIO}x floor", "ms",
                           ratio_limit=PDF_RATIO,
                           note=f"render_case_pdf, identified, after warm_up(); {pages} pages",
                           floor_name=f"minimal ReportLab document, {floor_pages} pages of "
                                      "one table each"), a, b)
    if m.met is False:
        m.profile = cprofile_top(lambda: [render_case_pdf(case) for _ in range(3)])
    return m


def many_pdfs() -> Measure:
    from core.report import ReportOptions, render_many
    from core.synth import generate_cases

    cases = list(generate_cases(BATCH_SIZE, seed=BATCH_SEED))
    folder = scratch_folder("pdf")
    start = time.perf_counter()
    result = render_many(cases, ReportOptions(), folder)
    seconds = time.perf_counter() - start
    note = (f"{len(result.written)} written, {len(result.failed)} failed; "
            f"{min(os.cpu_count() or 1, 4)} worker processes")
    return Measure("1,000 PDFs (render_many)", "< 120 s", "s", [seconds], limit=120, note=note)


def run() -> list[Measure]:
    return [reference_case_pdf(10 if quick() else 20), many_pdfs()]
