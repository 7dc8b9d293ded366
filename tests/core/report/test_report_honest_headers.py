"""Headers that claim nothing untrue (found by a stranger run, a hematologist's check): the
adverse-event table's "Term (CTCAE v5.0)" sat over a CRS row graded by ASTCT 2019, and page 1
called an identified summary "identified (contains dates and identifiers)" for a case that
holds neither a date nor an identifier."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from core.kit import build_kit
from core.model import Case
from core.services import Casebook
from tests.core.report.pdftext import all_text

AE_HEADER = "Onset Term Grade Grading system Serious Attribution"


def _crs_row(case: Case) -> bool:
    return any(ae.grading_system == "ASTCT-2019" for ae in case.adverse_events)


def test_adverse_event_header_names_no_one_grading_system(case_2, render) -> None:
    assert _crs_row(case_2)
    text = all_text(render(case_2))
    assert AE_HEADER in text and "ASTCT 2019" in text and "CTCAE v5.0" in text
    assert "Term (CTCAE v5.0)" not in text


def test_kit_manuscript_adverse_event_header(casebook: Casebook, reference_cases: list[Case],
                                             tmp_path: Path) -> None:
    case = reference_cases[1]
    assert _crs_row(case)
    casebook.cases.import_cases([case])
    build_kit(casebook, case.case_id, tmp_path / "kit", deidentified=True)
    doc = Document(str(tmp_path / "kit" / "manuscript.docx"))
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    (ae,) = [h for h in headers if "Grading system" in h]
    assert "Term" in ae and "Term (CTCAE v5.0)" not in ae


def test_page_one_names_the_kind_of_summary_without_claiming_its_contents(case_1, render) -> None:
    assert not case_1.patient.name and not case_1.patient.record_number
    identified = all_text(render(case_1))
    assert "identified case summary (no identifier or date removed)" in identified
    assert "contains dates and identifiers" not in identified
    assert "· de-identified case summary" in all_text(render(case_1, deidentified=True))
