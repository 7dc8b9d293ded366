"""Recovered changes are one Undo step: "Recover checked" loaded the draft as the editor's
starting point, so Undo (Ctrl+Z) was off and the clinician could not step back to the stored
case. The stored case is now loaded and the draft put over it as "Recover unsaved changes":
Ctrl+Z gives every stored value back (the case is as stored, the draft goes), Redo the
recovered changes again."""

from __future__ import annotations

from tests.gui.conftest import draft_keys, open_from_list, press
from tests.gui.test_recovery_keeps_unstored_text import (
    WEIGHT,
    field_at,
    recover_in_a_new_window,
    type_into,
    wait_for_autosave,
)

C1 = "SEED-C1-CAO2023"
TITLE = "case_report.title"


def test_undo_after_recovery_gives_the_stored_values_back(
        qtbot, stored_references, casebook, prompter, make_window):
    first = make_window()
    open_from_list(qtbot, first, C1)
    stored = casebook.cases.open_case(C1)
    type_into(qtbot, first, WEIGHT, "77")
    type_into(qtbot, first, TITLE, "Recovered title")
    wait_for_autosave(qtbot, first, casebook)

    second = recover_in_a_new_window(make_window, prompter)  # as after kill -9
    assert field_at(second, WEIGHT).text() == "77"
    assert second.session.is_dirty()
    assert second.commands.undo.isEnabled()  # it was off: no way back to the stored case

    second.case_banner.setFocus()  # Ctrl+Z for the case, not for a field's own text
    press(qtbot, second, "Ctrl+Z")
    assert second.editor.current_case() == stored  # every recovered change undone at once
    assert field_at(second, WEIGHT).text() == f"{stored.patient.weight_kg:g}"
    assert field_at(second, TITLE).text() == stored.case_report.title
    assert not second.session.is_dirty() and not second.isWindowModified()
    assert second.save_state_label.text().endswith("Saved")
    qtbot.waitUntil(lambda: draft_keys(casebook) == [], timeout=5000)  # nothing left to offer
    assert casebook.cases.open_case(C1) == stored

    assert second.commands.redo.isEnabled()
    second.case_banner.setFocus()
    press(qtbot, second, "Ctrl+Y")
    assert field_at(second, WEIGHT).text() == "77"
    assert second.editor.current_case().case_report.title == "Recovered title"
    assert second.session.is_dirty()
    qtbot.waitUntil(lambda: draft_keys(casebook) == [C1], timeout=5000)  # kept again

    press(qtbot, second, "Ctrl+S")
    saved = casebook.cases.open_case(C1)
    assert (saved.patient.weight_kg, saved.case_report.title) == (77, "Recovered title")
    assert saved.version == stored.version + 1
    assert draft_keys(casebook) == []


def test_a_typed_date_recovered_is_in_the_same_undo_step(
        qtbot, stored_references, casebook, prompter, make_window):
    """A review of 5f25966: a date typed in Day 0 and not left, recovered with a changed
    weight, was stored as a second step ('Edit Day 0 date') after 'Recover unsaved changes',
    so one Ctrl+Z left the weight recovered and the case not as stored."""
    day0 = "case_report.day0"
    first = make_window()
    open_from_list(qtbot, first, C1)
    stored = casebook.cases.open_case(C1)
    type_into(qtbot, first, WEIGHT, "81")
    field = field_at(first, day0)
    field.selectAll()
    qtbot.keyClicks(field, "2025-03-16")  # not left
    wait_for_autosave(qtbot, first, casebook)

    second = recover_in_a_new_window(make_window, prompter)
    stack = second.editor.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == ["Recover unsaved changes"]
    case = second.editor.current_case()
    assert (case.patient.weight_kg, str(case.case_report.day0)) == (81, "2025-03-16")
    second.case_banner.setFocus()
    press(qtbot, second, "Ctrl+Z")
    assert second.editor.current_case() == stored
    assert stack.isClean() and not second.session.is_dirty()
