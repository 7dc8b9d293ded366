"""A number typed over a stored one and left half typed ('4O' over a Height of 172) stores
nothing of it, not even the '4' it passed on its way. A stranger run typed '4O' in Patient ›
Height, killed the app without leaving the field and recovered: Height came back as a stored
4 cm (V03, BSA 0.28 m²), the 172 was gone and Save would have stored 4. Typing stores as it
goes ('4' is a number, out of the typed range but kept for the rules to list), and the 'O'
that made the text no number left that '4' in the case until the field was left. Now the
moment the text stops being a number, the field's value goes back to what it was before the
typing began; the text stays in the field, unstored, and the draft holds both."""

from __future__ import annotations

from tests.gui.conftest import open_from_list, press
from tests.gui.test_recovery_keeps_unstored_text import (
    field_at,
    recover_in_a_new_window,
    wait_for_autosave,
)

C1 = "SEED-C1-CAO2023"
HEIGHT = "patient.height_cm"


def test_a_half_typed_number_leaves_the_stored_value_and_the_draft_keeps_both(
        qtbot, stored_references, casebook, prompter, make_window):
    first = make_window()
    open_from_list(qtbot, first, C1)
    stored = casebook.cases.open_case(C1)
    assert stored.patient.height_cm == 172.0
    field = field_at(first, HEIGHT)
    field.selectAll()
    qtbot.keyClicks(field, "4")
    assert first.editor.current_case().patient.height_cm == 4.0  # live, as typing goes
    qtbot.keyClicks(field, "O")  # no number any more: the 4 is taken back at once
    assert field.text() == "4O"
    assert first.editor.current_case().patient.height_cm == 172.0
    assert first.session.is_dirty()  # the text typed is still a change
    wait_for_autosave(qtbot, first, casebook)
    [draft] = casebook.drafts.list_drafts()
    assert draft.unstored == {HEIGHT: "4O"}
    assert casebook.cases.open_case(C1) == stored

    second = recover_in_a_new_window(make_window, prompter)  # the first one was "killed"
    assert second.editor.current_case().patient.height_cm == 172.0
    assert field_at(second, HEIGHT).text() == "4O"
    assert HEIGHT in second.editor.unstored_by_path()


def test_typing_on_to_a_number_again_stores_it(qtbot, stored_references, casebook, window):
    open_from_list(qtbot, window, C1)
    field = field_at(window, HEIGHT)
    field.selectAll()
    qtbot.keyClicks(field, "4O")
    qtbot.keyClick(field, "\b")  # Backspace: '4' again
    qtbot.keyClicks(field, "5")
    assert window.editor.current_case().patient.height_cm == 45.0
    qtbot.keyClick(field, "\t")
    assert window.editor.current_case().patient.height_cm == 45.0
    window.editor.undo_stack.undo()  # one step back to the stored height
    assert window.editor.current_case().patient.height_cm == 172.0


def test_a_half_typed_number_in_an_open_cell_leaves_the_stored_value(
        qtbot, stored_references, casebook, prompter, make_window):
    """The same in a table cell still open: '4O' over a lab's value of 86.4."""
    from tests.gui.test_draft_open_cell import open_cell_and_type

    first = make_window()
    open_from_list(qtbot, first, C1)
    stored = casebook.cases.open_case(C1)
    assert stored.labs[0].value_entered == 86.4
    open_cell_and_type(qtbot, first, "value_entered", "4")
    assert first.editor.current_case().labs[0].value_entered == 4.0  # live, as typing goes
    qtbot.keyClicks(first.focusWidget(), "O")
    assert first.editor.current_case().labs[0].value_entered == 86.4
    wait_for_autosave(qtbot, first, casebook)
    [draft] = casebook.drafts.list_drafts()
    assert draft.unstored == {"labs[0].value_entered": "4O"}

    second = recover_in_a_new_window(make_window, prompter)
    assert second.editor.current_case().labs[0].value_entered == 86.4
    assert "labs[0].value_entered" in second.editor.unstored_by_path()


def test_an_age_of_90_or_over_being_typed_is_never_stored_exact(
        qtbot, stored_references, casebook, prompter, make_window):
    """A review of 1156466: '95' typed in Age at Day 0, not left, was stored live as 95 (only
    a committed age is top-coded), so the draft held 95 and a recovery then Save stored it
    (§4.2: ages of 90 and over are stored as 90, top-coded). Now the draft keeps '95' as text
    typed, with the stored age; its recovery stores it as leaving the field does."""
    age = "patient.age_at_day0"
    first = make_window()
    open_from_list(qtbot, first, C1)
    field = field_at(first, age)
    field.selectAll()
    qtbot.keyClicks(field, "95")
    assert first.editor.current_case().patient.age_at_day0 == 34  # the stored age
    wait_for_autosave(qtbot, first, casebook)
    [draft] = casebook.drafts.list_drafts()
    assert draft.case.patient.age_at_day0 == 34 and draft.unstored == {age: "95"}

    second = recover_in_a_new_window(make_window, prompter)
    patient = second.editor.current_case().patient
    assert (patient.age_at_day0, patient.age_top_coded) == (90, True)
    press(qtbot, second, "Ctrl+S")
    qtbot.waitUntil(lambda: not second.session.is_dirty())
    stored = casebook.cases.open_case(C1).patient
    assert (stored.age_at_day0, stored.age_top_coded) == (90, True)
