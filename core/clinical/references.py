"""References between the records of a case that name a record the case does not hold.

A response assessment's basis (``basis_refs``) names marrow, CSF, imaging and molecular records
by their own id (the record's Id, typed in "More of the row") and labs, MRD assessments and
neurological examinations by their day number; a diagnosis's lineage evidence
(``lineage_evidence``) names immunophenotype panels and molecular tests by their Id. A number
that names no record of the case is a broken reference: rule V33 reports it, and an import
names it (cheap: no evaluation).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from core.clinical.days import Days
from core.model import Case

# basis_refs field -> (case list, the records' id field, what one record is called, section)
BY_ID = {
    "bm": ("bm_assessments", "bm_assessment_id", "marrow assessment", "Bone marrow"),
    "csf": ("csf_assessments", "csf_assessment_id", "CSF assessment", "CSF & CNS"),
    "imaging": ("neuroimaging", "neuroimaging_id", "neuroimaging study", "Neuroimaging"),
    "molecular": ("molecular_tests", "molecular_test_id", "molecular test", "Molecular"),
}
BY_DAY = {
    "lab_days": ("labs", "lab result"),
    "mrd_days": ("mrd_assessments", "MRD assessment"),
    "neuro_exam_days": ("neuro_exams", "neurological examination"),
}


def broken_references(case: Case) -> Iterator[tuple[str, str]]:
    """(field path, message) for each number in a diagnosis's lineage evidence or a
    response's basis that names no record of the case. A day is only judged when the records'
    days are known (a record dated by a calendar date needs Day 0's date); a partial date
    matches any day it covers."""
    yield from _broken_lineage_evidence(case)
    days = Days(case.case_report.day0)
    for i, r in enumerate(case.response_assessments):
        refs = r.basis_refs
        if refs is None:
            continue
        path = f"response_assessments[{i}].basis_refs"
        for name, (records, key, noun, section) in BY_ID.items():
            ids = {getattr(x, key) for x in getattr(case, records)}
            for n in _missing(getattr(refs, name), ids.__contains__):
                yield f"{path}.{name}", (
                    f"No {noun} of this case has Id {n}: type the Id the {noun} has in "
                    f"{section} (its row's \"More of the row\"), or give it that Id there")
        for name, (records, noun) in BY_DAY.items():
            spans = [days.span(x.day) for x in getattr(case, records)]
            if any(s is None for s in spans):  # a day that cannot be known: not judged
                continue
            for n in _missing(getattr(refs, name), lambda d, spans=spans: any(
                    s.first <= d <= s.last for s in spans if s is not None)):
                yield f"{path}.{name}", (f"No {noun} of this case is on day {n} (d{n}): type "
                                         f"the day its row shows in the Day column")


def _broken_lineage_evidence(case: Case) -> Iterator[tuple[str, str]]:
    """Lineage evidence names immunophenotype panels and molecular tests by their Id (the PDF
    printed an id of neither as a bare '#999', and nothing else said so)."""
    ids = {p.panel_id for p in case.immunophenotype_panels}
    ids |= {t.molecular_test_id for t in case.molecular_tests}
    for i, d in enumerate(case.diagnoses):
        for n in _missing(d.lineage_evidence, ids.__contains__):
            yield f"diagnoses[{i}].lineage_evidence", (
                f"No immunophenotype panel or molecular test of this case has Id {n}: type the "
                "Id the panel has in Immunophenotype or the test in Molecular (its row's \"More "
                "of the row\"), or give it that Id there")


def _missing(numbers: Sequence[int] | None, found: Any) -> list[int]:
    return list(dict.fromkeys(n for n in numbers or () if not found(n)))
