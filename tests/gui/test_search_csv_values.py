"""Search, then CSV… under the results: the file writes the values as the app shows them: the
CNS status and best response as the Summary and the filters spell them (CNS1, CR, CRh, not
cns1, cr, crh), and each case's Day 0 as the list's Day 0 column shows it."""

from __future__ import annotations

import csv
import json

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from gui.list_columns import COL_DAY0
from tests.gui.test_search_panel import search_for

C1, C2, CRH = "SEED-C1-CAO2023", "SEED-C2-CAO2023", "SEED-CRH-DATED"


def crh_case(doc: dict) -> dict:
    """Reference case 2 whose responses are CRh, with a Day 0 date."""
    copy = json.loads(json.dumps(doc).replace('"category": "CR"', '"category": "CRh"'))
    copy.update(case_id=CRH, status="draft")
    copy["case_report"]["day0"] = "2023-04-18"
    return copy


@pytest.fixture
def win(casebook, reference_docs, window):
    docs = [*reference_docs, crh_case(reference_docs[1])]
    casebook.cases.import_cases([Case.model_validate(d) for d in docs])
    window.case_model.reload()
    return window


def test_csv_of_the_hits_writes_values_as_the_app_shows_them(qtbot, win, prompter, tmp_path,
                                                              casebook):
    search_for(qtbot, win, "blinatumomab")
    model = win.case_model
    listed_day0 = {model.summary(r).case_id: model.index(r, COL_DAY0).data()
                   for r in range(model.rowCount())}
    assert listed_day0[CRH] == "2023-04-18"
    target = tmp_path / "hits.csv"
    prompter.script("choose_save_file", target)
    messages: list[str] = []
    win.search_panel.message.connect(messages.append)
    qtbot.mouseClick(win.search_panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages))
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = {r["case_id"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {C1, C2, CRH}
    assert (rows[C2]["cns_at_diagnosis"], rows[C2]["best_response"]) == ("CNS1", "CR")
    assert rows[CRH]["best_response"] == "CRh"
    for case_id, row in rows.items():
        assert row["day0"] == (listed_day0[case_id] or ""), case_id
    # the same words as the Summary of the same hits
    summary = casebook.search.cohort_summary("blinatumomab")
    assert set(summary.by_best_response) == {r["best_response"] for r in rows.values()}
    assert set(summary.by_cns_at_diagnosis) == {r["cns_at_diagnosis"] for r in rows.values()}
