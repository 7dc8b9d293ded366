"""The blinatumomab cycle dialog takes the dose units and day ranges as a clinician (and the app
itself: 'µg/day') writes them, stores the canonical unit (ug/d), and a refusal names the part
that is wrong with an example. Found by a stranger run (hematologist)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.editor.blinatumomab import StepError, parse_steps
from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_blinatumomab_dialog import _line_and_admins, _open_dialog


@pytest.mark.parametrize("typed", ["28 µg/day d1-28", "28 ug/day d1-28", "28 mcg/d d1-28",
                                   "28 ug/d days 1-28", "28 mcg/day day 1-28",
                                   "28 µg/d d1–28", "28 μg/day d1-28"])
def test_usual_spellings_are_read_as_ug_per_day(typed):
    step, = parse_steps(typed)
    assert (step.dose, step.unit, step.first, step.last) == (28.0, "ug/d", 1, 28)


def test_per_m2_spellings_keep_the_per_m2_unit():
    steps = parse_steps("5 µg/m²/day d1-7; 15 mcg/m2/d days 8-28")
    assert [(s.dose, s.unit, s.first, s.last) for s in steps] == [
        (5.0, "ug/m2/d", 1, 7), (15.0, "ug/m2/d", 8, 28)]


@pytest.mark.parametrize("typed, says", [
    ("abc ug/d d1-7", "the dose 'abc' is not a number"),
    ("ug/d d1-7", "the dose is missing"),
    ("28 mg/day d1-28", "the unit 'mg/day' is not µg/day or µg/m²/day"),
    ("28 ug d1-28", "the unit 'ug' is not µg/day"),
    ("28 µg/day", "no days given"),
    ("28 µg/day d1-x", "the days 'd1-x' are not like d1-28"),
])
def test_a_refusal_names_the_wrong_part_with_an_example(typed, says):
    with pytest.raises(StepError) as refused:
        parse_steps(typed)
    assert f"'{typed}': {says}" in str(refused.value)
    assert "e.g. 28 µg/day d1-28" in str(refused.value)


def test_dialog_adds_rows_typed_in_ug_per_day(editor, qtbot):
    typist = Typist(qtbot, editor)
    _lines, admins = _line_and_admins(typist, 200)
    dialog = _open_dialog(typist, admins)
    typist.fill_field(dialog.steps, "28 mg/day d1-28")
    assert "the unit 'mg/day'" in dialog.preview.text() and not dialog.ok_button.isEnabled()
    typist.fill_field(dialog.steps, "28 µg/day d1-28")
    assert dialog.ok_button.isEnabled() and "28.0 µg/day CIV d200–d227" in dialog.preview.text()
    typist.key(Qt.Key.Key_Return, widget=QApplication.focusWidget())
    qtbot.waitUntil(lambda: not dialog.isVisible())
    blin = [a for a in editor.current_case().treatment_lines[0].administrations
            if a.drug_inn == "blinatumomab"]
    assert [(a.dose, a.dose_unit, a.start_day.day, a.end_day.day) for a in blin] == [
        (28.0, "ug/d", 200, 227)]
    column = admins.table_model.column_of("dose_unit")
    assert admins.view.view_index(0, column).data() in ("ug/d", "µg/day")


def _add_cycle(typist, dialog):
    typist.key(Qt.Key.Key_Return, widget=QApplication.focusWidget())
    typist.qtbot.waitUntil(lambda: not dialog.isVisible())
    typist.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)  # back in the table


def test_second_opening_proposes_the_next_cycle_after_the_break(editor, qtbot):
    """Cycle 1 already there: the dialog proposes cycle 2, from the day after the 14-day break
    that follows cycle 1, at the later cycles' dose (28 µg/day d1-28)."""
    typist = Typist(qtbot, editor)
    _lines, admins = _line_and_admins(typist, 200)
    first = _open_dialog(typist, admins)
    assert first.cycle.text() == "1" and first.start.text() == "d200"
    _add_cycle(typist, first)  # 9 µg/day d200-d206, 28 µg/day d207-d227

    second = _open_dialog(typist, admins)
    assert second.cycle.text() == "2"
    assert second.start.text() == "d242"  # d227 + 14 days off + 1
    assert second.steps.text() == "28 ug/d d1-28"
    _add_cycle(typist, second)
    blin = [a for a in editor.current_case().treatment_lines[0].administrations
            if a.drug_inn == "blinatumomab"]
    assert [(a.cycle_no, a.dose, a.start_day.day, a.end_day.day) for a in blin] == [
        (1, 9.0, 200, 206), (1, 28.0, 207, 227), (2, 28.0, 242, 269)]
    assert _open_dialog(typist, admins).cycle.text() == "3"


def test_next_cycle_on_calendar_dates(editor, qtbot):
    typist = Typist(qtbot, editor)
    _lines, admins = _line_and_admins(typist, "2024-04-01")
    _add_cycle(typist, _open_dialog(typist, admins))  # ends 2024-04-28
    second = _open_dialog(typist, admins)
    assert (second.cycle.text(), second.start.text()) == ("2", "2024-05-13")
