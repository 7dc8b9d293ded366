"""Leaving a number's cell or field with nothing typed stores nothing (a code review of 728fedc):
the editor showed numbers to 10 significant figures, and the text read back was stored over the
exact value. An MRD of 1 in 30000 (3.3333333333333335e-05) showed 0.00003333333333 and F2 then
Tab stored 3.333333333e-05; a Weight of 72.12345678901234 tabbed through was stored as
72.12345679; each case became "Unsaved changes". A number now shows every digit of the stored
value, still without an exponent (a limit of detection typed 0,001% shows 0.00001). And a cell or
field left with nothing typed stores nothing: a CSF WBC or a blood RBC typed 1.1250 (stored 1.125)
was read back from its shown '1.125' as 1125 or 1.125 when only tabbed through, and refused."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_as_draft, press

C1 = "SEED-C1-CAO2023"
ONE_IN_30000 = 1 / 30000
WEIGHT = 72.12345678901234


def test_f2_then_tab_on_an_mrd_cell_changes_nothing(qtbot, casebook, stored_references,
                                                    window):
    from tests.gui.editor.keyboard import Typist

    case = casebook.cases.open_case(C1)
    case.mrd_assessments[0].value_fraction = ONE_IN_30000
    case.mrd_assessments[0].result = "detected"
    casebook.cases.save_case(case)
    open_as_draft(qtbot, casebook, window, C1)
    saved = casebook.cases.open_case(C1).version
    typist = Typist(qtbot, window.editor)
    mrd = typist.go_to_section("MRD").tables["mrd_assessments"]
    mrd.view.setFocus()
    column = mrd.table_model.column_of("value_fraction")
    cell = mrd.view.view_index(0, column)
    mrd.view.setCurrentIndex(cell)
    assert cell.data() == "0.000033333333333333335"
    assert not window.editor.is_dirty()

    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()

    assert mrd.view.view_index(0, column).data() == "0.000033333333333333335"
    assert window.editor.current_case().mrd_assessments[0].value_fraction == ONE_IN_30000
    assert not window.editor.is_dirty()
    stored = casebook.cases.open_case(C1)
    assert stored.mrd_assessments[0].value_fraction == ONE_IN_30000
    assert stored.version == saved


def test_tab_through_weight_changes_nothing(qtbot, casebook, stored_references, window):
    case = casebook.cases.open_case(C1)
    case.patient.weight_kg = WEIGHT
    casebook.cases.save_case(case)
    open_as_draft(qtbot, casebook, window, C1)
    saved = casebook.cases.open_case(C1).version
    window.editor.focus_path("patient.weight_kg")
    field = window.focusWidget()
    assert field.text() == "72.12345678901234"

    qtbot.keyClick(field, Qt.Key.Key_Tab)

    assert field.text() == "72.12345678901234"
    assert window.focusWidget() is not field
    assert window.editor.current_case().patient.weight_kg == WEIGHT
    assert not window.editor.is_dirty()
    stored = casebook.cases.open_case(C1)
    assert stored.patient.weight_kg == WEIGHT
    assert stored.version == saved


def test_f2_then_tab_on_a_three_decimal_cell_changes_nothing(qtbot, casebook, stored_references,
                                                             window):
    from tests.gui.editor.keyboard import Typist

    open_as_draft(qtbot, casebook, window, C1)
    typist = Typist(qtbot, window.editor)
    csf = typist.go_to_section("CSF & CNS").tables["csf_assessments"]
    csf.view.setFocus()
    column = csf.table_model.column_of("wbc_per_uL")
    csf.view.setCurrentIndex(csf.view.view_index(0, column))
    typist.key(Qt.Key.Key_F2)
    typist.type("1.1250")
    typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_Escape)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).csf_assessments[0].wbc_per_uL == 1.125)
    assert not window.editor.is_dirty()

    csf.view.setCurrentIndex(csf.view.view_index(0, column))
    assert csf.view.view_index(0, column).data() == "1.125"
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()

    assert csf.view.view_index(0, column).data() == "1.125"
    assert window.editor.current_case().csf_assessments[0].wbc_per_uL == 1.125
    assert window.editor.ctx.unstored == {}
    assert not window.editor.is_dirty()


def test_tab_through_a_three_decimal_field_changes_nothing(qtbot, casebook, stored_references,
                                                           window):
    from tests.gui.editor.keyboard import Typist
    from tests.gui.editor.test_refused_cell_then_stored import _tick

    case = casebook.cases.open_case(C1)  # typed as 4.1250 (4.125 is 4125 or 4.125) and saved
    case.csf_assessments[0].pb_rbc_same_day = 4.125
    casebook.cases.save_case(case)
    open_as_draft(qtbot, casebook, window, C1)
    typist = Typist(qtbot, window.editor)
    csf = typist.go_to_section("CSF & CNS").tables["csf_assessments"]
    csf.view.setFocus()
    csf.view.setCurrentIndex(csf.view.view_index(0, 0))
    group = csf.row_form.parentWidget()
    qtbot.mouseClick(group, Qt.MouseButton.LeftButton, pos=group.rect().topLeft() + _tick(group))
    field = csf.row_form.bindings["pb_rbc_same_day"].editor
    assert not window.editor.is_dirty()

    typist.click(field)
    assert field.text() == "4.125"
    typist.key(Qt.Key.Key_Tab)

    assert window.focusWidget() is not field
    assert field.text() == "4.125"
    assert field.property("problem") != "error"
    assert window.editor.current_case().csf_assessments[0].pb_rbc_same_day == 4.125
    assert window.editor.ctx.unstored == {}
    assert not window.editor.is_dirty()
