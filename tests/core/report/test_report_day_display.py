"""One day reads alike in the identified PDF however it was typed (a stranger run: with Day 0
2025-03-15, a marrow typed as that date printed "2025-03-15", the timeline "d0" for the
diagnosis, a d35 marrow "d35" and a CSF typed as 2025-04-19 "2025-04-19", the same day 35).
As the editor's timeline has it, a table's When gives the day number and, under it, its date;
the timeline table a Day and a Date column. The de-identified PDF keeps day numbers only."""

from __future__ import annotations

import re

from core.model import Case
from tests.core.report.pdftext import all_text, table_rows

DOC = {
    "case_id": "SYN-DAYS", "case_report": {"title": "Days and dates", "day0": "2025-03-15"},
    "diagnoses": [{"day": "2025-03-15", "role": "initial", "entity": "B-ALL"}],
    "bm_assessments": [
        {"day": "2025-03-15", "specimen": "bm_aspirate", "blast_pct_morphology": 80},
        {"day": 35, "specimen": "bm_aspirate", "blast_pct_morphology": 1}],
    "csf_assessments": [{"day": "2025-04-19"}],
    "patient": {"birth_date": "1990-01-02"},
}


def test_each_day_is_its_day_number_with_its_date(render):
    pdf = render(Case.model_validate(DOC))
    # (the lines of the When column, top to bottom: each day, its date under it)
    marrow = table_rows(pdf, "Bone marrow")
    assert [r[0] for r in marrow] == ["d0", "2025-03-15", "d35", "2025-04-19"]
    csf = table_rows(pdf, "Cerebrospinal fluid and CNS status")
    assert [r[0] for r in csf] == ["d35", "2025-04-19"]
    assert [r[0] for r in table_rows(pdf, "Diagnoses")] == ["d0", "2025-03-15"]
    text = all_text(pdf)
    bm = text[text.index("Bone marrow"):text.index("Immunophenotype")]
    assert "d0 2025-03-15" in bm and "d35 2025-04-19" in bm  # the date under the day
    timeline = [r[:2] for r in table_rows(pdf, "Timeline")]
    assert ["d0", "2025-03-15"] in timeline and ["d35", "2025-04-19"] in timeline
    assert not any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) for day, _ in timeline)
    assert "1990-01-02" in text  # a birth date is no day of the course


def test_deidentified_keeps_day_numbers_only(render):
    pdf = render(Case.model_validate(DOC), deidentified=True)
    text = all_text(pdf)
    assert "2025-" not in text and "1990-01-02" not in text
    assert [r[0] for r in table_rows(pdf, "Bone marrow")] == ["d0", "d35"]
    assert [r[:1] for r in table_rows(pdf, "Timeline")][:1] == [["d0"]]
