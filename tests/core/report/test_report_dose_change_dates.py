"""A dose change's When reads as every other table's When in the identified PDF and the kit's
manuscript (stranger test: with Day 0 2023-03-15, a blinatumomab step-up on d182 printed "d182"
alone in Dose changes, while Bone marrow, CSF, Responses and Adverse events gave each day its
date under it, as the README promises for "a table's When cell"). The de-identified PDF keeps
the day number only."""

from __future__ import annotations

from core.model import Case
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import all_text, table_rows

DOC = {
    "case_id": "SYN-STEP", "case_report": {"title": "A dose step", "day0": "2023-03-15"},
    "treatment_lines": [{
        "line_no": 3, "intent": "salvage_reinduction", "regimen_name": "blinatumomab",
        "start_day": 175, "end_day": 202,
        "administrations": [{
            "drug_inn": "blinatumomab", "atc": "L01FX07", "role": "antineoplastic",
            "route": "CIV", "dose": 9, "dose_unit": "ug/d", "frequency": "continuous_infusion",
            "start_day": 175, "end_day": 181,
            "modifications": [
                {"day": 182, "kind": "escalation", "new_dose": 28},
                {"day": "2023-09-20", "kind": "interruption", "duration_hours": 24}]}]}],
}


def test_a_dose_change_gives_its_day_and_its_date(render):
    pdf = render(Case.model_validate(DOC))
    changes = table_rows(pdf, "Dose changes")
    # (the lines of the When column, top to bottom: each day, its date under it)
    assert [r[0] for r in changes] == ["d182", "2023-09-13", "d189", "2023-09-20"]
    table = manuscript_text(Case.model_validate(DOC)).tables["Dose changes."]
    assert [row[0] for row in table[1:]] == ["d182\n2023-09-13", "d189\n2023-09-20"]


def test_deidentified_dose_changes_keep_day_numbers_only(render):
    pdf = render(Case.model_validate(DOC), deidentified=True)
    assert [r[0] for r in table_rows(pdf, "Dose changes")] == ["d182", "d189"]
    assert "2023-09" not in all_text(pdf)
