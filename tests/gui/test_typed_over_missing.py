"""Text typed into a field that showed its missing-value reason ("(not reported)", grey italic)
is drawn as text at once, not in the reason's grey italic until the field is left. Found by a
stranger run in a real window: the Introduction typed into reference case 2 (and a Discussion
saved with Ctrl+S while the cursor was still in it) looked like a placeholder."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press

C2 = "SEED-C2-CAO2023"
TEXT = "Blinatumomab is a CD19xCD3 bispecific T-cell engager."


def field_at(window, path):
    window.editor.focus_path(path)
    return window.focusWidget()


def test_text_typed_over_a_missing_reason_loses_the_missing_look_at_once(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C2)
    assert window.editor.ctx.doc.missing_reason("case_report.introduction") == "not_reported"
    field = field_at(window, "case_report.introduction")
    editor = field.parent() if field.property("missing") is None else field
    assert editor.property("missing") is True  # "(not reported)", grey italic
    field.selectAll()
    qtbot.keyClicks(field, TEXT)
    assert editor.property("missing") is False  # still typing: drawn as text
    press(qtbot, window, "Ctrl+S")  # saved with the cursor still in the field
    assert editor.property("missing") is False
    stored = casebook.cases.open_case(C2).case_report
    assert stored.introduction == TEXT and "introduction" not in stored.nf

    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo
    qtbot.waitUntil(lambda: window.editor.ctx.doc.get("case_report.introduction") is None)
    assert editor.property("missing") is True  # the reason is back, and looks it
