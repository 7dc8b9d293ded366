"""Two clinical limits listed in Problems as the user types: a CTCAE grade above the term's
maximum (V45: neutropenia has no grade 5) and blinatumomab for a patient under 45 kg away from
the BSA-based dose (V39: a 7 kg infant on the adult 9 then 28 µg/day). Before, neither was
listed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import focus_field, open_from_list, press
from tests.gui.conftest import type_in_field as type_in
from tests.gui.test_unstored_input import problem_messages

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"
GRADE = "adverse_events[1].grade"  # case 2: Neutrophil count decreased, grade 3


def rows(window, rule: str) -> list[tuple[str, str]]:
    """(message, path) of the rule's rows in the Problems panel."""
    model = window.editor.problems_panel.model
    messages = problem_messages(window)  # without the mark a narrow panel puts first
    return [(messages[row], model.data(model.index(row, 3)))
            for row in range(model.rowCount()) if model.data(model.index(row, 1)) == rule]


def type_in_cell(qtbot, window, path: str, text: str) -> None:
    window.editor.focus_path(path)
    view = window.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    cell = window.focusWidget()
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    window.editor.feedback_runner.wait()


def test_a_grade_above_the_ctcae_maximum_is_listed(qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    assert rows(window, "V45") == []
    type_in_cell(qtbot, window, GRADE, "5")
    assert window.editor.current_case().adverse_events[1].grade == 5
    qtbot.waitUntil(lambda: any("up to grade 4" in m for m, _ in rows(window, "V45")),
                    timeout=5000)
    message, path = rows(window, "V45")[0]
    assert message.startswith("CTCAE v5.0 grades 'Neutrophil count decreased' up to grade 4 "
                              "(entered: 5)"), message
    assert path == GRADE

    press(qtbot, window, "Ctrl+S")  # a draft saves, problem and all
    qtbot.waitUntil(lambda: not window.editor.is_dirty(), timeout=5000)
    assert casebook.cases.open_case(C2).adverse_events[1].grade == 5

    type_in_cell(qtbot, window, GRADE, "4")
    qtbot.waitUntil(lambda: rows(window, "V45") == [], timeout=5000)


def test_an_infant_on_the_adult_blinatumomab_dose_is_listed(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    assert rows(window, "V39") == []
    type_in(qtbot, window, "patient.weight_kg", "7")
    type_in(qtbot, window, "patient.height_cm", "67")
    field = focus_field(window, "patient.bsa_m2")
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)  # the BSA entered for the adult: Mosteller instead
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()
    patient = window.editor.current_case().patient
    assert (patient.weight_kg, patient.height_cm, patient.bsa_m2) == (7, 67, None)
    qtbot.waitUntil(lambda: len(rows(window, "V39")) == 2, timeout=5000)
    messages = dict((p, m) for m, p in rows(window, "V39"))
    week1 = messages["treatment_lines[2].administrations[0].dose"]
    assert "expected about 1.8 µg/day" in week1 and "BSA 0.36 m², weight 7 kg" in week1
    assert "expected about 5.4 µg/day" in messages["treatment_lines[2].administrations[1].dose"]
