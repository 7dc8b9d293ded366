"""In a locked (read-only) case an empty field looks empty: its hint for typing ('date or
d168', 'number', 'if missing: why') is not drawn, as a greyed hint beside greyed values reads as
an entered value (found by a stranger run: the empty Day 0 date of a locked case looked
filled). Once the case is amended, the hints are back for typing."""

from __future__ import annotations

from tests.gui.conftest import open_from_list

C1 = "SEED-C1-CAO2023"


def locked(casebook) -> None:
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "locked", case.version)


def looks_empty(field) -> bool:
    """The field drawn as it is equals the field drawn with no hint at all."""
    hint = field.placeholderText()
    shown = field.grab().toImage()
    field.setPlaceholderText("")
    blank = field.grab().toImage()
    field.setPlaceholderText(hint)
    return shown == blank


def test_an_empty_field_of_a_locked_case_looks_empty(qtbot, stored_references, window,
                                                     casebook, prompter):
    locked(casebook)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    assert window.editor.is_read_only()
    form = window.editor.section_page("Title & keywords").forms["case_report"]
    day0 = form.bindings["day0"].editor
    reason = form.reasons["day0_definition"].line_edit()
    qtbot.wait(20)
    assert day0.text() == "" and day0.placeholderText() and day0.isReadOnly()
    assert casebook.cases.open_case(C1).case_report.day0 is None
    assert looks_empty(day0)
    assert reason.text() == "" and reason.placeholderText() and looks_empty(reason)

    prompter.script("ask_reason", "Day 0 to add")
    window.commands.amend.trigger()
    assert not window.editor.is_read_only()
    assert not day0.isReadOnly() and not looks_empty(day0)  # the hint is back for typing
    assert day0.placeholderText() == "YYYY-MM-DD"  # Day 0 takes a date, no day number
