"""The Responses table's "Based on" column names each record as the other tables print it (its
kind and When: ``BM d30; CSF d24``), not by an id that the document prints nowhere else; the
kit's manuscript table reuses the PDF's row."""

from __future__ import annotations

import re

import pytest
from docx import Document

from core.report import ReportOptions
from tests.core.report.pdftext import GENERATED, all_text


def _responses(text: str) -> str:
    start = text.index("Responses When")
    return text[start:text.index("Measurable residual disease", start)]


@pytest.mark.parametrize("deidentified", [False, True])
def test_based_on_names_records_by_kind_and_day(case_1, render, deidentified):
    responses = _responses(all_text(render(case_1, deidentified)))
    assert "BM d30; CSF d24; labs d30" in responses     # bm #102, csf #402
    assert "BM d196; CSF d197; labs d196" in responses  # bm #103, csf #403
    assert "CSF d197, d229" in responses                 # csf #403, #405
    assert "molecular d120" in responses                # molecular #303
    assert not re.search(r"#\d", responses), responses


def test_based_on_a_dated_record_prints_its_date_and_a_lost_id_says_so(case_1, render):
    from core.model.when import parse_when

    case = case_1.model_copy(deep=True)
    marrow = next(b for b in case.bm_assessments if b.bm_assessment_id == 102)
    marrow.day = parse_when("2023-05-04")
    case.response_assessments[0].basis_refs.csf = [999]
    text = all_text(render(case))
    responses = _responses(text)
    assert "BM 2023-05-04; CSF record not in this case; labs d30" in responses
    assert "2023-05-04" in text[text.index("Bone marrow"):text.index("Responses When")]


def test_kit_manuscript_table_has_the_same_basis(case_1, tmp_path):
    from core.kit import write_kit

    options = ReportOptions(deidentified=True, generated_at=GENERATED)
    write_kit(case_1, tmp_path / "kit", options=options, read_file=None)
    doc = Document(str(tmp_path / "kit" / "manuscript.docx"))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "BM d30; CSF d24; labs d30" in cells
    assert not any(re.search(r"\b(BM|CSF|molecular) #\d", c) for c in cells)
