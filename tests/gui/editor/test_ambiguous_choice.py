"""A choice typed only as far as a start that several values share is not a choice: found
entering reference case 1 by keyboard in a real window, "CR" then Tab in Outcome › Disease
status at last contact stored "CR, MRD negative" (the first of CR MRD negative / positive /
unknown that inline completion proposed), an MRD status nobody typed; "bm" then Tab in a
bone-marrow row's Specimen stored "BM aspirate" (of BM aspirate / BM biopsy). Nothing is stored;
the typed start stays in the field marked as not stored (test_part_typed_choice). Enter (or End)
still takes the proposed value on purpose; a start only one value has still completes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import focus_field, press

FIELD = "outcome.disease_status_at_last_contact"



def test_tab_after_a_start_several_values_share_stores_nothing(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, FIELD)
    qtbot.keyClicks(combo, "CR")
    assert combo.currentText() == "CR, MRD negative"  # proposed inline, the rest selected
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.disease_status_at_last_contact is None
    assert combo.currentText() == "CR"  # kept, marked: not stored
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.outcome.disease_status_at_last_contact is None


def test_enter_takes_the_proposed_value_and_a_unique_start_completes(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    combo = focus_field(window, FIELD)
    qtbot.keyClicks(combo, "CR")
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # taken on purpose
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.disease_status_at_last_contact == "CR_MRD_negative"

    combo = focus_field(window, "outcome.vital_status")
    qtbot.keyClicks(combo, "al")  # only "alive" starts so
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert window.editor.current_case().outcome.vital_status == "alive"


def marrow_row_at_specimen(qtbot, window):
    """A new case's first marrow row, dated d-3, the cursor on its Specimen cell."""
    from tests.gui.editor.keyboard import Typist

    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    marrow = typist.go_to_section("Bone marrow").tables["bm_assessments"]
    marrow.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    typist.type("d-3")
    typist.key(Qt.Key.Key_Tab)
    return typist, marrow


def test_a_table_cell_left_on_a_shared_start_keeps_its_value(qtbot, window):
    typist, marrow = marrow_row_at_specimen(qtbot, window)
    column = marrow.table_model.column_of("specimen")
    assert marrow.view.currentIndex().column() == column
    typist.key(Qt.Key.Key_F2)
    typist.type("bm")  # BM aspirate or BM biopsy
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().bm_assessments[0].specimen is None
    assert marrow.view.view_index(0, column).data() == "bm"  # kept, marked: not stored


def test_escape_in_a_table_choice_cell_stores_nothing_typed(qtbot, window):
    typist, marrow = marrow_row_at_specimen(qtbot, window)
    typist.key(Qt.Key.Key_F2)
    typist.type("bm")
    typist.key(Qt.Key.Key_Escape)
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.current_case().bm_assessments[0].specimen is None
