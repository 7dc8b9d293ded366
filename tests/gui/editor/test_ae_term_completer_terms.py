"""The adverse-event Term cell proposes the CTCAE v5.0 terms of hematology/oncology practice, not
only those the reference cases use: 'Hypomag' proposed nothing, and 'Hypomagnesemia' typed in
full was marked V63 ("is not a CTCAE v5.0 term"). Now it is proposed in place, End takes it, and
it is stored with no V63."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import Typist

C2 = "SEED-C2-CAO2023"
PATH = "adverse_events[1].term"  # Neutrophil count decreased, grade 3


def _term_cell_open(qtbot, window):
    open_from_list(qtbot, window, C2)
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    typist.select_row(events, 1)
    column = events.table_model.column_of("term")
    while events.view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    return typist, events, column


def test_a_term_beyond_the_reference_cases_is_proposed_and_stored_without_v63(
        qtbot, stored_references, window, casebook):
    typist, events, column = _term_cell_open(qtbot, window)
    typist.type("Hypomag")
    picker = QApplication.focusWidget()
    assert picker.text() == "Hypomagnesemia"  # proposed in place, the rest selected
    assert picker.selectedText() == "nesemia"
    typist.key(Qt.Key.Key_End)  # takes the proposal
    typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()

    term = events.view.view_index(1, column)
    assert term.data() == "Hypomagnesemia"
    assert not [f for f in window.editor.problems_panel.model.findings if f.path == PATH]
    assert "V63" not in (term.data(Qt.ItemDataRole.ToolTipRole) or "")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case(C2).adverse_events[1].term == "Hypomagnesemia"


def test_the_search_list_finds_the_terms_by_a_word(qtbot, stored_references, window):
    typist, _events, _column = _term_cell_open(qtbot, window)
    typist.type("kidney")
    typist.key(Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)  # the search list
    picker = QApplication.focusWidget()
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    listed = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    assert {"Acute kidney injury", "Chronic kidney disease", "Kidney infection"} <= set(listed)
    typist.key(Qt.Key.Key_Escape)
