"""A complete case whose unsaved edit brings errors does not claim to be complete: after
identifiers were typed into its Discussion, the banner still said '✓ Complete' and the section
'✓ Title & keywords ⚠5' until the save made it a draft (found by a stranger run). While the
errors are unsaved the banner says 'Complete — unsaved changes: N problems' and the section
drops its ✓; Undo brings both back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list

C1 = "SEED-C1-CAO2023"  # stored complete
IDENTIFIERS = (" Call +49 30 1234567 or jane.doe@example.org, 12/03/1989, "
               "http://hospital.example.org/p/448812.")


def section_text(window, name: str) -> str:
    items = window.editor.section_list.findItems(name, Qt.MatchFlag.MatchContains)
    return items[0].text()


def test_unsaved_errors_in_a_complete_case_drop_the_check_mark(qtbot, stored_references, window,
                                                               casebook):
    assert casebook.cases.open_case(C1).status == "complete"
    open_from_list(qtbot, window, C1)
    banner = window.case_banner
    assert banner.message.text().startswith("✓ Complete")
    assert section_text(window, "Title & keywords").startswith("✓")

    window.editor.focus_path("case_report.discussion")
    field = window.focusWidget()
    field.moveCursor(field.textCursor().MoveOperation.End)
    qtbot.keyClicks(field, IDENTIFIERS)
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: "unsaved changes" in banner.message.text())
    errors = window.editor.error_count()
    assert errors >= 3
    text = banner.message.text()
    assert text.startswith(f"Complete — unsaved changes: {errors} errors, ")  # as Problems says
    assert "✓" not in text and not banner.lock_button.isVisible()
    mark = section_text(window, "Title & keywords")
    assert not mark.startswith("✓") and "⚠" in mark
    assert casebook.cases.open_case(C1).status == "complete"  # nothing saved yet

    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: banner.message.text().startswith("✓ Complete"))
    assert section_text(window, "Title & keywords").startswith("✓")
