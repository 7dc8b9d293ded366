"""A crash lost text typed in a field that could not hold it: '4O' in Age at Day 0 stayed in
the field marked "not stored", the autosave kept only the case, and "Recover checked" brought
back the other changes (Weight 77) with the old age, unmarked and '4O' named nowhere. The draft
now keeps such text by field, and recovery puts it back in its field, still not stored."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from core.services.drafts import UNSTORED_KEY
from tests.gui.conftest import draft_keys, open_from_list, press
from tests.gui.test_unstored_input import type_first_lab_value

C1 = "SEED-C1-CAO2023"
AGE, WEIGHT = "patient.age_at_day0", "patient.weight_kg"


def field_at(window, path):
    window.editor.focus_path(path)
    return window.focusWidget()


def type_into(qtbot, window, path, text):
    field = field_at(window, path)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    return field


def problem_messages(window) -> list[str]:
    model = window.editor.problems_panel.model
    return [model.data(model.index(row, 2)) for row in range(model.rowCount())]


def wait_for_autosave(qtbot, window, casebook):
    qtbot.waitUntil(lambda: draft_keys(casebook) == [C1] and not window.session.autosave_pending(),
                    timeout=10_000)


def recover_in_a_new_window(make_window, prompter):
    """The first window is never closed, as after kill -9; a new one recovers the draft."""
    prompter.script("offer_recovery", [C1])
    second = make_window()
    second.session.offer_recovery()
    assert second.session.case_id() == C1
    return second


def test_text_not_stored_comes_back_in_its_field_after_a_crash(
        qtbot, stored_references, casebook, prompter, make_window):
    first = make_window()
    open_from_list(qtbot, first, C1)
    before = casebook.cases.open_case(C1).patient.age_at_day0
    type_into(qtbot, first, AGE, "4O")
    type_into(qtbot, first, WEIGHT, "77")
    wait_for_autosave(qtbot, first, casebook)

    second = recover_in_a_new_window(make_window, prompter)
    age = field_at(second, AGE)
    assert age.text() == "4O"
    assert age.property("problem") == "error"
    assert any("Age at Day 0" in m and "'4O'" in m for m in problem_messages(second))
    assert field_at(second, WEIGHT).text() == "77"
    assert second.editor.current_case().patient.age_at_day0 == before  # still not stored
    assert second.session.is_dirty() and second.isWindowModified()

    age = field_at(second, AGE)
    age.selectAll()
    qtbot.keyClicks(age, "40")
    press(qtbot, second, "Ctrl+S")
    stored = casebook.cases.open_case(C1)
    assert (stored.patient.age_at_day0, stored.patient.weight_kg) == (40, 77)
    assert draft_keys(casebook) == []
    assert not second.session.is_dirty()


def test_a_table_cell_not_stored_comes_back_after_a_crash(
        qtbot, stored_references, casebook, prompter, make_window):
    from tests.gui.editor.keyboard import Typist

    first = make_window()
    open_from_list(qtbot, first, C1)
    typist = Typist(qtbot, first.editor)
    labs = typist.go_to_section("Labs").tables["labs"]
    column = type_first_lab_value(typist, labs, "7O")
    wait_for_autosave(qtbot, first, casebook)

    second = recover_in_a_new_window(make_window, prompter)
    labs = second.editor.section_page("Labs").tables["labs"]
    assert labs.view.view_index(0, column).data() == "7O"
    assert any("'7O'" in m for m in problem_messages(second))
    assert second.editor.current_case().labs[0].value_entered == 86.4
    assert second.session.is_dirty()


def test_a_draft_written_before_typed_text_was_kept_still_loads(
        qtbot, stored_references, casebook, prompter, make_window):
    """Drafts have no typed-text part when none was left, and older drafts never had one."""
    case = stored_references[0]
    patient = case.patient.model_copy(update={"weight_kg": 77.0})
    casebook.drafts.save_draft(case.model_copy(update={"patient": patient}))
    with sqlite3.connect(casebook.paths.database) as con:
        [(document,)] = con.execute("SELECT document FROM drafts").fetchall()
    assert UNSTORED_KEY not in json.loads(document)

    second = recover_in_a_new_window(make_window, prompter)
    assert field_at(second, WEIGHT).text() == "77"
    assert not any("not stored" in m for m in problem_messages(second))
    assert second.session.is_dirty()
