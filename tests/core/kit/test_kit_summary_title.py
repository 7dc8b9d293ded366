"""The kit's case-summary.pdf marks a placeholder title † as the CLI's PDF does (9bd8b6c; a
physician's check found it unmarked in a kit written before it)."""

from __future__ import annotations

import io

from pypdf import PdfReader

TITLE = "a case report (reference case 1, reconstructed)"


def test_the_kit_summary_marks_a_placeholder_title(kit_1):
    assert "title" in (kit_1.case.case_report.placeholder_fields or [])
    data = (kit_1.folder / "case-summary.pdf").read_bytes()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    assert f"{TITLE} †" in pages[0], pages[0][:300]
    assert "lymphoi… † Case" in pages[1]  # the header: the title cut to fit, its mark kept
