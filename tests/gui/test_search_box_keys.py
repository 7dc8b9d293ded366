"""Keys in the search box, as reported odd. Down arrow did nothing (the keyboard had no way
into the results but Enter, which opens the first hit); now it goes into the list, the first
row selected. Enter in an empty box moved the keyboard into the list, so a second Enter opened
the case at the top of the list, which nobody had chosen; now the keyboard stays in the box
and nothing is searched, reloaded or opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.model import Case
from tests.gui.conftest import press
from tests.gui.test_search_panel import (
    C1,
    C2,
    blinatumomab_but_cns1,
    cns3_without_blinatumomab,
    search_for,
    shown_ids,
    wait_for_search,
)


@pytest.fixture
def four_cases(casebook, reference_docs):
    """The reference cases and two near misses (test_search_panel.py), before the window."""
    docs = [*reference_docs, blinatumomab_but_cns1(reference_docs[1]),
            cns3_without_blinatumomab(reference_docs[1])]
    casebook.cases.import_cases([Case.model_validate(d) for d in docs])


@pytest.fixture
def win(four_cases, window):
    return window


def _key(qtbot, key: Qt.Key) -> None:
    """A key where the keyboard is, as the user presses it."""
    qtbot.keyClick(QApplication.focusWidget(), key)


def _selected(window) -> list[int]:
    return sorted(i.row() for i in window.case_list.table.selectionModel().selectedRows())


def test_down_goes_from_the_box_into_the_results(qtbot, win):
    search_for(qtbot, win, "cns:CNS3 drug:blinatumomab")
    box, table = win.case_list.filter_box, win.case_list.table
    assert box.hasFocus() and shown_ids(win.case_model) == {C1, C2}
    _key(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is table
    assert _selected(win) == [0] and table.currentIndex().row() == 0
    _key(qtbot, Qt.Key.Key_Down)  # the list's own keys from there
    assert _selected(win) == [1]
    second = win.case_model.summary(1).case_id
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.session.case_id() == second)


def test_down_from_the_empty_box_goes_into_the_whole_list(qtbot, win):
    press(qtbot, win, "Ctrl+F")
    _key(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is win.case_list.table
    assert _selected(win) == [0]
    assert win.session.case_id() is None  # selected, not opened


def test_down_with_no_results_stays_in_the_box(qtbot, win):
    search_for(qtbot, win, "drug:blinatumomab cns:CNS1 cns:CNS3 zzyzx")
    assert win.case_model.rowCount() == 0
    _key(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is win.case_list.filter_box
    assert _selected(win) == []


def test_down_right_after_typing_goes_into_the_new_results(qtbot, win):
    """Before the search has run (typed a moment ago): into its results once they come, not
    into the rows shown before."""
    box = win.case_list.filter_box
    press(qtbot, win, "Ctrl+F")
    qtbot.keyClicks(box, "drug:blinatumomab cns:CNS3")
    _key(qtbot, Qt.Key.Key_Down)
    wait_for_search(qtbot, win)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.case_list.table)
    assert shown_ids(win.case_model) == {C1, C2}
    assert _selected(win) == [0]


def test_enter_twice_in_the_empty_box_does_nothing(qtbot, win):
    model, box = win.case_model, win.case_list.filter_box
    resets, searched = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.search_applied.connect(searched.append)
    press(qtbot, win, "Ctrl+F")
    _key(qtbot, Qt.Key.Key_Return)
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)  # longer than the box's typing delay: a search would have started
    assert QApplication.focusWidget() is box
    assert win.session.case_id() is None  # the top case was opened
    assert resets == [] and searched == [] and not model.busy
    assert model.total == 4 and _selected(win) == []


def test_enter_after_clearing_the_box_shows_the_whole_list_once(qtbot, win):
    search_for(qtbot, win, "drug:blinatumomab")
    box, model = win.case_list.filter_box, win.case_model
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    box.selectAll()
    _key(qtbot, Qt.Key.Key_Backspace)
    _key(qtbot, Qt.Key.Key_Return)
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert not model.searching and model.total == 4
    assert len(resets) == 1  # the whole list at once, not again when the typing delay ends
    assert QApplication.focusWidget() is box and win.session.case_id() is None


def test_enter_in_a_search_still_opens_the_first_hit(qtbot, win):
    search_for(qtbot, win, "cns:CNS3 drug:blinatumomab")
    first = win.case_model.summary(0).case_id
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.session.case_id() == first)
