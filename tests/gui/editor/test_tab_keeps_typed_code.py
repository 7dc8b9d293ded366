"""A code field's inline proposal is only a proposal (found by a stranger run): "C92" then Tab in
a diagnosis's ICD-10 (WHO) cell stored C92.0 (acute myeloid leukaemia), and "CN" then Tab in
Patient › Subdivision stored CN-AH (Anhui), without a word. What was typed now stays, with a
tooltip when it is no listed code (and the rules' mark, as for any unknown code); a code is taken
only when typed whole, or chosen in the list (Down, then Enter)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QToolTip

from tests.gui.conftest import press
from tests.gui.editor.keyboard import Typist


def _type(qtbot, text: str) -> None:
    """Each key to the widget with the focus at that moment, as a window system sends it."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def diagnosis_cell(qtbot, window, field: str = "icd10_who"):
    """A new case's first diagnosis row, its ``field`` cell current; the cell, and its
    table."""
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    diagnoses = typist.go_to_section("Diagnoses & reasoning").tables["diagnoses"]
    diagnoses.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    column = diagnoses.table_model.column_of(field)
    diagnoses.view.setCurrentIndex(diagnoses.view.view_index(0, column))
    return typist, diagnoses.view.proxy.index(0, column), diagnoses


def _icd_cell(qtbot, window):
    typist, cell, _table = diagnosis_cell(qtbot, window)
    return typist, cell


def _saved(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    return casebook.cases.open_case(window.session.case_id())


def _code(coded) -> str | None:
    return None if coded is None else coded.code


def test_tab_after_part_of_a_code_in_a_cell_keeps_what_was_typed(qtbot, window, casebook):
    typist, cell = _icd_cell(qtbot, window)
    _type(qtbot, "C92")
    picker = QApplication.focusWidget()
    assert picker.text().startswith("C92.0 — ")  # proposed in place, the rest selected
    typist.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not picker  # on to the next cell
    assert cell.data() == "C92"
    assert _code(window.editor.current_case().diagnoses[0].icd10_who) == "C92"
    tip = QToolTip.text()
    assert "ICD-10 (WHO): 'C92' kept as typed: not one of the listed codes" in tip
    assert "C92.0" in tip and "C92.1" in tip
    assert _code(_saved(qtbot, window, casebook).diagnoses[0].icd10_who) == "C92"


@pytest.mark.parametrize(("typed", "key", "stored"), [
    ("C92", Qt.Key.Key_Return, "C92"),  # Enter after a part keeps it too
    ("C92.0", Qt.Key.Key_Tab, "C92.0"),  # a code typed whole is taken
])
def test_enter_keeps_a_part_and_a_code_typed_whole_is_taken(qtbot, window, casebook, typed,
                                                            key, stored):
    typist, cell = _icd_cell(qtbot, window)
    _type(qtbot, typed)
    typist.key(key)
    assert cell.data() == stored
    assert _code(_saved(qtbot, window, casebook).diagnoses[0].icd10_who) == stored


def test_a_code_chosen_in_the_list_with_down_and_enter_is_taken(qtbot, window, casebook):
    typist, cell = _icd_cell(qtbot, window)
    _type(qtbot, "C92")
    picker = QApplication.focusWidget()
    typist.key(Qt.Key.Key_Down)  # opens the list of the codes holding "C92", none chosen
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    typist.key(Qt.Key.Key_Down, widget=popup)  # C92.0
    typist.key(Qt.Key.Key_Down, widget=popup)  # C92.1
    assert popup.currentIndex().data().startswith("C92.1 — ")
    typist.key(Qt.Key.Key_Return, widget=popup)
    assert not popup.isVisible()
    typist.key(Qt.Key.Key_Tab)
    assert cell.data() == "C92.1"
    assert _code(_saved(qtbot, window, casebook).diagnoses[0].icd10_who) == "C92.1"


def _subdivision(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    bindings = typist.go_to_section("Patient").forms["patient"].bindings
    typist.fill_field(bindings["country"].editor, "China")
    assert window.editor.current_case().patient.country == "CN"
    box = bindings["subdivision"].editor
    typist.click(box)
    typist.type("CN")
    assert box.text().startswith("CN-AH — ")  # proposed in place, the rest selected
    return typist, box


def _marked_not_a_subdivision(window, box) -> None:
    window.editor.feedback_runner.wait()
    assert box.property("problem") == "error"
    assert "'CN' is not a first-level ISO 3166-2 code" in box.toolTip()


def test_tab_after_part_of_a_subdivision_keeps_it_and_it_is_marked(qtbot, window, casebook):
    typist, box = _subdivision(qtbot, window)
    typist.key(Qt.Key.Key_Tab)
    assert box.text() == "CN"
    assert window.editor.current_case().patient.subdivision == "CN"
    assert "Subdivision: 'CN' kept as typed" in QToolTip.text()
    _marked_not_a_subdivision(window, box)
    assert _saved(qtbot, window, casebook).patient.subdivision == "CN"


def test_enter_or_a_click_elsewhere_keeps_it_too(qtbot, window, casebook):
    typist, box = _subdivision(qtbot, window)
    typist.key(Qt.Key.Key_Return)
    assert box.text() == "CN"
    assert window.editor.current_case().patient.subdivision == "CN"
    typist.type("-J")  # "CN-J": CN-JL, CN-JS and CN-JX start so; JL is proposed
    assert box.text().startswith("CN-J") and box.hasSelectedText()
    country = window.editor.section_page("Patient").forms["patient"].bindings["country"].editor
    qtbot.mouseClick(country, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert box.text() == "CN-J"
    assert window.editor.current_case().patient.subdivision == "CN-J"
    assert _saved(qtbot, window, casebook).patient.subdivision == "CN-J"


def test_end_takes_the_code_proposed(qtbot, window):
    typist, cell = _icd_cell(qtbot, window)
    _type(qtbot, "C92")
    typist.key(Qt.Key.Key_End)  # over the proposal, on purpose
    typist.key(Qt.Key.Key_Tab)
    assert cell.data() == "C92.0"
    assert "kept as typed" not in QToolTip.text()
