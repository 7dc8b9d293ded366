"""PDF benchmarks: one summary of reference case 1, and 1,000 generated cases with render_many."""

from __future__ import annotations

import os
import time

from tests.bench.harness import Measure, scratch_folder, timed

BATCH_SIZE = 1000
BATCH_SEED = 41


def reference_case_pdf() -> Measure:
    from core.report import render_case_pdf, warm_up
    from core.services.demo import reference_cases

    warm_up()
    case = reference_cases()[0]
    pages = render_case_pdf(case).count(b"/Type /Page\n")
    m = Measure("PDF of reference case 1", "< 150 ms", "ms", limit=150,
                note="render_case_pdf, identified, after warm_up()")
    m.samples = timed(lambda: render_case_pdf(case), 20)
    if pages:
        m.note += f"; {pages} pages"
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
    return [reference_case_pdf(), many_pdfs()]
