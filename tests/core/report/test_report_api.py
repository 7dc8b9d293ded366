"""The package's surface: lazy ReportLab import, batch rendering."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core.report import ReportOptions, render_case_pdf, render_many
from tests.core.report.pdftext import GENERATED, read


def test_importing_the_package_does_not_import_reportlab():
    code = ("import sys, core.report; from core.report import ReportOptions, find_identifier_hits; "
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_render_case_pdf_defaults_to_an_identified_summary(case_1):
    pdf = render_case_pdf(case_1)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert "Identified" in read(pdf).pages[0].extract_text()


@pytest.mark.parametrize("workers", [1, 2])
def test_render_many_writes_one_file_per_case_and_reports_progress(reference_cases, tmp_path,
                                                                   workers):
    seen = []
    options = ReportOptions(deidentified=True, generated_at=GENERATED)
    result = render_many(reference_cases, options, tmp_path / "out", workers=workers,
                         progress=lambda done, total, case_id: seen.append((done, total, case_id)))
    assert [p.name for p in result.written] == ["SEED-C1-CAO2023-deid.pdf",
                                                 "SEED-C2-CAO2023-deid.pdf"]
    assert result.failed == {}
    assert seen == [(1, 2, "SEED-C1-CAO2023"), (2, 2, "SEED-C2-CAO2023")]
    for path in result.written:
        assert len(read(path.read_bytes()).pages) > 3
    assert not list((tmp_path / "out").glob("*.part"))


def test_render_many_goes_on_after_a_failing_case(reference_cases, tmp_path, monkeypatch):
    from core.report import document

    real = document.render

    def flaky(case, options):
        if case.case_id == "SEED-C1-CAO2023":
            raise ValueError("broken case")
        return real(case, options)

    monkeypatch.setattr(document, "render", flaky)
    result = render_many(iter(reference_cases), ReportOptions(), tmp_path, workers=1)
    assert [p.name for p in result.written] == ["SEED-C2-CAO2023.pdf"]
    assert result.failed == {"SEED-C1-CAO2023": "ValueError: broken case"}


def test_render_many_renders_in_process_when_the_scanner_cannot_be_pickled(case_1, tmp_path):
    def scanner(text, denylist):          # a local function: not picklable
        return []

    result = render_many([case_1], ReportOptions(deidentified=True, scanner=scanner), tmp_path,
                         workers=2)
    assert [p.name for p in result.written] == ["SEED-C1-CAO2023-deid.pdf"]
