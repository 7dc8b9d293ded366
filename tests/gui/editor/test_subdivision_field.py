"""Patient › Subdivision takes a name as Country does (ISO 3166-2, shipped, no network): a name
typed in full stores the code in the case's country (Bavaria -> DE-BY), Ctrl+Space lists the
country's subdivisions by name, and the empty field says what to type. Found by a stranger
run: 'Bavaria' was stored as typed and marked with a V58 error."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model.vocab import vocabulary
from tests.gui.editor.keyboard import CTRL, Typist
from tests.gui.editor.test_editor_api import reference_case


def patient_boxes(editor, qtbot):
    editor.load_case(reference_case())
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Patient")
    bindings = page.forms["patient"].bindings
    return typist, bindings["country"].editor, bindings["subdivision"].editor


def subdivision_findings(editor):
    return [f for f in editor.problems_panel.model.findings if f.path == "patient.subdivision"]


def test_a_subdivision_name_typed_in_full_stores_its_code(editor, qtbot):
    typist, country, box = patient_boxes(editor, qtbot)
    assert "Bavaria" in box.placeholderText() and "Ctrl+Space" in box.placeholderText()
    typist.fill_field(country, "Germany")
    typist.fill_field(box, "Bavaria")
    editor.feedback_runner.wait()
    assert editor.current_case().patient.country == "DE"
    assert editor.current_case().patient.subdivision == "DE-BY"
    assert box.text() == "DE-BY — Bavaria" and box.property("problem") in (None, "")
    assert not subdivision_findings(editor)
    assert "Bavaria" in box.toolTip()

    typist.fill_field(box, "bayern")  # the local name too, any case
    assert editor.current_case().patient.subdivision == "DE-BY"
    typist.fill_field(country, "Spain")
    typist.fill_field(box, "La Rioja")  # in the country now chosen (Argentina has one too)
    assert editor.current_case().patient.subdivision == "ES-RI"
    typist.fill_field(country, "Argentina")
    typist.fill_field(box, "La Rioja")
    assert editor.current_case().patient.subdivision == "AR-F"


def test_ctrl_space_lists_the_countrys_subdivisions_by_name(editor, qtbot):
    typist, country, box = patient_boxes(editor, qtbot)
    typist.fill_field(country, "United States")
    typist.click(box)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.key(Qt.Key.Key_Delete)
    typist.key(Qt.Key.Key_Space, CTRL)
    popup = box.completer().popup()
    assert popup.isVisible()
    model = popup.model()
    shown = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert "US-CA — California" in shown
    assert all(s.startswith("US-") for s in shown) and len(shown) >= 50
    typist.key(Qt.Key.Key_Escape, widget=popup)
    typist.type("Ohio")
    typist.key(Qt.Key.Key_Space, CTRL)
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert shown == ["US-OH — Ohio"]
    typist.key(Qt.Key.Key_Down, widget=popup)
    typist.key(Qt.Key.Key_Return, widget=popup)
    typist.key(Qt.Key.Key_Tab)
    assert editor.current_case().patient.subdivision == "US-OH"


def test_every_first_level_subdivision_ships():
    subdivisions = vocabulary("subdivision")
    assert len(subdivisions.codes()) > 3000
    assert subdivisions.label("DE-BY") == "Bavaria" and subdivisions.label("CN-JS")
    assert subdivisions.named("Bayern").code == "DE-BY"
