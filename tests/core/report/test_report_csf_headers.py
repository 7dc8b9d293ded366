"""Every column header of the PDF's CSF table matches the values under it (a stranger's report:
"Blasts on cytospin (%)" stood over "yes"). The columns were never shifted; the header of the
column that folds presence and percentage named a unit its cells do not have."""

from __future__ import annotations

import re

from core.model import Case
from core.model.diagnostics import CsfAssessment
from core.report import ReportOptions
from core.report.blocks import label
from core.report.columns import captured_rows
from core.report.document import make_context, set_up_reportlab
from core.report.sections_cns import csf_section
from tests.core.report.pdftext import all_text

UNIT_IN_HEADER = re.compile(r"\(([^()]*)\)$")
BARE_NUMBERS = re.compile(r"^[\d.,?\s/−-]*$")  # "25", "0.32", "20 / 3", "? / 3"


def _sparse(case_1: Case) -> Case:
    """case 1 with CSF samples leaving flow, protein, glucose and blood counts empty, blasts
    present with and without a percentage."""
    doc = case_1.to_json_dict()
    template = {"day": 3, "sample_route": "lumbar_puncture", "src": "entered"}
    doc["csf_assessments"] = [
        {**template, "wbc_per_uL": 25.0, "rbc_per_uL": 3.0, "blasts_present_cytospin": "yes"},
        {**template, "day": 24, "wbc_per_uL": 48.0, "blasts_present_cytospin": "yes",
         "blast_pct_cytospin": 78.0, "protein_g_L": 0.78},
        {**template, "day": 40, "blasts_present_cytospin": "not_evaluable"}]
    return Case.model_validate(doc)


def _rows(case: Case):
    set_up_reportlab()
    ctx = make_context(case, ReportOptions())
    with captured_rows() as rows:
        csf_section(ctx)
    return ctx, [rows[id(c)] for c in case.csf_assessments]


def test_every_csf_header_matches_its_values(case_1):
    case = _sparse(case_1)
    ctx, rows = _rows(case)
    assert len(rows) == 3
    for record, row in zip(case.csf_assessments, rows, strict=True):
        assert len(row.columns) == len(row.cells)
        for column, text in zip(row.columns, row.cells, strict=True):
            if UNIT_IN_HEADER.search(column.header) and not column.derived:
                # a header naming a unit stands over bare numbers (or nothing)
                assert BARE_NUMBERS.match(text), (column.header, text)
            if column.key in CsfAssessment.model_fields and column.header == label(
                    CsfAssessment, column.key):
                # a field's column: its own value first (blasts: "yes, 78%"), in its own column
                assert text.startswith(ctx.fmt.field(record, column.key, unit=False)), column.header
    blasts = [r.cells[[c.key for c in r.columns].index("blasts_present_cytospin")] for r in rows]
    assert blasts == ["yes", "yes, 78%", "not evaluable"]
    header = next(c.header for c in rows[0].columns if c.key == "blasts_present_cytospin")
    assert header == "Blasts on cytospin"


def test_the_pdf_heads_the_blasts_column_without_a_unit(case_1, render):
    text = all_text(render(_sparse(case_1)))
    csf = text[text.index("Cerebrospinal fluid and CNS status"):]
    csf = csf[:csf.index("Neuroimaging")]
    assert "Blasts on cytospin" in csf and "Blasts on cytospin (%)" not in csf
    assert "yes, 78%" in csf
