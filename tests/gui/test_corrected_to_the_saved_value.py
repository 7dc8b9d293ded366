"""Text not stored, corrected back to the value saved, leaves nothing to save: the status bar
says so instead of "Corrected: Save to store it." beside "Saved". Found by a stranger run:
'lumbar' typed in a CSF row's When over d4, Ctrl+S ("Saved …, except When"), then d4 typed
again: the status bar said "Corrected: Save to store it." while the case read "Saved", and
Save had nothing to store."""

from __future__ import annotations

from tests.gui.conftest import press
from tests.gui.test_corrected_only_when_valid import C1, DAY0, _retype, _saved_with_bad_day0


def test_corrected_back_to_the_saved_value(qtbot, stored_references, window, casebook):
    _saved_with_bad_day0(qtbot, window)
    _retype(qtbot, window, "2023-01-12")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.editor.is_dirty())
    assert "2023-01-12" in str(casebook.cases.open_case(C1).case_report.day0)
    _retype(qtbot, window, "March 2023")
    press(qtbot, window, "Ctrl+S")
    qtbot.wait(20)
    assert "except Day 0" in window.statusBar().currentMessage()
    _retype(qtbot, window, "12/01/2023")  # the saved date again, in the user's own format
    assert DAY0 not in window.editor.unstored_by_path()
    assert not window.editor.is_dirty()
    shown = window.statusBar().currentMessage()
    assert shown == "Corrected: the saved value is back, nothing left to save.", shown


def test_corrected_to_another_value_still_asks_for_save(qtbot, stored_references, window):
    _saved_with_bad_day0(qtbot, window)
    _retype(qtbot, window, "2023-01-12")
    assert window.editor.is_dirty()
    assert window.statusBar().currentMessage() == "Corrected: Save to store it."
