"""The PDF case summary: a case record in, PDF bytes out (CARE order, identified or de-identified).

Pure: no Qt, no database. ReportLab is imported only when a PDF is made, so importing this
package costs nothing at start-up.
"""

from __future__ import annotations

from core.model import Case
from core.report.batch import BatchResult, render_many
from core.report.deid import find_identifier_hits
from core.report.options import Hit, ReportOptions, Scanner


def render_case_pdf(case: Case, options: ReportOptions | None = None) -> bytes:
    """The case summary as PDF bytes."""
    from core.report.document import render

    return render(case, options or ReportOptions())


def warm_up() -> None:
    """Import ReportLab and register the fonts (about 0.3 s once per process), e.g. in the
    background after the main window shows, so that the first preview is quick."""
    from core.report.document import set_up_reportlab

    set_up_reportlab()


__all__ = ["BatchResult", "Hit", "ReportOptions", "Scanner", "find_identifier_hits",
           "render_case_pdf", "render_many", "warm_up"]
