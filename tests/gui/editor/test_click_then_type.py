"""A value typed into a table cell just after clicking it is stored in that cell. Found by a
stranger run in a real window: a click on the cell already selected (CSF row 2's Route, an
adverse event's Onset) makes Qt wait a double-click interval before opening its editor, and
the keys typed meanwhile went to Qt's keyboard search: "lumbar" moved the cursor to row 1
(whose Route starts with "l") and opened row 1's editor, and "10/10/2023" typed into Onset
was dropped without a word. Typing a letter into a derived cell no longer moves the cursor to
another row either."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def _csf_with_two_rows(qtbot, window):
    """Two lumbar punctures (d4, d169); the first has its Route, the second none yet."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    csf = typist.go_to_section("CSF & CNS").tables["csf_assessments"]
    csf.view.setFocus()
    for day in ("d4", "d169"):
        press(qtbot, window, "Ctrl+Shift+N")
        _type(qtbot, day)
        typist.key(Qt.Key.Key_Tab)
    return typist, csf


def _type(qtbot, text: str) -> None:
    """Each key to the widget with the focus at that moment, as a window system sends it."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _click(qtbot, view, index) -> None:
    view.scrollTo(index)  # the user scrolls the cell into sight first
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())


def _routes_by_day(window) -> dict[int, str | None]:
    return {r.day.day: r.sample_route for r in window.editor.current_case().csf_assessments}


def test_typing_right_after_a_click_on_the_selected_cell_goes_into_it(qtbot, window, casebook):
    typist, csf = _csf_with_two_rows(qtbot, window)
    view, route = csf.view, csf.table_model.column_of("sample_route")
    assert _routes_by_day(window) == {4: None, 169: None}
    stored_rows = window.editor.current_case().csf_assessments
    rows = {stored_rows[view.storage_row(r)].day.day: r for r in range(2)}
    first, second = view.proxy.index(rows[4], route), view.proxy.index(rows[169], route)
    _click(qtbot, view, first)
    _type(qtbot, "lumbar")
    typist.key(Qt.Key.Key_Return)
    assert _routes_by_day(window) == {4: "lumbar_puncture", 169: None}

    _click(qtbot, view, second)  # select row 2's Route ...
    qtbot.wait(QApplication.doubleClickInterval() + 150)
    _click(qtbot, view, second)  # ... and click it again, as one does, then type at once
    _type(qtbot, "lumbar")
    assert view.currentIndex().row() == rows[169]  # the cursor stayed on that row
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert _routes_by_day(window) == {4: "lumbar_puncture", 169: "lumbar_puncture"}
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert {r.day.day: r.sample_route for r in stored.csf_assessments} == {
        4: "lumbar_puncture", 169: "lumbar_puncture"}


def test_a_date_typed_right_after_a_click_is_kept(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    events.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    onset = events.view.proxy.index(0, events.table_model.column_of("onset_day"))
    _click(qtbot, events.view, onset)
    qtbot.wait(QApplication.doubleClickInterval() + 150)
    _click(qtbot, events.view, onset)
    _type(qtbot, "d175")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: events.view.state() != events.view.State.EditingState)
    assert window.editor.current_case().adverse_events[0].onset_day.day == 175


def test_a_letter_typed_in_a_derived_cell_does_not_move_to_another_row(qtbot, window):
    typist, csf = _csf_with_two_rows(qtbot, window)
    view = csf.view
    day = next(i for i, c in enumerate(csf.table_model.columns) if c.key.endswith(":day"))
    _click(qtbot, view, view.proxy.index(1, day))
    qtbot.keyClick(view, Qt.Key.Key_D)  # both rows' Day starts with "d": no jump to the other
    assert view.currentIndex().row() == 1
