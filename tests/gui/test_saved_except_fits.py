"""At 1024x768 the status bar's "Saved …, except …" can be read whole: it names the fields not
stored (the reasons, and the typed text, are in its tooltip and in Problems). Found by a
stranger run: the message was cut at the window's edge before the fields' names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import open_from_list, press

C1 = "SEED-C1-CAO2023"
FIELDS = {"patient.karnofsky": "abc", "patient.ecog": "two", "case_report.day0": "32 smarch"}


def message_room(window) -> int:
    """The status bar's room for a message (QStatusBar draws it from x=6 up to 2 px before
    the first permanent widget shown, or 12 px before its right end)."""
    bar = window.statusBar()
    right = bar.width() - 12
    for label in (window.save_state_label, window.count_label):
        if label.isVisible():
            right = min(right, label.x() - 2)
    return right - 6


def test_saved_except_names_every_field_within_the_bar_at_1024(qtbot, stored_references,
                                                               window, casebook):
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    for path, text in FIELDS.items():
        window.editor.focus_path(path)
        field = window.focusWidget()
        field.selectAll()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Tab)
    press(qtbot, window, "Ctrl+S")
    qtbot.wait(20)
    QApplication.processEvents()

    bar = window.statusBar()
    shown = bar.currentMessage()
    assert window.width() == 1024
    assert shown.startswith("Saved SEED-C1-CAO2023")
    for name in ("Karnofsky", "ECOG", "Day 0 date"):
        assert name in shown
    assert bar.fontMetrics().horizontalAdvance(shown) <= message_room(window), shown
    for text in FIELDS.values():  # the whole wording: the tooltip
        assert f"'{text}'" in bar.toolTip()
    assert casebook.cases.open_case(C1).patient.karnofsky != "abc"

    bar.showMessage("Something else.")  # the tooltip goes with its message
    assert bar.toolTip() == ""


def test_a_status_message_too_long_for_the_window_is_cut_and_whole_in_the_tooltip(
        qtbot, stored_references, window):
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    long = "Saved the amendment to SEED-C1-CAO2023 (version 2), reason “" + "typo " * 40 + "”."
    window.session.message.emit(long)
    bar = window.statusBar()
    # fitted again once the bar has laid out its labels (a queued refit: on a loaded machine
    # later than the 50 ms this test waited before)
    qtbot.waitUntil(lambda: bar.fontMetrics().horizontalAdvance(bar.currentMessage())
                    <= message_room(window), timeout=3000)
    assert bar.currentMessage().endswith("…")
    assert bar.toolTip() == long
