"""Compare (a stranger's test): a case whose only response is a complete MRD response showed
"Best response: —", where the search summary counts it as "no overall response (other
categories only)"; and the Outcome row printed a calendar date for one case and a day number
(d229) for the other. Best response now says what search says, with the categories; days are
day numbers relative to Day 0, the date after it when one was entered."""

from __future__ import annotations

import copy

import pytest

from core.model import Case
from core.search.derived import CNS_ONLY, OTHER_ONLY
from core.services.compare import compare


def _rows(cases: list[Case]) -> dict[str, tuple[str, ...]]:
    return {r.label: r.values for r in compare(cases).rows}


def _with(doc: dict, case_id: str, *responses: tuple[str | None, str]) -> Case:
    doc = copy.deepcopy(doc)
    doc["case_id"] = case_id
    doc["response_assessments"] = [{"day": 30 + i, "scope": scope, "category": category,
                                    "line_no": 1, "src": "entered"}
                                   for i, (scope, category) in enumerate(responses)]
    return Case.model_validate(doc)


def test_a_complete_mrd_response_alone_is_not_a_dash(reference_docs):
    mrd_only = _with(reference_docs[1], "SYN-MRDONLY", ("mrd", "complete_MRD_response"))
    rows = _rows([Case.model_validate(reference_docs[0]), mrd_only])
    assert rows["Best response"] == (
        "CR", "no overall response (other categories only): complete MRD response")
    assert "Best response" in {r.label for r in compare(
        [Case.model_validate(reference_docs[0]), mrd_only]).rows if r.differs}


@pytest.mark.parametrize("responses, kind", [
    ([("mrd", "complete_MRD_response")], OTHER_ONLY),
    ([("overall", "complete_MRD_response")], OTHER_ONLY),
    ([("cns", "CNS_remission")], CNS_ONLY),
    ([("cns", "CR")], CNS_ONLY),
    ([("relapse_event", "relapse"), ("mrd", "MRD_failure")], OTHER_ONLY),
    ([("marrow_hematologic", "CRi"), ("mrd", "complete_MRD_response")], "CRi"),
    ([], "—"),
])
def test_compare_says_what_the_search_summary_counts(reference_docs, casebook, responses,
                                                     kind):
    case = _with(reference_docs[1], "SYN-RESP", *responses)
    other = Case.model_validate(reference_docs[0])
    shown = _rows([other, case])["Best response"][1]
    assert shown.split(":")[0] == kind
    casebook.cases.import_cases([case], source="test")
    summary = casebook.search.cohort_summary("")
    expected = {"not recorded": 1} if kind == "—" else {kind: 1}
    assert summary.by_best_response == expected


def test_outcome_days_are_day_numbers_with_the_date_entered(reference_docs):
    dated = copy.deepcopy(reference_docs[0])
    dated["case_report"]["day0"] = "2023-01-01"
    dated["outcome"]["last_known_alive_day"] = "2023-08-18"  # day 229
    rows = _rows([Case.model_validate(dated), Case.model_validate(reference_docs[1])])
    assert rows["Outcome"][0].endswith(", last known alive d229 (2023-08-18)")
    assert rows["Outcome"][1].endswith(", last known alive d204")
    dated["outcome"].update(vital_status="dead", death_day="2023-09", cause_of_death="disease")
    rows = _rows([Case.model_validate(dated), Case.model_validate(reference_docs[1])])
    assert ", died d243–d272 (2023-09)" in rows["Outcome"][0]
    dated["case_report"]["day0"] = None  # no Day 0 date: the date is all there is
    rows = _rows([Case.model_validate(dated), Case.model_validate(reference_docs[1])])
    assert rows["Outcome"][0].endswith(", died 2023-09")


def test_mrd_days_are_day_numbers_too(reference_docs):
    dated = copy.deepcopy(reference_docs[0])
    dated["case_report"]["day0"] = "2023-01-01"
    dated["mrd_assessments"][-1]["day"] = "2023-08-18"
    rows = _rows([Case.model_validate(dated), Case.model_validate(reference_docs[1])])
    assert rows["MRD (latest / best)"][0].startswith("latest d229 (2023-08-18): negative")
