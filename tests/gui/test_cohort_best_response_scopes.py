"""The cohort Summary's best response: a case whose only responses are CNS ones (CNS remission)
has no overall best response (the best_response facet ranks overall responses only, as
before), but it is not 'not recorded' either: it is counted as 'no overall response (CNS
only)'; a case with other categories only (a molecular response, relapse) as 'no overall
response (other categories only)'. Found by a stranger run (hematologist): 'Best response:
CR: 1; not recorded: 1' for a case with a recorded CNS remission."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from core.search.cohort import CNS_ONLY, NOT_RECORDED, OTHER_ONLY
from tests.gui.test_search_panel import search_for

CR, CNS, MOLECULAR, NONE = "SEED-C2-CAO2023", "SEED-CNS-ONLY", "SEED-MR4-ONLY", "SEED-NO-RESP"


def _with_responses(doc: dict, case_id: str, keep: str | None) -> dict:
    out = copy.deepcopy(doc)
    out["case_id"], out["status"] = case_id, "draft"
    out["response_assessments"] = [r for r in out["response_assessments"]
                                   if keep is not None and r["scope"] == keep]
    return out


@pytest.fixture
def win(casebook, reference_docs, window):
    c2 = next(d for d in reference_docs if d["case_id"] == CR)
    molecular = _with_responses(reference_docs[0], MOLECULAR, "molecular_cml")
    docs = [c2, _with_responses(c2, CNS, "cns"), molecular, _with_responses(c2, NONE, None)]
    casebook.cases.import_cases([Case.model_validate(d) for d in docs])
    window.case_model.reload()
    return window


def test_cns_only_responses_are_not_counted_as_not_recorded(qtbot, win, casebook):
    summary = casebook.search.cohort_summary("drug:blinatumomab")
    assert summary.total == 4
    assert summary.by_best_response == {"CR": 1, CNS_ONLY: 1, OTHER_ONLY: 1, NOT_RECORDED: 1}

    # consistent with the search facets: the CNS-only case has a CNS remission, no overall one
    assert [h.case_id for h in casebook.search.search(
        "drug:blinatumomab response:CNS_remission").hits if h.case_id != CR] == [CNS]
    assert {h.case_id for h in casebook.search.search("response:CR").hits} == {CR}

    search_for(qtbot, win, "drug:blinatumomab")
    panel = win.search_panel
    qtbot.mouseClick(panel.summary_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.cohort_dialog is not None and panel.cohort_dialog.isVisible())
    shown = panel.cohort_dialog.text()
    assert "Cases: 4" in shown
    best = shown[shown.index("Best response:"):]
    for line in ("CR: 1", "no overall response (CNS only): 1",
                 "no overall response (other categories only): 1", "not recorded: 1"):
        assert line in best
