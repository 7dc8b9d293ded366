"""The manuscript's patient sentence reads Day 0's definition as a sentence does (a
hematologist's stranger run): typed as a clinician types a field, 'Diagnosis of B-ALL', it read
"Day 0 is the Diagnosis of B-ALL." (and 'The first day of …' "Day 0 is the The first day …").
A word's capital is made small; an abbreviation (B-ALL, HSCT) keeps its capitals."""

from __future__ import annotations

import pytest

from tests.core.kit.manuscript_text import manuscript_text, reference_case


@pytest.mark.parametrize("typed, sentence", [
    ("Diagnosis of B-ALL", "; Day 0 is the diagnosis of B-ALL."),
    ("The first day of blinatumomab", "; Day 0 is the first day of blinatumomab."),
    ("HSCT (day of infusion)", "; Day 0 is the HSCT (day of infusion)."),
    ("diagnosis of B-ALL (index diagnosis)", "; Day 0 is the diagnosis of B-ALL (index diagnosis)."),
])
def test_the_day0_definition_reads_as_part_of_the_sentence(typed, sentence):
    case = reference_case(1)
    case.case_report.day0_definition = typed
    text = manuscript_text(case)
    patient = next(p for p in text.paragraphs if p.startswith("The patient was"))
    assert patient.endswith(sentence), patient
