"""A listed code typed in lower case is that code: Patient › Country 'de', End (the proposal
'de — Germany' taken), Tab showed 'de' and stored 'de', a code no ISO country has, where a
pick from the list or 'DE' typed show and store 'DE'. Tab without End (the proposal left)
and a subdivision's code ('de-by') alike."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import press
from tests.gui.editor.keyboard import CTRL, Typist


def _country(qtbot, window):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    box = typist.go_to_section("Patient").forms["patient"].bindings["country"].editor
    return typist, box


def _saved(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    return casebook.cases.open_case(window.session.case_id())


@pytest.mark.parametrize("keys", [[Qt.Key.Key_End, Qt.Key.Key_Tab], [Qt.Key.Key_Tab]],
                         ids=["End then Tab", "Tab"])
def test_a_country_code_typed_in_lower_case(qtbot, window, casebook, keys):
    typist, box = _country(qtbot, window)
    typist.click(box)
    typist.type("de")
    assert box.text() == "de — Germany"  # proposed in place
    for key in keys:
        typist.key(key)
    window.editor.feedback_runner.wait()
    assert box.text() == "DE — Germany"  # as a pick from the list shows it
    assert window.editor.current_case().patient.country == "DE"
    assert box.property("problem") in (None, "")
    assert _saved(qtbot, window, casebook).patient.country == "DE"


def test_a_subdivision_code_typed_in_lower_case(qtbot, window, casebook):
    typist, box = _country(qtbot, window)
    typist.click(box)
    typist.type("DE")
    typist.key(Qt.Key.Key_End)
    typist.key(Qt.Key.Key_Tab)
    sub = window.editor.section_page("Patient").forms["patient"].bindings["subdivision"].editor
    typist.click(sub)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type("de-by")
    typist.key(Qt.Key.Key_Tab)
    assert sub.text() == "DE-BY — Bavaria"
    patient = _saved(qtbot, window, casebook).patient
    assert (patient.country, patient.subdivision) == ("DE", "DE-BY")
