"""A clinical value prints as entered, every digit kept (found by a stranger run: number() kept
three significant figures, so case 2's day-175 temperature of 101.5 °F printed as 102 °F in the
PDF's Laboratory results and in the kit manuscript's table)."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from core.kit import build_kit
from core.model import Case
from core.report.format import number, with_unit
from core.services import Casebook
from core.units import format_mrd
from tests.core.report.pdftext import all_text


def test_numbers_print_as_entered() -> None:
    assert number(101.5) == "101.5" and with_unit(101.5, "[degF]") == "101.5°F"
    assert number(1235.25) == "1235.25" and number(0.0001) == "0.0001" and number(62.5) == "62.5"
    assert number(100.0) == "100" and number(0.1 + 0.2) == "0.3"  # float noise is not a digit
    assert format_mrd(0.00325) == "0.325% (3.25 × 10⁻³)"
    assert format_mrd(0.00012) == "0.012% (1.2 × 10⁻⁴)"
    # "1 in 30000" is stored as its fraction: four significant figures, as a lab reports it
    assert format_mrd(1 / 30000) == "0.003333% (3.333 × 10⁻⁵)"


def _temperature(case: Case):
    return next(lab for lab in case.labs if lab.unit_entered == "[degF]")


def test_pdf_lab_value_keeps_its_decimal(case_2, render) -> None:
    assert _temperature(case_2).value_entered == 101.5
    text = all_text(render(case_2))
    assert "Temperature blood 101.5 °F" in text
    assert "102 °F" not in text


def test_kit_manuscript_lab_value_keeps_its_decimal(casebook: Casebook,
                                                    reference_cases: list[Case],
                                                    tmp_path: Path) -> None:
    case = reference_cases[1]
    casebook.cases.import_cases([case])
    build_kit(casebook, case.case_id, tmp_path / "kit", deidentified=True)
    doc = Document(str(tmp_path / "kit" / "manuscript.docx"))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    temperature = [r for r in rows if "Temperature" in r]
    assert temperature and all("101.5" in r for r in temperature), temperature
    assert not any("102" in r for r in temperature)
