"""Choice labels in words (stranger run): the Response Category list showed its raw codes
(`complete_MRD_response`, `MRD_intermediate`, `SD_NR — Stable disease / no response`), and CRS
detail › Hypoxia read "low flow le 6L or blow by". The list now shows the words the field and
the PDF show ("SD/NR — …", "complete MRD response"), Hypoxia the ASTCT criteria's words; a row
chosen, or the words typed, store the code as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import focus_field, open_as_draft, press
from tests.gui.editor.keyboard import Typist

C2 = "SEED-C2-CAO2023"
HYPOXIA = "adverse_events[0].crs_detail.hypoxia"


def test_the_response_category_list_reads_in_words(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    responses = typist.go_to_section("Responses").tables["response_assessments"]
    responses.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    column = responses.table_model.column_of("category")
    responses.view.setCurrentIndex(responses.view.view_index(0, column))
    typist.key(Qt.Key.Key_F2)
    typist.key(Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)  # the whole list
    picker = QApplication.focusWidget()
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    listed = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert "SD/NR — Stable disease / no response" in listed
    assert "complete MRD response" in listed and "MRD intermediate" in listed
    assert not [text for text in listed if "_" in text]
    row = listed.index("SD/NR — Stable disease / no response")
    for _ in range(row + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.editor.current_case().response_assessments[0].category == "SD_NR"
    assert responses.view.view_index(0, column).data() == "SD/NR"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.response_assessments[0].category == "SD_NR"


def test_hypoxia_reads_as_astct_says(qtbot, stored_references, casebook, window):
    open_as_draft(qtbot, casebook, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    box = focus_field(window, HYPOXIA)
    listed = [box.itemText(i) for i in range(box.count())]
    assert "low-flow ≤6 L/min or blow-by" in listed
    assert "high-flow >6 L/min, facemask, non-rebreather or Venturi" in listed
    assert not [text for text in listed if " le " in text or " gt " in text]
    box.line_edit().selectAll()
    qtbot.keyClicks(box, "high")  # only high-flow
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.currentText() == "high-flow >6 L/min, facemask, non-rebreather or Venturi"
    hypoxia = "high_flow_gt_6L_facemask_nonrebreather_venturi"
    assert window.editor.current_case().adverse_events[0].crs_detail.hypoxia == hypoxia
    box = focus_field(window, HYPOXIA)
    box.line_edit().selectAll()
    qtbot.keyClicks(box, "low flow le 6L or blow by")  # the old words still take it
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.currentText() == "low-flow ≤6 L/min or blow-by"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(C2).adverse_events[0].crs_detail
    assert stored.hypoxia == "low_flow_le_6L_or_blow_by"
