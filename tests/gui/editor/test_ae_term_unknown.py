"""An adverse-event term not in the CTCAE vocabulary is marked in its cell and listed in
Problems as V63, with the close term (a research nurse's stranger run, item 5: a truncated
'Peripheral sensory neuro' was stored with no mark and nothing in Problems). A warning: the
term is stored as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.editor.table_model import COLORS
from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import Typist

C2 = "SEED-C2-CAO2023"
TYPED = "Peripheral sensory neuro"


def test_a_truncated_term_is_marked_and_listed_with_the_term_meant(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    typist.select_row(events, 1)
    column = events.table_model.column_of("term")
    while events.view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typist.type(TYPED)
    typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()

    term = events.view.view_index(1, column)
    assert term.data() == TYPED
    assert term.data(Qt.ItemDataRole.BackgroundRole).color() == COLORS["warning"]
    tip = term.data(Qt.ItemDataRole.ToolTipRole)
    assert "V63" in tip and "did you mean 'Peripheral sensory neuropathy'?" in tip
    listed = [f for f in window.editor.problems_panel.model.findings
              if f.path == "adverse_events[1].term"]
    assert [(f.rule_id, f.severity) for f in listed] == [("V63", "warning")]

    press(qtbot, window, "Ctrl+S")  # a warning: stored as typed
    assert casebook.cases.open_case(C2).adverse_events[1].term == TYPED
