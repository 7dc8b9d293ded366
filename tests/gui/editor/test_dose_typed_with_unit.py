"""A dose typed with its unit in a treatment line's Dose cell ('28 µg/day'): the number goes in
Dose and the unit in Dose unit when that cell is empty or already says it (one undo step); a
unit Dose unit cannot hold, or another than the one it holds, is refused saying to type the
unit in Dose unit. Was "'28 µg/day' is not a number". Found by a stranger run (hematologist)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.editor.keyboard import CTRL, Typist, focused


def _admins(typist: Typist, row: dict):
    page = typist.go_to_section("Treatment")
    lines = page.tables["treatment_lines"]
    typist.add_rows(lines, [{"line_no": 1, "intent": "induction", "start_day": 1}],
                    lambda panel, r: None)
    admins = lines.detail_tables[0]
    typist.add_rows(admins, [row], lambda panel, r: None)
    return admins


def _type_in_cell(typist: Typist, panel, name: str, text: str) -> None:
    typist.select_row(panel, 0)
    view, column = panel.view, panel.table_model.column_of(name)
    while view.currentIndex().column() != column:
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type(text)
    typist.key(Qt.Key.Key_Return)  # stores the cell
    assert focused() is view


def _cell(panel, name: str) -> str:
    return panel.view.view_index(0, panel.table_model.column_of(name)).data()


def _admin(editor):
    return editor.current_case().treatment_lines[0].administrations[0]


def test_dose_with_its_unit_fills_dose_unit(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _admins(typist, {"drug_inn": "blinatumomab"})
    _type_in_cell(typist, admins, "dose", "28 µg/day")
    # the unit is shown as the PDF writes it, stored as its code
    assert (_cell(admins, "dose"), _cell(admins, "dose_unit")) == ("28", "µg/day")
    assert (_admin(editor).dose, _admin(editor).dose_unit) == (28.0, "ug/d")
    assert not editor.ctx.unstored

    editor.ctx.undo_stack.undo()  # one step: both cells
    assert (_admin(editor).dose, _admin(editor).dose_unit) == (None, None)


def test_dose_with_the_unit_already_in_dose_unit(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _admins(typist, {"drug_inn": "cytarabine", "dose_unit": "mg/m2"})
    _type_in_cell(typist, admins, "dose", "100 mg/m²")
    assert (_admin(editor).dose, _admin(editor).dose_unit) == (100.0, "mg/m2")


def test_another_unit_is_refused_saying_where_the_unit_goes(editor, qtbot):
    typist = Typist(qtbot, editor)
    admins = _admins(typist, {"drug_inn": "dexamethasone", "dose": 20, "dose_unit": "mg"})
    _type_in_cell(typist, admins, "dose", "28 µg/day")
    message = " ".join(editor.ctx.unstored.values())
    assert "'28 µg/day': Dose unit is mg; type the unit in Dose unit" in message
    assert "not a number" not in message
    assert (_admin(editor).dose, _admin(editor).dose_unit) == (20.0, "mg")  # unchanged
    assert _cell(admins, "dose") == "28 µg/day"  # kept in the cell, marked

    _type_in_cell(typist, admins, "dose", "28 mL")
    message = " ".join(editor.ctx.unstored.values())
    assert "'28 mL': type the number in Dose and the unit in Dose unit" in message
    assert (_admin(editor).dose, _admin(editor).dose_unit) == (20.0, "mg")
