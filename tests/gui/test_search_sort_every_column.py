"""A search's hits sort by every column of the list from the sort box (gap: Case id, Status
and Diagnosis were hidden from it while searching), Title and Case id in natural order
("Case 2" before "Case 10"), without case or accents, as the list sorts them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.test_search_panel import wait_for_search
from tests.gui.test_sort_box_names_the_sort import offered, type_search

# (case id, status, main diagnosis, title); the last one is no hit
CASES = [("SYN-S10", "locked", "B-ALL", "Blinatumomab case 10"),
         ("SYN-S2", "complete", "T-ALL", "blinatumomab Case 2"),
         ("SYN-S100", "draft", "MPAL", "Étude blinatumomab"),
         ("SYN-S1", "draft", "CML", "blinatumomab case 1"),
         ("SYN-S9", "complete", "other", "Esprit blinatumomab"),
         ("SYN-S3", "draft", "B-ALL", "Case 3, no match")]


def sorted_window(casebook, make_window):
    casebook.cases.import_cases([
        Case(case_id=case_id, status=status, case_report={"title": title},
             diagnoses=[{"role": "initial", "entity": dx}])
        for case_id, status, dx, title in CASES])
    return make_window()


def shown(window, field: str) -> list[str]:
    model = window.case_model
    return [getattr(model.summary(r), field) for r in range(model.rowCount())]


def choose(qtbot, window, text: str) -> None:
    """Down in the sort box (it has the focus) until it shows ``text``; the search reruns."""
    combo = window.search_panel.sort_combo
    for _ in range(combo.count()):
        if combo.currentText() == text:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text
    wait_for_search(qtbot, window)


def test_the_sort_box_sorts_hits_by_every_column(qtbot, casebook, make_window):
    window = sorted_window(casebook, make_window)
    type_search(qtbot, window, "blinatumomab")
    combo = window.search_panel.sort_combo
    assert combo.currentText() == "Relevance"
    assert offered(combo) == ["Relevance", "Day 0", "Last change", "Title", "Case id",
                              "Status", "Diagnosis"]
    window.case_list.table.setFocus()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Tab)  # the list, then the sort box
    assert window.focusWidget() is combo
    choose(qtbot, window, "Title")
    assert window.case_model.searching and window.case_model.total == 5
    assert shown(window, "title") == ["blinatumomab case 1", "blinatumomab Case 2",
                                      "Blinatumomab case 10", "Esprit blinatumomab",
                                      "Étude blinatumomab"]
    header = window.case_list.table.horizontalHeader()
    choose(qtbot, window, "Case id")
    assert shown(window, "case_id") == ["SYN-S1", "SYN-S2", "SYN-S9", "SYN-S10", "SYN-S100"]
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    choose(qtbot, window, "Status")
    assert shown(window, "status") == ["complete", "complete", "draft", "draft", "locked"]
    choose(qtbot, window, "Diagnosis")
    assert shown(window, "main_dx") == ["B-ALL", "CML", "MPAL", "T-ALL", "other"]
    assert window.case_model.searching  # still the hits, not the list (SYN-S3 left out)
    # what the service gives for the same search, as the window shows it
    found = casebook.search.search("blinatumomab", sort="main_dx").hits
    assert [h.case_id for h in found] == shown(window, "case_id")
