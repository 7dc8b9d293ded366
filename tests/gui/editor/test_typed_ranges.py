"""A number typed outside what its field can be is refused where it is typed, named with the
range, and not stored: an age at Day 0 of 150 or -3 and an adverse-event grade of 7 (fields
the model leaves open so that a stored case with such a value still opens; rules V01 and V45
list it) were stored as typed, and an age of 99999999999999999999 was stored and shown back
as 100000000000000000000. Karnofsky and Lansky (bounded in the model) are refused the same
way. The typed text stays in the field, nothing typed on the way ('15' of '150') is stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import audit_rows, open_from_list, press
from tests.gui.editor.keyboard import Typist
from tests.gui.test_unstored_input import problem_messages, type_into

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


@pytest.mark.parametrize("path, typed, message", [
    ("patient.age_at_day0", "150", "Age at Day 0 must be between 0 and 120 years"),
    ("patient.age_at_day0", "-3", "Age at Day 0 must be between 0 and 120 years"),
    ("patient.age_at_day0", "99999999999999999999",
     "Age at Day 0 must be between 0 and 120 years"),
    ("patient.karnofsky", "150", "Karnofsky must be between 0 and 100"),
    ("patient.lansky", "200", "Lansky play-performance must be between 0 and 100"),
])
def test_a_number_outside_its_field_is_refused_where_typed(
        qtbot, stored_references, window, casebook, path, typed, message):
    open_from_list(qtbot, window, C1)
    name = path.split(".")[1]
    before = getattr(casebook.cases.open_case(C1).patient, name)
    field = type_into(qtbot, window, path, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # leaving the field checks it
    assert field.text() == typed  # not replaced by 0, a clamped value or a reformatted one
    assert field.property("problem") == "error"
    assert any(m.startswith(f"{message} (typed: '{typed}')") for m in problem_messages(window))
    assert getattr(window.editor.current_case().patient, name) == before

    press(qtbot, window, "Ctrl+S")
    assert getattr(casebook.cases.open_case(C1).patient, name) == before
    assert "except" in window.statusBar().currentMessage()
    assert [r for r in audit_rows(casebook, C1) if name in str(r["path"])] == []
    assert field.text() == typed and window.session.is_dirty()

    field = type_into(qtbot, window, path, "40")  # a value in range is stored as before
    press(qtbot, window, "Ctrl+S")
    assert getattr(casebook.cases.open_case(C1).patient, name) == 40
    assert not any("not stored" in m for m in problem_messages(window))


def test_an_adverse_event_grade_outside_1_to_5_is_refused_in_its_cell(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    typist = Typist(qtbot, window.editor)
    events = typist.go_to_section("Adverse events").tables["adverse_events"]
    assert casebook.cases.open_case(C2).adverse_events[1].grade == 3
    typist.select_row(events, 1)
    column = events.table_model.column_of("grade")
    while events.view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typist.type("7")
    typist.key(Qt.Key.Key_Tab)
    assert events.view.view_index(1, column).data() == "7"  # the typed text stays
    assert any(m.startswith("Grade must be between 1 and 5 (typed: '7')")
               for m in problem_messages(window))
    assert window.editor.current_case().adverse_events[1].grade == 3
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C2).adverse_events[1].grade == 3
    assert "except Grade" in window.statusBar().currentMessage()
