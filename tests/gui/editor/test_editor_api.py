"""The editor's contract with the shell: load, edit, dirty state, undo, save, focus_path."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.model import Case
from gui.editor.screens import section_names
from tests.conftest import REFERENCE_CASEBOOK
from tests.gui.editor.keyboard import CTRL, Typist, focused


def reference_case() -> Case:
    return Case.model_validate(json.loads(REFERENCE_CASEBOOK.read_text())["cases"][0])


def test_load_edit_dirty_undo_and_mark_saved(editor, qtbot, casebook):
    case = Case(case_id="HC-TEST0001")
    editor.load_case(case)
    assert not editor.is_dirty() and editor.current_case() == case
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Patient")
    with qtbot.waitSignal(editor.dirty_changed) as dirty:
        typist.fill_field(page.forms["patient"].bindings["weight_kg"].editor, "68")
    assert dirty.args == [True]
    assert editor.current_case().patient.weight_kg == 68.0
    assert editor.undo_stack.count() == 1  # typing "6", "8" is one undo step

    typist.key(Qt.Key.Key_Z, CTRL, editor)
    assert editor.current_case().patient.weight_kg is None and not editor.is_dirty()
    typist.key(Qt.Key.Key_Y, CTRL, editor)
    assert editor.current_case().patient.weight_kg == 68.0

    stored = casebook.cases.save_case(editor.current_case())
    editor.mark_saved(stored)
    assert not editor.is_dirty() and editor.current_case().version == 1
    typist.fill_field(page.forms["patient"].bindings["height_cm"].editor, "172")
    again = casebook.cases.save_case(editor.current_case())  # no conflict: version adopted
    assert again.version == 2 and again.patient.height_cm == 172.0


def test_sections_switch_by_keyboard(editor, qtbot):
    names = section_names()
    assert editor.current_section() == names[0]
    qtbot.keyClick(editor, Qt.Key.Key_PageDown, CTRL)
    assert editor.current_section() == names[1]
    qtbot.keyClick(focused(), Qt.Key.Key_3, CTRL)
    assert editor.current_section() == names[2]
    qtbot.keyClick(focused(), Qt.Key.Key_PageUp, CTRL)
    assert editor.current_section() == names[1]
    for name in names:
        editor.show_section(name)
        assert editor.current_section() == name


def test_focus_path_reaches_nested_cells_and_form_fields(editor):
    editor.load_case(reference_case())
    editor.focus_path("csf_assessments[2].wbc_per_uL")
    csf = editor.section_page("CSF & CNS").tables["csf_assessments"]
    index = csf.view.currentIndex()
    assert csf.view.current_storage_row() == 2
    assert csf.table_model.columns[csf.view.proxy.mapToSource(index).column()].key == "wbc_per_uL"

    editor.focus_path("treatment_lines[2].administrations[3].route")
    lines = editor.section_page("Treatment").tables["treatment_lines"]
    admins = lines.detail_tables[0]
    assert lines.view.current_storage_row() == 2
    assert admins.view.current_storage_row() == 3
    assert admins.view.currentIndex().data() == "IT"

    editor.focus_path("patient.weight_kg")
    assert editor.current_section() == "Patient"
    assert QApplication.focusWidget().accessibleName() == "Weight"


def test_bad_when_text_is_reported_inline_and_not_stored(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Outcome")
    field = page.forms["outcome"].bindings["last_follow_up_day"].editor
    typist.fill_field(field, "18.04.2023x")
    assert field.property("problem") == "error"
    assert "not a date" in field.toolTip()
    assert editor.current_case().outcome.last_follow_up_day is None
    typist.fill_field(field, "18/04/2023")  # the user's date format (settings.date_format)
    assert field.property("problem") in ("", None)
    assert editor.current_case().outcome.last_follow_up_day.date == "2023-04-18"
    typist.fill_field(field, "d-30")
    assert editor.current_case().outcome.last_follow_up_day.day == -30


def test_missing_reason_from_selector_and_ctrl_m(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Patient")
    form = page.forms["patient"]
    typist.fill_field(form.reasons["sex"], "(unknown)")
    assert editor.current_case().patient.nf == {"sex": "unknown"}
    typist.click(form.bindings["ecog"].editor)
    typist.key(Qt.Key.Key_M, CTRL)
    typist.key(Qt.Key.Key_D, widget=QApplication.activePopupWidget())  # Not &done
    assert editor.current_case().patient.nf == {"sex": "unknown", "ecog": "not_done"}
    assert form.bindings["ecog"].editor.text() == "(not done)"
    typist.fill_field(form.bindings["ecog"].editor, "2")  # a value clears the reason
    assert editor.current_case().patient.nf == {"sex": "unknown"}
    assert editor.current_case().patient.ecog == 2


def test_rows_add_duplicate_remove_with_shortcuts_and_undo(editor, qtbot):
    typist = Typist(qtbot, editor)
    labs = typist.go_to_section("Labs").tables["labs"]
    typist.add_rows(labs, [{"day": 5, "analyte": "WBC", "value_entered": 3.2,
                            "unit_entered": "10*9/L"}], lambda *_: None)
    typist.select_row(labs, 0)
    typist.key(Qt.Key.Key_D, CTRL)
    assert [lab.value_entered for lab in editor.current_case().labs] == [3.2, 3.2]
    typist.key(Qt.Key.Key_Delete, CTRL)
    assert len(editor.current_case().labs) == 1
    editor.undo_stack.undo()
    assert len(editor.current_case().labs) == 2
    while editor.undo_stack.canUndo():
        editor.undo_stack.undo()
    assert editor.current_case().labs == [] and not editor.is_dirty()


def test_rows_sort_by_when_but_keep_entry_order(editor, qtbot):
    typist = Typist(qtbot, editor)
    labs = typist.go_to_section("Labs").tables["labs"]
    rows = [{"day": 30, "analyte": "WBC"}, {"day": 2, "analyte": "ANC"},
            {"day": 30, "analyte": "Platelets"}]
    typist.add_rows(labs, rows, lambda *_: None)
    shown = [labs.view.model().index(r, labs.table_model.column_of("analyte")).data()
             for r in range(3)]
    assert shown == ["ANC", "WBC", "Platelets"]  # by day; ties in entry order
    assert [lab.analyte for lab in editor.current_case().labs] == ["WBC", "ANC", "Platelets"]


def test_paste_tsv_block_fills_right_and_down_adding_rows(editor, qtbot):
    typist = Typist(qtbot, editor)
    labs = typist.go_to_section("Labs").tables["labs"]
    typist.focus_table(labs)
    # the columns as shown (issue 15): when, analyte, value, unit (read-only ones skipped)
    QApplication.clipboard().setText("d0\tWBC\t86.4\t10*9/L\n"
                                     "d0\tHemoglobin\t8,8\tg/dL\n"
                                     "d30\tPlatelets\tlots\t10*9/L\n")
    typist.key(Qt.Key.Key_V, CTRL)
    labs_now = editor.current_case().labs
    assert [(lab.day.day, lab.analyte, lab.value_entered) for lab in labs_now] == [
        (0, "WBC", 86.4), (0, "Hemoglobin", 8.8), (30, "Platelets", None)]
    assert "not accepted" in labs.status.text()  # 'lots' is kept red in its cell
    value = labs.view.view_index(2, labs.table_model.column_of("value_entered"))
    assert value.data() == "lots" and "not a number" in value.data(Qt.ItemDataRole.ToolTipRole)
    editor.undo_stack.undo()  # the whole paste is one step
    assert editor.current_case().labs == []


def test_timeline_lists_dated_events_with_day_numbers(editor):
    editor.load_case(reference_case())
    # the day without its placeholder mark ("d0 †": reference_case's records are placeholders)
    items = [(day.removesuffix("\u00a0†"), *rest) for day, *rest in editor.timeline_view.items()]
    assert items and items[0][0] == "d0"
    days = [int(day[1:]) for day, _when, _label in items if day]
    assert days == sorted(days)


def test_value_the_model_refuses_is_reported_and_never_stored(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Title & keywords")
    title = page.forms["case_report"].bindings["title"].editor
    typist.fill_field(title, "A case report " + "x" * 260)
    assert title.property("problem") == "error" and "at most 250" in title.toolTip()
    # nothing of the refused text is stored, not even the 250 characters that fitted on the
    # way (the title is what it was before the typing); the case still validates
    assert editor.current_case().case_report.title is None


def test_vocabulary_search_in_a_cell_finds_words_inside_labels(editor, qtbot):
    typist = Typist(qtbot, editor)
    lines = typist.go_to_section("Treatment").tables["treatment_lines"]
    typist.add_rows(lines, [{"line_no": 1}], lambda *_: None)
    admins = lines.detail_tables[0]
    typist.focus_table(admins)
    typist.key(Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    while admins.view.currentIndex().column() != admins.table_model.column_of("drug_inn"):
        typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_F2)
    typist.type("cristine")
    picker = focused()
    typist.key(Qt.Key.Key_Space, CTRL)  # search anywhere in code and label
    popup = picker.completer().popup()
    assert popup.isVisible()
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert shown == ["vincristine"]
    typist.key(Qt.Key.Key_Down, widget=popup)
    typist.key(Qt.Key.Key_Return, widget=popup)
    typist.key(Qt.Key.Key_Tab)
    assert editor.current_case().treatment_lines[0].administrations[0].drug_inn == "vincristine"


def test_a_date_shows_its_day_number_beside_it(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Title & keywords")
    typist.fill_field(page.forms["case_report"].bindings["day0"].editor, "2023-01-01")
    page = typist.go_to_section("Outcome")
    form = page.forms["outcome"]
    typist.fill_field(form.bindings["last_follow_up_day"].editor, "31/01/2023")
    editor.feedback_runner.wait()
    assert form.beside["last_follow_up_day"].text() == "derived: day 30"
