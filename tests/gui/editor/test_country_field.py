"""Patient › Country takes a country (ISO 3166-1, shipped, no network): a name typed in full
stores its code, the list suggests countries by name, and a value that is not a country
('East Asian', an ethnicity) is kept but marked with a message naming the field."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.editor.keyboard import CTRL, Typist
from tests.gui.editor.test_editor_api import reference_case


def country_box(editor, qtbot):
    editor.load_case(reference_case())
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Patient")
    return typist, page.forms["patient"].bindings["country"].editor


def test_a_value_that_is_not_a_country_is_kept_and_marked(editor, qtbot):
    typist, box = country_box(editor, qtbot)
    typist.fill_field(box, "East Asian")
    editor.feedback_runner.wait()
    assert editor.current_case().patient.country == "East Asian"  # kept, not lost
    assert box.property("problem") == "warning"
    assert "Country: 'East Asian' is not a country" in box.toolTip()
    listed = [f for f in editor.problems_panel.model.findings if f.path == "patient.country"]
    assert [(f.rule_id, f.severity) for f in listed] == [("V58", "warning")]
    assert "Country" in listed[0].message

    typist.fill_field(box, "germany")  # a country's name, typed in full: its code is stored
    editor.feedback_runner.wait()
    assert editor.current_case().patient.country == "DE"
    assert box.text() == "DE — Germany" and box.property("problem") in (None, "")
    assert not [f for f in editor.problems_panel.model.findings if f.path == "patient.country"]


def test_the_list_suggests_every_iso_country_by_name(editor, qtbot):
    typist, box = country_box(editor, qtbot)
    typist.click(box)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.type("Mongol")
    typist.key(Qt.Key.Key_Space, CTRL)
    popup = box.completer().popup()
    assert popup.isVisible()
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert "MN — Mongolia" in shown
    typist.key(Qt.Key.Key_Down, widget=popup)
    typist.key(Qt.Key.Key_Return, widget=popup)
    typist.key(Qt.Key.Key_Tab)
    assert editor.current_case().patient.country == "MN"
