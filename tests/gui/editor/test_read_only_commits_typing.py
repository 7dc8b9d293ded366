"""A case that turns read-only (locked, moved to the trash while open) while a date or a table
cell is half-typed: the text goes into the case first, as leaving the field would. Found in a
review: a read-only form refuses every commit, so the typed date stayed visible in its field
but was in neither the case nor its draft, and leaving the field no longer stored it (before,
the form was disabled, which moved the focus out and so stored the text)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from core.model import Case
from tests.gui.editor.keyboard import Typist


def _loaded(editor) -> None:
    editor.load_case(Case.model_validate(
        {"case_id": "HC-TEST0001", "case_report": {"title": "T", "day0": "2023-01-10"}}))


def _type_date(qtbot, editor, text: str):
    editor.focus_path("case_report.day0")
    field = editor.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, text)  # no Tab: the field still has the cursor
    return field


def test_a_half_typed_date_is_stored_before_the_form_turns_read_only(qtbot, editor):
    _loaded(editor)
    field = _type_date(qtbot, editor, "2023-04-18")
    assert str(editor.current_case().case_report.day0) == "2023-01-10"  # not yet committed

    editor.set_read_only(True)

    assert editor.is_read_only() and field.isReadOnly()
    assert field.text() == "2023-04-18"
    assert str(editor.current_case().case_report.day0) == "2023-04-18"
    assert editor.is_dirty() and not editor.unstored_inputs()
    editor.set_read_only(False)  # restored: the change is still there, to save
    assert str(editor.current_case().case_report.day0) == "2023-04-18"


def test_an_impossible_date_is_kept_marked_as_leaving_the_field_keeps_it(qtbot, editor):
    _loaded(editor)
    field = _type_date(qtbot, editor, "31.02.2023")

    editor.set_read_only(True)  # no exception: the text is kept, marked not stored

    assert field.text() == "31.02.2023"
    assert field.property("problem") == "error"
    assert editor.unstored_typed() == {"case_report.day0": "31.02.2023"}
    assert str(editor.current_case().case_report.day0) == "2023-01-10"


def test_an_open_table_cell_is_stored_and_closed_before_the_form_turns_read_only(
        qtbot, editor):
    _loaded(editor)
    panel = Typist(qtbot, editor).go_to_section("Labs").tables["labs"]
    panel.add_row()
    view = panel.view
    view.setFocus()
    view.setCurrentIndex(view.view_index(0, panel.table_model.column_of("day")))
    for char in "2023-09-25":
        qtbot.keyClicks(QApplication.focusWidget(), char)
    assert view.state() == view.State.EditingState

    editor.set_read_only(True)

    assert view.state() != view.State.EditingState  # the cell's editor closed, as Tab does
    assert str(editor.current_case().labs[0].day) == "2023-09-25"
    qtbot.wait(10)  # the closed editor's deferred focus-out stores nothing more, raises nothing
    assert str(editor.current_case().labs[0].day) == "2023-09-25"
