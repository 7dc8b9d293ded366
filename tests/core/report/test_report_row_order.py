"""The PDF's dated tables print their rows by when (CASE-MODEL: a partial date sorts by its first
day; ties keep entry order; undated last), not in the order the entries were typed; the case
itself keeps its entry order, and the numbered notes follow the printed rows."""

from __future__ import annotations

import re

from core.model import Case, When
from tests.core.report.pdftext import all_text, table_rows

DAY = re.compile(r"^d(-?\d+)")
DATED_TABLES = ("Diagnoses", "Bone marrow", "Immunophenotype", "Molecular genetics",
                "Cerebrospinal fluid and CNS status", "Laboratory results",
                "Clinical findings", "Responses", "Measurable residual disease", "Adverse events")
DATED_LISTS = ("diagnoses", "bm_assessments", "immunophenotype_panels", "molecular_tests",
               "csf_assessments", "labs", "clinical_findings", "response_assessments",
               "mrd_assessments", "adverse_events")
ADVERSE_EVENTS = [
    {"term": "Febrile neutropenia", "grading_system": "CTCAE-5.0", "grade": 3, "onset_day": 12,
     "outcome": "recovered"},
    {"term": "Cytokine release syndrome", "grading_system": "ASTCT-2019", "grade": 2,
     "onset_day": 203, "outcome": "recovered"},
    {"term": "Headache", "grading_system": "CTCAE-5.0", "grade": 1, "onset_day": 194,
     "outcome": "recovered"},
]


def _days(rows: list[list[str]]) -> list[int]:
    """The day of each row whose first cell is a day (``d30 †`` -> 30)."""
    return [int(m.group(1)) for row in rows if (m := DAY.match(row[0]))]


def _first_cells(rows: list[list[str]]) -> list[str]:
    return [row[0] for row in rows if DAY.match(row[0])]


def test_a_lab_moved_to_day_150_prints_between_day_30_and_day_196(case_1, render):
    doc = case_1.to_json_dict()
    doc["labs"][0]["day"] = 150
    case = Case.model_validate(doc)
    rows = table_rows(render(case), "Laboratory results")
    days = _days(rows)
    assert days == sorted(days) and days[0] == 0
    assert days.index(150) == days.count(0) + days.count(30)
    assert next(r for r in rows if r[0].startswith("d150"))[1] == "WBC"
    assert case.labs[0].day == When(day=150)  # the case keeps its entry order


def test_responses_print_by_day_and_the_note_stays_on_its_row(case_1, render):
    doc = case_1.to_json_dict()
    responses = doc["response_assessments"]
    responses.append(responses.pop(0))  # the d30 marrow response (with a note) typed last
    rows = table_rows(render(Case.model_validate(doc)), "Responses")
    assert _days(rows) == [30, 30, 120, 196, 229, 229, 229, 229]
    # ties keep entry order: the d30 MRD response was typed before the d30 marrow one now
    assert rows[0][2:4] == ["MRD", "MRD failure"]
    assert rows[1][0] == "d30 ¹" and rows[1][2] == "marrow"


def test_every_dated_table_prints_by_when_whatever_the_entry_order(case_1, render):
    doc = case_1.to_json_dict()
    doc["adverse_events"] = ADVERSE_EVENTS
    doc["case_report"]["adverse_events_status"] = "recorded"
    for name in DATED_LISTS:
        doc[name] = doc[name][::-1]
    pdf = render(Case.model_validate(doc))
    for heading in DATED_TABLES:
        days = _days(table_rows(pdf, heading))
        assert len(days) >= 2, heading
        assert days == sorted(days), (heading, days)


def test_partial_dates_sort_by_their_first_day_and_undated_entries_come_last(case_1, render):
    doc = case_1.to_json_dict()
    doc["case_report"]["day0"] = "2023-04-18"
    labs = doc["labs"]
    labs[0]["day"] = "2023-06"  # d44–d73: after the d30 labs, before d196
    labs[1]["day"] = "2023-04-20"  # d2
    labs[2]["day"] = None
    labs[2]["nf"] = {"day": "unknown"}
    rows = table_rows(render(Case.model_validate(doc), deidentified=True), "Laboratory results")
    firsts = _first_cells(rows)
    days = _days(rows)
    assert days == sorted(days)
    assert firsts.index("d2 †") == days.count(0)
    assert firsts.index("d44–d73 †") == days.count(0) + 1 + days.count(30)
    assert rows[-1][0].startswith("unknown") and rows[-1][1] == "Platelets"


def test_numbered_notes_follow_the_printed_rows(case_1, render):
    doc = case_1.to_json_dict()
    csf = doc["csf_assessments"]
    csf.insert(0, csf.pop(4))  # the d229 sample (second note) typed first
    pdf = render(Case.model_validate(doc))
    # the first column: each day, with its note's number beside it (the column made wide
    # enough: it was on the line below)
    firsts = [row[0] for row in table_rows(pdf, "Cerebrospinal fluid and CNS status")]
    assert firsts == ["d3 †", "d24 †", "d197 † ¹", "d214 †", "d229 † ²"]
    text = all_text(pdf)
    assert "¹ CNS leukemia at relapse is reported" in text
    assert "² CNS complete remission after blinatumomab" in text


def test_drugs_of_a_line_print_by_their_first_day_even_from_cycle_days_alone(case_1, render):
    doc = case_1.to_json_dict()
    line_1, line_3 = doc["treatment_lines"][0], doc["treatment_lines"][2]
    line_3["administrations"] = line_3["administrations"][::-1]
    # cycle 1 day 15 of a line whose cycle 1 day 1 is d2: d16, after the d2 and d3 drugs
    line_1["administrations"].insert(0, {"drug_inn": "pegaspargase", "role": "antineoplastic",
                                         "cycle_no": 1, "cycle_day_start": 15})
    pdf = render(Case.model_validate(doc))
    third = "Line 3: blinatumomab monotherapy (cycle 1) + CNS-directed triple IT (salvage " \
            "re-induction)"
    drugs = [r[0] for r in table_rows(pdf, third) if r[0].isalpha()]
    # d200: dexamethasone, blinatumomab (reversed entry order) with its d207 step; d201: the
    # three IT drugs
    assert drugs == ["dexamethasone", "blinatumomab", "blinatumomab", "dexamethasone",
                     "cytarabine", "methotrexate"]
    first = [r[0] for r in table_rows(pdf, "Line 1: VDCP + dasatinib (induction)")
             if r[0].isalpha()]
    assert first[-1] == "pegaspargase" and first[0] != "pegaspargase"


def test_cns_episodes_print_by_day(case_1, render):
    doc = case_1.to_json_dict()
    doc["response_assessments"].append({"day": 100, "line_no": 2, "scope": "relapse_event",
                                        "category": "relapse", "criteria_system": "NCCN-ALL"})
    rows = table_rows(render(Case.model_validate(doc)), "CNS status of each episode (derived)")
    names = [r[0] for r in rows if "," in r[0]]
    assert names[0] == "initial diagnosis, d0"
    assert names[1].startswith("relapse (relapse), d100")
