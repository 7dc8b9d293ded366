"""A case's Sex reads alike in the search filters and in the editor (stranger test: the
Filters panel offered "Female", the editor's Patient form showed "female" for the same value):
both give the model's words for the code (core.model.codes.code_label), as the PDF does."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model.codes import code_label
from tests.gui.conftest import open_from_list
from tests.gui.test_filters_room import C2, settle, shown_ids, wait_for_search


def test_sex_reads_the_same_in_the_filters_and_the_editor(qtbot, stored_references, window,
                                                          casebook):
    assert casebook.cases.open_case(C2).patient.sex == "female"
    qtbot.mouseClick(window.search_panel.filters_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    sex = window.search_panel.filter_panel.fields["sex"]
    offered = [sex.itemText(i) for i in range(1, sex.count())]
    assert offered == [code_label(v) for v in ("female", "male", "other", "unknown")]
    sex.setFocus()
    qtbot.keyClick(sex, Qt.Key.Key_Down)
    assert sex.currentText() == "female" and window.case_list.filter_box.text() == "sex:f"
    wait_for_search(qtbot, window)
    assert shown_ids(window) == {C2}

    open_from_list(qtbot, window, C2)
    window.editor.focus_path("patient.sex")
    field = window.focusWidget()
    assert field.currentText() == "female"  # the same words as the filter that found it
    listed = [field.itemText(i) for i in range(field.count())]
    assert set(offered) <= set(listed), listed
