"""Patient › Country and Subdivision show the place's name beside its code, as a choice with a
label does ("CN — China", "DE-BY — Bavaria"; a stranger run read a bare "CN"), while the case
keeps the code; typing the code or the name still takes it, and tabbing through a field that
shows a name changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model.report import Patient
from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_editor_api import reference_case


def patient_boxes(editor, qtbot, country: str | None, subdivision: str | None):
    case = reference_case()
    case.patient = (case.patient or Patient()).model_copy(
        update={"country": country, "subdivision": subdivision})
    editor.load_case(case)
    typist = Typist(qtbot, editor)
    bindings = typist.go_to_section("Patient").forms["patient"].bindings
    return typist, bindings["country"].editor, bindings["subdivision"].editor


def test_a_stored_country_and_subdivision_show_their_names(editor, qtbot):
    typist, country, sub = patient_boxes(editor, qtbot, "CN", "CN-JS")
    assert country.text() == "CN — China"
    assert sub.text() == "CN-JS — Jiangsu Sheng"
    typist.click(country)
    typist.key(Qt.Key.Key_Tab)
    typist.key(Qt.Key.Key_Tab)  # through Country and Subdivision: nothing typed, nothing changed
    assert not editor.is_dirty()
    assert editor.current_case().patient.country == "CN"
    assert editor.current_case().patient.subdivision == "CN-JS"


def test_typing_the_code_or_the_name_stores_the_code_and_shows_the_name(editor, qtbot):
    typist, country, sub = patient_boxes(editor, qtbot, None, None)
    typist.fill_field(country, "DE")
    assert editor.current_case().patient.country == "DE"
    assert country.text() == "DE — Germany"
    typist.fill_field(sub, "Bavaria")
    assert editor.current_case().patient.subdivision == "DE-BY"
    assert sub.text() == "DE-BY — Bavaria"
    typist.fill_field(country, "china")
    assert editor.current_case().patient.country == "CN"
    assert country.text() == "CN — China"
    typist.fill_field(sub, "CN-JS")
    assert editor.current_case().patient.subdivision == "CN-JS"
    assert sub.text() == "CN-JS — Jiangsu Sheng"


def test_a_value_that_is_no_country_shows_as_it_is(editor, qtbot):
    _typist, country, _sub = patient_boxes(editor, qtbot, "East Asian", None)
    assert country.text() == "East Asian"
