"""A line's drugs print by date with each drug's steps together, in the PDF and in the kit's
manuscript alike (a hematologist's review, stranger run item 16): the PDF sorted Line 3 by date
alone, which put the premedication and the triple IT between blinatumomab's 9 and 28 µg/day
steps, while the manuscript listed them as entered, the steps together: the two disagreed."""

from __future__ import annotations

import pytest

from core.model import Case
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import table_rows

LINE_3 = "Line 3: blinatumomab monotherapy (cycle 1) + CNS-directed triple IT (salvage " \
         "re-induction)"
KIT_LINE_3 = "Line 3: blinatumomab monotherapy (cycle 1) + CNS-directed triple IT, drugs."
STEPS = [("blinatumomab", "9 µg/day"), ("blinatumomab", "28 µg/day"),
         ("dexamethasone", "20 mg"), ("methotrexate", "10 mg"), ("cytarabine", "50 mg"),
         ("dexamethasone", "5 mg")]


def _pdf_steps(pdf: bytes) -> list[tuple[str, str]]:
    return [(row[0], row[2]) for row in table_rows(pdf, LINE_3) if row[0].isalpha()]


def _kit_steps(case: Case) -> list[tuple[str, str]]:
    rows = manuscript_text(case).tables[KIT_LINE_3][1:]
    return [(row[0].split()[0], row[2]) for row in rows]


@pytest.mark.parametrize("which", [0, 1])
def test_blinatumomab_steps_print_together_in_pdf_and_manuscript(reference_cases, render,
                                                                 which):
    case = reference_cases[which]
    assert _pdf_steps(render(case)) == STEPS
    assert _kit_steps(case) == STEPS


def test_both_documents_reorder_the_drugs_typed_in_another_order(case_1, render):
    doc = case_1.to_json_dict()
    line_3 = doc["treatment_lines"][2]
    line_3["administrations"] = line_3["administrations"][::-1]  # 28 µg/day before 9 µg/day
    # a second cycle after its 14-day break, with an IT on its second day: the cycle's
    # blinatumomab starts a group of its own, after the first cycle's drugs; the IT, given
    # outside the cycles as the others, is a later step of the line's IT methotrexate
    line_3["administrations"] += [
        {"drug_inn": "methotrexate", "role": "cns_treatment", "route": "IT", "dose": 12,
         "dose_unit": "mg", "start_day": 243},
        {"drug_inn": "blinatumomab", "role": "antineoplastic", "route": "CIV", "dose": 28,
         "dose_unit": "ug/d", "cycle_no": 2, "start_day": 242, "end_day": 269}]
    case = Case.model_validate(doc)
    expected = [("dexamethasone", "20 mg"), ("blinatumomab", "9 µg/day"),
                ("blinatumomab", "28 µg/day"), ("dexamethasone", "5 mg"),
                ("cytarabine", "50 mg"), ("methotrexate", "10 mg"),
                ("methotrexate", "12 mg"), ("blinatumomab", "28 µg/day")]
    assert _pdf_steps(render(case)) == expected
    assert _kit_steps(case) == expected
    assert case.treatment_lines[2].administrations[0].dose == 5  # the case keeps its order
