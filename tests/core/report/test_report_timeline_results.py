"""The PDF's timeline table says what an MRD or molecular result is (see
tests/core/clinical/test_clin_timeline_result_labels.py): a not-quantifiable MRD without a value
is not "MRD undetectable"; "1 in 30000" prints four significant figures, as the MRD table does;
a BCR::ABL1 value has no exponent; a value on another scale is printed with it."""

from __future__ import annotations

from core.units import parse_mrd
from tests.core.report.pdftext import all_text, table_rows


def test_timeline_table_mrd_and_molecular_results(case_1, render) -> None:
    case = case_1.model_copy(deep=True)
    case.mrd_assessments[0].result = "detected_not_quantifiable"
    case.mrd_assessments[0].value_fraction = None
    case.mrd_assessments[1].value_fraction = parse_mrd("1 in 30000")
    case.molecular_tests[0].result_value = 0.00005
    case.molecular_tests[1].result_scale = "percent_ratio_ABL1"
    pdf = render(case)
    events = [row[1] for row in table_rows(pdf, "Timeline") if len(row) >= 2]
    assert "MRD detected, not quantifiable (MFC, BM): positive, not quantifiable" in events
    assert not any(e.startswith("MRD undetectable (MFC, BM): positive") for e in events)
    assert any(e.startswith("MRD 0.003333% (") for e in events)
    assert any(e.startswith("BCR::ABL1 0.00005% IS") for e in events)
    assert "BCR::ABL1 quantitative: 1.2% ratio to ABL1" in events
    text = all_text(pdf)
    assert "0.003333333" not in text and "5e-05" not in text
