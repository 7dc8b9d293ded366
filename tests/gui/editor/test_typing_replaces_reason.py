"""A field that shows its missing-value reason ("(not reported)") takes what is typed into it
in place of the reason: clicking into reference case 1's Discussion and typing a sentence
stores the sentence, not "(not reported)" followed by it (seen in the issue 19 journey)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import Typist

C1 = "SEED-C1-CAO2023"
SENTENCE = "CNS relapse under blinatumomab has been reported [@cao2023]."


def test_typing_into_a_not_reported_field_replaces_the_reason(qtbot, stored_references, window,
                                                              casebook):
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    typist = Typist(qtbot, window.editor)
    page = typist.go_to_section("Title & keywords")
    field = page.forms["case_report"].bindings["discussion"].editor
    assert field.value_text() == "(not reported)"
    typist.click(field)
    qtbot.keyClicks(field, SENTENCE)
    assert field.value_text() == SENTENCE
    doc = window.editor.ctx.doc
    assert doc.get("case_report.discussion") == SENTENCE
    assert doc.missing_reason("case_report.discussion") is None
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case(C1).case_report.discussion == SENTENCE
