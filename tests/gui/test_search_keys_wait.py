"""Enter or Down in the search box acts on the results of what the box holds, never on the rows
of the query before, still shown while the new one is searched in the background.

A clinician typed a query and pressed Enter (or Down, Enter) before the search had answered:
the keyboard went into the previous query's rows, the first one selected, and the next Enter
opened that case, which did not match what was typed (another patient's). Now the key waits
for the answer (the keyboard stays in the box, nothing blocks) and acts on the new results.

The new query's search is held at a gate (its worker waits) so that the keys always come
before its answer; no timing is measured.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.test_search_box_keys import _key, four_cases  # noqa: F401 - a fixture
from tests.gui.test_search_panel import (
    NEAR_NO_BLINA,
    search_for,
    shown_ids,
    wait_for_search,
)

OLD = "inotuzumab"  # only the near miss without blinatumomab
NEW = "drug:blinatumomab"  # the other three, not it


@pytest.fixture
def win(four_cases, window):  # noqa: F811 - four_cases: the fixture
    return window


@pytest.fixture
def gate(win, monkeypatch):
    """The search for NEW waits until the test opens the gate (set)."""
    event = threading.Event()
    service = win.case_model.search_service
    real = service.search

    def held(text, *args, **kwargs):
        if text == NEW:
            event.wait(30)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(service, "search", held)
    yield event
    event.set()  # a failed test leaves no worker waiting


@pytest.fixture
def opened(win, monkeypatch) -> list[str]:
    """Every case the window was asked to open, in order."""
    asked: list[str] = []
    real = win.session.open_case

    def open_case(case_id):
        asked.append(case_id)
        return real(case_id)

    monkeypatch.setattr(win.session, "open_case", open_case)
    return asked


def _type_new_query(qtbot, win) -> None:
    search_for(qtbot, win, OLD)
    assert shown_ids(win.case_model) == {NEAR_NO_BLINA}
    box = win.case_list.filter_box
    box.selectAll()
    qtbot.keyClicks(box, NEW)


def _answer(qtbot, win, gate) -> list[str]:
    """Let the held search answer; the case ids it shows, in order."""
    gate.set()
    wait_for_search(qtbot, win)
    model = win.case_model
    return [model.summary(r).case_id for r in range(model.rowCount())]


def _waiting_in_the_box(win, opened) -> None:
    assert QApplication.focusWidget() is win.case_list.filter_box
    assert not win.case_list.table.selectionModel().hasSelection()
    assert opened == [] and win.session.case_id() is None


def test_enter_twice_before_the_answer_opens_the_first_new_hit(qtbot, win, gate, opened):
    _type_new_query(qtbot, win)
    _key(qtbot, Qt.Key.Key_Return)
    _key(qtbot, Qt.Key.Key_Return)  # impatient: it opened the case shown before (NEAR_NO_BLINA)
    assert win.case_model.busy  # the keys came before the answer
    _waiting_in_the_box(win, opened)
    hits = _answer(qtbot, win, gate)
    assert NEAR_NO_BLINA not in hits
    qtbot.waitUntil(lambda: win.session.case_id() == hits[0])
    assert opened == [hits[0]]


def test_down_then_enter_before_the_answer_opens_the_first_new_hit(qtbot, win, gate, opened):
    _type_new_query(qtbot, win)
    _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Return)  # the keyboard went into the rows shown before
    _key(qtbot, Qt.Key.Key_Return)
    assert win.case_model.busy
    _waiting_in_the_box(win, opened)
    hits = _answer(qtbot, win, gate)
    qtbot.waitUntil(lambda: win.session.case_id() == hits[0])
    assert opened == [hits[0]]


def test_typing_on_after_enter_opens_nothing(qtbot, win, gate, opened):
    """Enter, then more words: the query is not the one Enter was pressed on."""
    _type_new_query(qtbot, win)
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), " cns:CNS3")
    assert win.case_list.filter_box.text() == NEW + " cns:CNS3"  # typed into the box
    gate.set()
    wait_for_search(qtbot, win)
    assert shown_ids(win.case_model)  # the typed query's results, none opened
    assert opened == [] and QApplication.focusWidget() is win.case_list.filter_box


def test_a_query_that_cannot_run_keeps_the_keyboard_in_the_box(qtbot, win, opened):
    """Its problem shows under the box and the rows before stay: Enter and Down do not go
    into them (Enter, Enter opened the first of them)."""
    search_for(qtbot, win, OLD)
    qtbot.keyClicks(win.case_list.filter_box, " age:..x")
    wait_for_search(qtbot, win)
    assert win.search_panel.problem_label.isVisible()
    assert shown_ids(win.case_model) == {NEAR_NO_BLINA}
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Return, Qt.Key.Key_Down, Qt.Key.Key_Return):
        _key(qtbot, key)
        _waiting_in_the_box(win, opened)


def test_a_shortcut_after_enter_drops_the_wait(qtbot, win, gate, opened):
    """Enter, then Ctrl+N (File › New case) before the answer: the new case stays open, the
    answer opens nothing over it."""
    _type_new_query(qtbot, win)
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.session.base is not None)
    new = win.session.case_id()
    _answer(qtbot, win, gate)
    qtbot.wait(50)  # the answer's queued reactions run (no timing asserted)
    assert opened == [] and win.session.case_id() == new
