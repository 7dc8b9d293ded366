"""A dose typed with its unit in a form field of "More of the row" ('28 µg/day' in an
administration's Dose given) is taken as the Dose cell takes it (d404c29): the number in Dose
given and the unit in Dose given unit, one undo step; a unit that field cannot hold, or another
than the one it holds, is refused with the cell's words. Was "'28 µg/day' is not a number"."""

from __future__ import annotations

from tests.gui.editor.keyboard import Typist, focused
from tests.gui.editor.test_dose_typed_with_unit import _admin, _admins


def _type_in_form(typist: Typist, panel, name: str, text: str):
    typist.select_row(panel, 0)
    typist.open_more_of_the_row(panel)
    field = panel.row_form.bindings[name].editor
    typist.fill_field(field, text)  # Tab leaves the field: it is stored
    assert focused() is not field
    return panel.row_form


def test_dose_given_with_its_unit_fills_dose_given_unit(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _admins(typist, {"drug_inn": "blinatumomab"})
    form = _type_in_form(typist, admins, "dose_given", "28 µg/day")
    assert (_admin(editor).dose_given, _admin(editor).dose_given_unit) == (28.0, "ug/d")
    assert form.bindings["dose_given"].editor.value_text() == "28"
    assert form.bindings["dose_given_unit"].editor.value_text() == "µg/day"
    assert form.bindings["dose_given"].input_error is None
    assert not editor.ctx.unstored

    editor.ctx.undo_stack.undo()  # one step: both fields
    assert (_admin(editor).dose_given, _admin(editor).dose_given_unit) == (None, None)
    assert form.bindings["dose_given_unit"].editor.value_text() == ""


def test_dose_given_with_the_unit_already_there(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _admins(typist, {"drug_inn": "vincristine", "dose_given_unit": "mg"})
    _type_in_form(typist, admins, "dose_given", "2 mg")
    assert (_admin(editor).dose_given, _admin(editor).dose_given_unit) == (2.0, "mg")
    assert not editor.ctx.unstored


def test_another_unit_is_refused_in_the_form_as_in_the_cell(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _admins(typist, {"drug_inn": "vincristine", "dose_given": 2,
                              "dose_given_unit": "mg"})
    form = _type_in_form(typist, admins, "dose_given", "28 µg/day")
    message = " ".join(editor.ctx.unstored.values())
    assert ("'28 µg/day': Dose given unit is mg; type the unit in Dose given unit, the number "
            "alone in Dose given") in message
    assert "not a number" not in message
    assert form.bindings["dose_given"].editor.value_text() == "28 µg/day"  # kept, marked
    assert (_admin(editor).dose_given, _admin(editor).dose_given_unit) == (2.0, "mg")

    # per m² is a dose unit, but not one Dose given (an absolute dose) can hold
    _type_in_form(typist, admins, "dose_given", "1.5 mg/m²")
    message = " ".join(editor.ctx.unstored.values())
    assert "'1.5 mg/m²': type the number in Dose given and the unit in Dose given unit" in message
    assert (_admin(editor).dose_given, _admin(editor).dose_given_unit) == (2.0, "mg")
