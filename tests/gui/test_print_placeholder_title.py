"""File › Print… marks a placeholder title † as the CLI's PDF does (9bd8b6c; a physician's
check found it unmarked in a print made before it): on page 1 and in the page header."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.gui.test_report_view import open_preview

TITLE = "a case report (reference case 1, reconstructed)"


def test_the_print_preview_marks_a_placeholder_title(qtbot, stored_references, window):
    case = window.session.casebook.cases.open_case("SEED-C1-CAO2023")
    assert "title" in (case.case_report.placeholder_fields or [])
    dialog = open_preview(qtbot, window)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(dialog.pdf)).pages]
    assert f"{TITLE} †" in pages[0], pages[0][:300]
    assert "lymphoi… † Case" in pages[1]  # the header: the title cut to fit, its mark kept
