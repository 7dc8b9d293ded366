"""Patient › Ethnicity says what may be typed (stranger finding): its empty field read "type a
code", but the list holds names (East Asian, White, …) and a self-reported ethnicity may be
the patient's own words. The hint fits the field at 1024x768; a name or own words are stored."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist

C1 = "SEED-C1-CAO2023"


def test_ethnicity_says_names_or_own_words_and_stores_them(qtbot, stored_references, window,
                                                         casebook):
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    typist = Typist(qtbot, window.editor)
    box = typist.go_to_section("Patient").forms["patient"].bindings["ethnicity"].editor
    typist.click(box)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.key(Qt.Key.Key_Delete)
    hint = box.placeholderText()
    assert "code" not in hint and "East Asian" in hint and "own words" in hint
    assert box.fontMetrics().horizontalAdvance(hint) < box.width() - 8  # shown whole
    assert "own words" in box.toolTip()

    typist.fill_field(box, "Ashkenazi Jewish")  # the patient's own words: kept as typed
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C1).patient.ethnicity == "Ashkenazi Jewish"
    typist.fill_field(box, "South Asian")  # a name of the list
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C1).patient.ethnicity == "South Asian"
