"""Issue 15, internal ids hidden: a bone-marrow assessment's, an immunophenotype panel's, a
diagnosis's, a molecular test's and a neuroimaging study's own id has no visible column; it is
read and typed in "More of the row" (whose fields keep a usable height, also when keys unfold it
and go straight on), and what is typed there is stored in the case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list

C1 = "SEED-C1-CAO2023"


def open_table(qtbot, window, section: str, path: str):
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.show_section(section)
    qtbot.wait(20)
    QApplication.processEvents()
    return window.editor.section_page(section).tables[path]


@pytest.mark.parametrize(("section", "path", "id_key"), [
    ("Bone marrow", "bm_assessments", "bm_assessment_id"),
    ("Immunophenotype", "immunophenotype_panels", "panel_id"),
    ("Diagnoses & reasoning", "diagnoses", "diagnosis_id"),
    ("Molecular", "molecular_tests", "molecular_test_id"),
    ("Neuroimaging", "neuroimaging", "neuroimaging_id")])
def test_own_id_is_typed_in_more_of_the_row_not_a_column(qtbot, stored_references, window,
                                                         section, path, id_key):
    table = open_table(qtbot, window, section, path)
    assert table.table_model.rowCount()
    assert table.view.isColumnHidden(table.table_model.column_of(id_key))  # before: "Id"
    visible = [c.title for i, c in enumerate(table.table_model.columns)
               if not table.view.isColumnHidden(i)]
    assert "Id" not in visible, visible
    assert table.table_model.columns[0].key == "day"  # the order read first is unchanged
    from tests.gui.row_keys import walk_row

    walk = walk_row(qtbot, table)
    assert id_key not in walk.cells and id_key in walk.form
    editor = table.row_form.bindings[id_key].editor
    assert editor.height() >= 16  # readable, not squeezed by the form's other fields
    stored = getattr(getattr(window.editor.current_case(), path)[0], id_key)
    assert stored is not None and editor.text() == str(stored)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "917")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert getattr(getattr(window.editor.current_case(), path)[0], id_key) == 917
    assert table.table_model.record(0).get(id_key) == 917
