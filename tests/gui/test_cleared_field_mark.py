"""A field cleared of a wrong value loses its red border on screen, also when the check ends
after the field was left (found in a real X window: Patient › Subdivision kept its red border;
the 'problem' style property was cleared but the field was never repainted)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from tests.gui.conftest import open_from_list, press

C1 = "SEED-C1-CAO2023"


class Paints(QObject):
    """Counts the paint events a widget gets."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.fixture
def slow_check_window(monkeypatch, make_window):
    """A window whose checks run only when asked (as when they end after the user moved on)."""
    monkeypatch.setattr("gui.editor.feedback_runner.DEBOUNCE_MS", 600_000)
    return make_window()


def field_at(window, path):
    window.editor.focus_path(path)
    return window.focusWidget()


def test_a_cleared_field_is_repainted_without_its_red_border(qtbot, stored_references,
                                                            slow_check_window, casebook):
    window = slow_check_window
    open_from_list(qtbot, window, C1)
    runner = window.editor.feedback_runner
    field = field_at(window, "patient.subdivision")
    field.selectAll()
    qtbot.keyClicks(field, "zzz")  # not an ISO 3166-2 code: rule V58
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    runner.wait()
    assert field.property("problem") == "error"
    assert window.editor.ctx.doc.get("patient.subdivision") == "zzz"

    field = field_at(window, "patient.subdivision")
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.wait(50)  # the field is painted as left, still marked: the check has not ended
    paints = Paints()
    field.installEventFilter(paints)
    runner.wait()  # the check ends after the field was left
    qtbot.waitUntil(lambda: paints.count > 0, timeout=2000)
    assert field.property("problem") == ""
    assert field.text() == ""

    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C1).patient.subdivision is None


def test_a_number_field_cleared_of_text_it_cannot_hold_is_unmarked_and_empty(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    field = field_at(window, "patient.bsa_m2")
    field.selectAll()
    qtbot.keyClicks(field, "abc")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.property("problem") == "error"

    field = field_at(window, "patient.bsa_m2")
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    window.editor.feedback_runner.wait()
    assert field.property("problem") == ""
    assert "abc" not in field.toolTip()
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C1).patient.bsa_m2 is None
    assert "except" not in window.statusBar().currentMessage()
