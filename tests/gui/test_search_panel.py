"""Search in the app: the case list's box searches every case (real services, real database).

The data: the two reference cases (CNS3, blinatumomab) plus two near misses made from
reference case 2: blinatumomab but CNS1 only, and CNS3 without blinatumomab.
"""

from __future__ import annotations

import csv
import json
import re

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from gui.search_filters import join_range, split_range, with_filter
from gui.search_model import COL_SNIPPET, SPANS_ROLE, SearchCaseModel
from tests.gui.conftest import press

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
NEAR_CNS1 = "SEED-NEAR-BLINA-CNS1"
NEAR_NO_BLINA = "SEED-NEAR-CNS3-NOBLINA"
CNS3_BLINA = "cns:CNS3 drug:blinatumomab"


def blinatumomab_but_cns1(doc: dict) -> dict:
    copy = json.loads(re.sub(r'"CNS[23][abc]?"', '"CNS1"', json.dumps(doc)))
    copy.update(case_id=NEAR_CNS1, status="draft", csf_assessments=[], neuroimaging=[])
    copy["case_report"]["title"] = "Blinatumomab for marrow relapse, no CNS disease"
    return copy


def cns3_without_blinatumomab(doc: dict) -> dict:
    text = (json.dumps(doc).replace("Blinatumomab", "Inotuzumab")
            .replace("blinatumomab", "inotuzumab ozogamicin").replace("L01FX07", "L01FB01"))
    copy = json.loads(text)
    copy.update(case_id=NEAR_NO_BLINA, status="draft")
    return copy


@pytest.fixture
def search_cases(casebook, reference_docs):
    docs = [*reference_docs, blinatumomab_but_cns1(reference_docs[1]),
            cns3_without_blinatumomab(reference_docs[1])]
    casebook.cases.import_cases([Case.model_validate(d) for d in docs])
    return [d["case_id"] for d in docs]


@pytest.fixture
def win(search_cases, window):
    return window


def shown_ids(model) -> set[str]:
    return {model.summary(r).case_id for r in range(model.rowCount())}


def wait_for_search(qtbot, window) -> None:
    """Until the box's text has been searched (debounce + background) and shown."""
    model, box = window.case_model, window.case_list.filter_box
    qtbot.waitUntil(lambda: model.query.text == box.text() and not model.busy)


def search_for(qtbot, window, text: str) -> None:
    box = window.case_list.filter_box
    press(qtbot, window, "Ctrl+F")
    box.selectAll()
    qtbot.keyClicks(box, text)
    wait_for_search(qtbot, window)


class ImmediateRunner:
    """Runs the work at once on the calling thread (for the model tester)."""

    def start(self, work, on_done=None, on_failed=None, on_progress=None):
        on_done(work(None))


class HeldRunner:
    """Keeps the work until the test delivers the results, in any order."""

    def __init__(self):
        self.held = []

    def start(self, work, on_done=None, on_failed=None, on_progress=None):
        self.held.append((work, on_done))

    def deliver(self, index: int) -> None:
        work, on_done = self.held[index]
        on_done(work(None))


# -- the search box ------------------------------------------------------------------------
def test_typing_narrows_the_list_to_the_matching_cases(qtbot, win):
    assert win.case_model.total == 4
    search_for(qtbot, win, CNS3_BLINA)
    assert shown_ids(win.case_model) == {C1, C2}
    assert win.search_panel.count_label.text() == "2 cases match"
    # filters alone highlight no words: no Matches column (test_matches_column_with_words)
    assert win.case_list.table.isColumnHidden(COL_SNIPPET)
    search_for(qtbot, win, "cns:CNS3")
    assert shown_ids(win.case_model) == {C1, C2, NEAR_NO_BLINA}


def test_the_snippet_column_marks_the_matching_words(qtbot, win):
    search_for(qtbot, win, "cerebral parenchymal")
    row = win.case_model.row_of(C2)
    spans = win.case_model.index(row, COL_SNIPPET).data(SPANS_ROLE)
    assert any(s.hit and s.text.lower() in ("cerebral", "parenchymal") for s in spans)
    win.case_list.table.viewport().repaint()  # the delegate paints without error
    # its heading is drawn from the left: seen even when the column runs past a narrow list
    # (centred, a stranger at 1024x768 saw a column with no heading)
    alignment = win.case_model.headerData(COL_SNIPPET, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignLeft


def test_enter_opens_the_first_result(qtbot, win):
    search_for(qtbot, win, CNS3_BLINA)
    first = win.case_model.summary(0).case_id
    qtbot.keyClick(win.case_list.filter_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.session.case_id() == first)
    assert win.editor.current_case().case_id == first


def test_a_malformed_query_shows_the_bad_part_and_keeps_the_results(qtbot, win):
    search_for(qtbot, win, "cns:CNS3")
    qtbot.keyClicks(win.case_list.filter_box, " age:..x")
    wait_for_search(qtbot, win)
    label = win.search_panel.problem_label
    assert label.isVisible()
    assert "not a number" in label.text()
    assert re.search(r"<span style='[^']*'>\.\.x</span>", label.text())
    assert shown_ids(win.case_model) == {C1, C2, NEAR_NO_BLINA}
    qtbot.keyClick(win.case_list.filter_box, Qt.Key.Key_Return)  # nothing opens, no error
    assert win.session.case_id() is None
    search_for(qtbot, win, "cns:CNS4")
    assert "is not a CNS status" in label.text()
    search_for(qtbot, win, "drug:blinatumomab")
    assert not label.isVisible()


def test_an_empty_query_shows_every_case(qtbot, win):
    search_for(qtbot, win, CNS3_BLINA)
    win.case_list.filter_box.clear()
    wait_for_search(qtbot, win)
    assert not win.case_model.searching
    assert win.case_model.total == 4
    assert win.case_list.table.isColumnHidden(COL_SNIPPET)


def test_sort_by_title_then_back_to_relevance(qtbot, win):
    search_for(qtbot, win, "blinatumomab")
    combo = win.search_panel.sort_combo
    combo.setCurrentIndex(combo.findData("title"))
    wait_for_search(qtbot, win)
    titles = [win.case_model.summary(r).title for r in range(win.case_model.rowCount())]
    assert titles == sorted(titles)
    win.case_model.sort(COL_SNIPPET)  # a click on the Matches header
    assert win.case_model.search_sort == "relevance"


# -- the filter panel ----------------------------------------------------------------------
def test_the_filter_panel_builds_the_query_text(qtbot, win):
    panel = win.search_panel.filter_panel
    qtbot.mouseClick(win.search_panel.filters_button, Qt.MouseButton.LeftButton)
    assert panel.isVisible()
    panel.fields["cns"].setCurrentText("CNS3")
    qtbot.keyClicks(panel.fields["dx"], "B-ALL")
    qtbot.keyClicks(panel.fields["ae"], "crs")
    panel.fields["ae_grade"].setCurrentText(">=2")
    qtbot.keyClicks(panel.ranges["age"][0], "18")
    qtbot.keyClicks(panel.ranges["age"][1], "40")
    box = win.case_list.filter_box
    assert box.text() == "cns:CNS3 dx:B-ALL ae:crs>=2 age:18..40"
    panel.fields["cns"].setCurrentText("")
    assert box.text() == "dx:B-ALL ae:crs>=2 age:18..40"
    wait_for_search(qtbot, win)
    assert win.case_model.searching


def test_the_filter_panel_shows_what_the_box_holds(qtbot, win):
    panel = win.search_panel.filter_panel
    win.case_list.filter_box.setText("relapse mrd:negative sex:f day0:2022..")
    assert panel.fields["mrd"].currentText() == "negative"
    assert panel.fields["sex"].currentText() == "female"  # sex:f, shown in words
    assert (panel.ranges["day0"][0].text(), panel.ranges["day0"][1].text()) == ("2022", "")
    qtbot.keyClicks(panel.fields["drug"], "blinatumomab")
    assert win.case_list.filter_box.text() == (
        "relapse mrd:negative sex:f day0:2022.. drug:blinatumomab")


def test_query_text_helpers():
    from core.search import Filter

    assert with_filter("a cns:CNS1 b", "cns", Filter("cns", "CNS3")) == "a cns:CNS3 b"
    assert with_filter("a -cns:CNS1", "cns", None) == "a -cns:CNS1"  # negated: the user's
    assert with_filter('a "unclosed', "sex", Filter("sex", "f")) == 'a "unclosed sex:f'
    assert [split_range(v) for v in ("18..40", ">=3", "<=5", "2022")] == [
        ("18", "40"), ("3", ""), ("", "5"), ("2022", "2022")]
    assert [join_range(*p) for p in (("18", "40"), ("3", ""), ("", "5"), ("7", "7"))] == [
        "18..40", "3..", "..5", "7"]


# -- saved searches, export, summary -------------------------------------------------------
def test_save_run_and_delete_a_saved_search(qtbot, win, prompter, casebook):
    search_for(qtbot, win, CNS3_BLINA)
    saved = win.search_panel.saved
    prompter.script("ask_text", "CNS3 on blinatumomab")
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    assert saved.names() == ["CNS3 on blinatumomab"]
    assert [s.query for s in casebook.search.list_saved()] == [CNS3_BLINA]
    win.case_list.filter_box.clear()
    wait_for_search(qtbot, win)
    item = saved.list.item(0)
    qtbot.mouseClick(saved.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=saved.list.visualItemRect(item).center())
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == CNS3_BLINA
    assert shown_ids(win.case_model) == {C1, C2}
    saved.list.setCurrentRow(0)
    saved.list.setFocus()
    qtbot.keyClick(saved.list, Qt.Key.Key_Delete)
    assert saved.names() == []
    assert casebook.search.list_saved() == []


def test_export_the_results_to_csv(qtbot, win, prompter, tmp_path):
    search_for(qtbot, win, CNS3_BLINA)
    target = tmp_path / "hits.csv"
    prompter.script("choose_save_file", target)
    messages = []
    win.search_panel.message.connect(messages.append)
    win.commands.export_results.trigger()
    qtbot.waitUntil(lambda: bool(messages))
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["case_id"] for r in rows} == {C1, C2}
    assert messages == [f"Exported 2 cases to {target}."]


def test_cohort_summary_of_the_results(qtbot, win, casebook):
    search_for(qtbot, win, "cns:CNS3")
    qtbot.mouseClick(win.search_panel.summary_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.search_panel.cohort_dialog is not None)
    dialog = win.search_panel.cohort_dialog
    expected = casebook.search.cohort_summary("cns:CNS3")
    assert expected.by_diagnosis == {"B-ALL": 2, "CML": 1}
    text = dialog.text()
    assert "Cases: 3" in text
    assert "    B-ALL: 2" in text and "    CML: 1" in text
    assert f"Adverse event grade ≥3: {expected.ae_grade3_or_worse}" in text
    low, high = expected.age_range
    assert f"years (range {low:g}–{high:g})" in text
    assert "Sex:" in text and all(f"    {k}: {n}" in text for k, n in expected.by_sex.items())
    assert f"Cytokine release syndrome (any grade): {expected.with_crs}" in text
    assert f"ICANS (any grade): {expected.with_icans}" in text
    assert f"MRD negative (LoD ≤10⁻⁴) at an assessment: {expected.mrd_negative}" in text
    dialog.close()


# -- the model -----------------------------------------------------------------------------
def test_only_the_latest_search_is_applied(qtbot, casebook, search_cases):
    runner = HeldRunner()
    model = SearchCaseModel(casebook.cases, casebook.search, runner)
    model.set_filter_text("cns:CNS3")
    model.set_filter_text(CNS3_BLINA)
    runner.deliver(1)
    runner.deliver(0)  # the older answer arrives last: dropped
    assert shown_ids(model) == {C1, C2}
    assert model.total == 2


def test_search_model_passes_qtmodeltester(qtmodeltester, casebook, search_cases):
    model = SearchCaseModel(casebook.cases, casebook.search, ImmediateRunner())
    qtmodeltester.check(model, force_py=True)
    model.set_filter_text("blinatumomab")
    assert model.rowCount() == 3
    qtmodeltester.check(model, force_py=True)
