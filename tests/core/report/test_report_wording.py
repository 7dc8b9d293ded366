"""PDF wording a stranger run (a hematology fellow) found redundant: a CRS whose term is "CRS"
read "CRS (CRS, d41): ASTCT 2019 grade 2"; a continuous infusion's Route and Schedule read
"IV continuous | continuous infusion". Now "CRS (d41): …" and "IV | continuous infusion"."""

from __future__ import annotations

from core.model import Case
from core.report import ReportOptions
from core.report.document import make_context, set_up_reportlab
from core.report.sections_treatment import _line_title
from tests.core.report.pdftext import all_text, table_rows


def test_a_crs_termed_crs_is_not_named_twice(case_2, render):
    doc = case_2.to_json_dict()
    doc["adverse_events"][0]["term"] = "CRS"
    text = all_text(render(Case.model_validate(doc)))
    assert "CRS (CRS" not in text
    assert "CRS (d175): ASTCT 2019 grade" in text
    # a term that says more than the kind is kept
    assert "CRS (Cytokine release syndrome, d175): ASTCT 2019 grade" in all_text(render(case_2))


def test_a_continuous_infusion_is_not_said_twice(case_1, render):
    pdf = render(case_1)
    assert "IV continuous continuous infusion" not in all_text(pdf)  # (cells run together)
    set_up_reportlab()
    ctx = make_context(case_1, ReportOptions())
    rows = [r for line in case_1.treatment_lines
            for r in table_rows(pdf, _line_title(ctx, line))]
    blina = [r for r in rows if r[0].startswith("blinatumomab")]
    assert len(blina) == 2, rows
    for row in blina:  # Drug, Role, Dose, Route, Schedule (first lines)
        assert row[3] == "IV" and row[4] == "continuous infusion", row
