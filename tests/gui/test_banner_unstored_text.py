"""The banner of a complete case tells the truth about typed text the fields cannot store: a
stranger run typed 'abc' in Anchor year of reference case 2 and read "Saving them makes the case
a draft again; Undo (Ctrl+Z) takes them back" beside a greyed Undo, while Ctrl+S stored nothing
(the case stayed complete, its version unchanged). The banner now says what the quit question
says: the only change is text that cannot be stored, so Save stores nothing until the field is
corrected or cleared; with real edits too, it says what Save stores and what Undo takes back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press

C2 = "SEED-C2-CAO2023"  # stored complete
ONLY = ("The only change is typed text that cannot be stored, so Save stores nothing "
        "(Anchor year): correct or clear the field; nothing is saved until then, and the case "
        "stays complete.")


def type_in(qtbot, window, path: str, text: str) -> None:
    window.editor.focus_path(path)
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def stored(casebook) -> tuple[int, str]:
    case = casebook.cases.open_case(C2)
    return case.version, case.status


def test_text_a_field_cannot_store_is_not_called_an_undoable_change(qtbot, stored_references,
                                                                     window, casebook):
    open_from_list(qtbot, window, C2)
    banner, undo, lock = window.case_banner.message, window.commands.undo, window.commands.lock
    assert banner.text().startswith("✓ Complete")
    version, status = stored(casebook)
    assert status == "complete"

    type_in(qtbot, window, "case_report.anchor_year", "abc")
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: "unsaved changes" in banner.text())
    text = banner.text()
    assert text.startswith("Complete — unsaved changes: 1 error, 0 warnings (see Problems"), text
    assert ONLY in text, text
    assert "Undo" not in text and "draft again" not in text, text
    assert not undo.isEnabled()  # nothing to take back: the banner offers no Undo
    assert lock.toolTip().endswith("; correct or clear the field (Anchor year); Save stores "
                                   "nothing until then."), lock.toolTip()
    assert "Ctrl+Z" not in lock.toolTip()

    press(qtbot, window, "Ctrl+S")  # stores nothing, as the banner said
    assert stored(casebook) == (version, "complete")
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: ONLY in banner.text())
    assert not undo.isEnabled()

    # a real edit beside it: Save stores that one (the case stays complete), Undo takes it back
    type_in(qtbot, window, "case_report.title", "Reworded title of the second case")
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: "Save stores your other changes" in banner.text())
    text = banner.text()
    assert ("Typed text in Anchor year cannot be stored: correct or clear the field. Save "
            "stores your other changes and the case stays complete; Undo (Ctrl+Z) takes them "
            "back.") in text, text
    assert ONLY not in text
    assert undo.isEnabled()
    assert lock.toolTip().endswith("or undo the changes (Ctrl+Z)."), lock.toolTip()

    # and an edit that brings an error: saving it would make the case a draft again
    type_in(qtbot, window, "patient.weight_kg", "550")
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: "draft again" in banner.text())
    assert ("Save stores your other changes and makes the case a draft again; Undo (Ctrl+Z) "
            "takes them back.") in banner.text(), banner.text()
    window.editor.focus_path("patient.weight_kg")
    press(qtbot, window, "Ctrl+Z")  # the weight taken back
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: "the case stays complete" in banner.text())

    press(qtbot, window, "Ctrl+S")  # the title stored, the case still complete; the text not
    assert stored(casebook) == (version + 1, "complete")
    assert casebook.cases.open_case(C2).title == "Reworded title of the second case"
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: ONLY in banner.text())  # only the text is left, nothing unsaved
    assert "Undo" not in banner.text()
