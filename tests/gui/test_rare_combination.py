"""Rule V60 in the app (reference §9.2): typing an age of 93 into a case from Jiangsu shows a
rare-combination warning in Problems, naming the age and the subdivision; the clinician selects
it, types a reason and confirms; the warning leaves the list and the saved case holds the
override with its reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from tests.gui.conftest import open_as_draft, press, type_in_field
from tests.gui.rare_v60 import v60_rows

C1 = "SEED-C1-CAO2023"
REASON = "published with the family's consent to name the province"


def test_rare_combination_warned_and_confirmed_with_a_reason(qtbot, casebook,
                                                            stored_references, window):
    open_as_draft(qtbot, casebook, window, C1)
    type_in_field(qtbot, window, "patient.subdivision", "CN-JS")
    assert not v60_rows(window)  # 34 years old: no rare combination
    type_in_field(qtbot, window, "patient.age_at_day0", "93")
    qtbot.waitUntil(lambda: bool(v60_rows(window)))

    panel = window.editor.problems_panel
    [row] = v60_rows(window)
    finding = panel.model.findings[row]
    assert (finding.severity, finding.path, finding.overridable) == (
        "warning", "patient.subdivision", True)
    assert "90 or over" in finding.message and "CN-JS (Jiangsu Sheng)" in finding.message
    if not panel.isVisible():  # the 800 px window gave the form the room: View › Feedback panels
        window.findChild(QAction, "show_feedback").trigger()
    press(qtbot, window, "Ctrl+Shift+P")  # to the Problems list
    panel.view.setCurrentIndex(panel.model.index(row, 1))
    assert panel.override_box.isVisible() and not panel.override_box.confirm.isEnabled()
    qtbot.mouseClick(panel.override_box.reason, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.override_box.reason, REASON)
    qtbot.keyClick(panel.override_box.reason, Qt.Key.Key_Return)
    window.editor.feedback_runner.wait()
    qtbot.waitUntil(lambda: not v60_rows(window))
    assert "1 confirmed" in panel.summary.text()

    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: bool(casebook.cases.open_case(C1).overrides))
    stored = casebook.cases.open_case(C1)
    assert [(o.rule_id, o.path, o.match, o.reason) for o in stored.overrides] == [
        ("V60", "patient.subdivision", "CN-JS", REASON)]
    assert stored.patient.subdivision == "CN-JS" and stored.patient.age_at_day0 >= 90
    assert not v60_rows(window)
