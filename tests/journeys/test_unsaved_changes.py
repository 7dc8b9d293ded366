"""Journey 3: a change, then switching case and closing the window; Save, Discard and Cancel
each checked in the data and the audit trail (Discard writes nothing; Cancel keeps the typed
value and the selection)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import type_title
from tests.journeys.conftest import audit_rows, stored_case
from tests.journeys.steps import answer_next, click_button, open_from_list, press

Button = QMessageBox.StandardButton
CASE_1, CASE_2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def import_references(data_dir) -> None:
    from core.services import open_casebook
    from core.services.demo import reference_cases

    casebook = open_casebook(data_dir)
    try:
        casebook.cases.import_cases(reference_cases())
    finally:
        casebook.close()


def snapshot(data_dir) -> tuple:
    """What is stored: both documents and the whole audit trail."""
    return (stored_case(data_dir, CASE_1).to_json_dict(),
            stored_case(data_dir, CASE_2).to_json_dict(), audit_rows(data_dir))


def switch_to(qtbot, window, case_id: str, button: Button) -> list[str]:
    answer = answer_next(click_button(qtbot, button))
    open_from_list(qtbot, window, case_id)
    assert answer.done(qtbot) == "Unsaved changes"
    return answer.texts


def test_save_discard_and_cancel_on_switching_case_and_closing(journey, qtbot):
    import_references(journey.data_dir)
    start = snapshot(journey.data_dir)
    seen = {}

    def switching(window):
        open_from_list(qtbot, window, CASE_1)
        qtbot.waitUntil(lambda: window.session.case_id() == CASE_1)
        field = type_title(qtbot, window, "Typed, then kept by Cancel")

        texts = switch_to(qtbot, window, CASE_2, Button.Cancel)
        assert "Save the changes to" in texts[0]
        assert window.session.case_id() == CASE_1 and window.session.is_dirty()
        assert field.text() == "Typed, then kept by Cancel"
        assert window.case_list.current_id() == CASE_1  # the list selects it again
        journey.screenshot("cancel-keeps-the-typing")
        assert snapshot(journey.data_dir) == start  # Cancel wrote nothing

        switch_to(qtbot, window, CASE_2, Button.Discard)
        qtbot.waitUntil(lambda: window.session.case_id() == CASE_2)
        assert snapshot(journey.data_dir) == start  # Discard wrote nothing

        type_title(qtbot, window, "Case 2, saved on switching")
        switch_to(qtbot, window, CASE_1, Button.Save)
        qtbot.waitUntil(lambda: window.session.case_id() == CASE_1)
        seen["after_switch_save"] = snapshot(journey.data_dir)

        type_title(qtbot, window, "Case 1, saved on closing")
        answer = answer_next(click_button(qtbot, Button.Cancel))
        press(qtbot, window, "Ctrl+Q")
        answer.done(qtbot)
        assert window.isVisible() and window.session.is_dirty()
        assert snapshot(journey.data_dir) == seen["after_switch_save"]

        answer = answer_next(click_button(qtbot, Button.Save))
        press(qtbot, window, "Ctrl+Q")
        answer.done(qtbot)
        qtbot.waitUntil(lambda: not window.isVisible())

    assert journey.start(switching) == 0
    case_1, case_2, trail = snapshot(journey.data_dir)
    start_1, start_2, start_trail = start
    assert case_2["case_report"]["title"] == "Case 2, saved on switching"
    assert case_2["version"] == start_2["version"] + 1
    assert case_1["case_report"]["title"] == "Case 1, saved on closing"
    assert case_1["version"] == start_1["version"] + 1
    new = trail[len(start_trail):]
    titles = [(r["case_id"], r["new"]) for r in new if r["path"] == "case_report.title"]
    assert titles == [(CASE_2, "Case 2, saved on switching"),
                      (CASE_1, "Case 1, saved on closing")], new
    assert "Typed, then kept by Cancel" not in str(trail)

    def discard_on_closing(window):
        open_from_list(qtbot, window, CASE_1)
        qtbot.waitUntil(lambda: window.session.case_id() == CASE_1)
        type_title(qtbot, window, "Thrown away on closing")
        answer = answer_next(click_button(qtbot, Button.Discard))
        press(qtbot, window, "Ctrl+Q")
        answer.done(qtbot)
        qtbot.waitUntil(lambda: not window.isVisible())

    before = snapshot(journey.data_dir)
    assert journey.start(discard_on_closing) == 0
    assert snapshot(journey.data_dir) == before  # Discard wrote nothing
