"""Lock… with the cursor still in a field: what was typed there is saved first, as leaving the
field would, and signed with the rest; text the case cannot hold refuses the lock with the
field named, the text kept in it. Unchanged now that a case turning read-only commits what is
typed first (gui.editor.CaseEditor.set_read_only): nothing is stored twice, no change is made
up from a field merely holding the cursor."""

from __future__ import annotations

import pytest

from tests.gui.conftest import audit_rows, draft_keys, focus_field, open_from_list

C1 = "SEED-C1-CAO2023"  # stored complete, no Day 0 date
NAME = "Dr A. Placeholder"


def _lock_with_the_cursor_in_day0(qtbot, casebook, window, prompter, typed: str):
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.base is not None)
    field = focus_field(window, "case_report.day0")
    if typed:
        field.selectAll()
        qtbot.keyClicks(field, typed)  # no Tab
    prompter.script("ask_signer", NAME)
    window.commands.lock.trigger()
    return field


@pytest.mark.parametrize(("typed", "versions"), [("", 1), ("2023-04-18", 2)],
                         ids=["nothing typed", "a date typed"])
def test_lock_saves_the_typed_date_first_and_signs_it(
        qtbot, casebook, stored_references, window, prompter, typed, versions):
    before = casebook.cases.open_case(C1)
    field = _lock_with_the_cursor_in_day0(qtbot, casebook, window, prompter, typed)

    stored = casebook.cases.open_case(C1)
    assert (stored.status, stored.locked_by) == ("locked", NAME)
    assert stored.version == before.version + versions  # the save (if any), then the lock
    assert (str(stored.case_report.day0) if typed else stored.case_report.day0) == (
        typed or None)
    assert window.editor.is_read_only() and field.isReadOnly() and field.text() == typed
    assert not window.session.is_dirty() and draft_keys(casebook) == []
    assert [r["action"] for r in audit_rows(casebook, C1)].count("sign") == 1
    assert not prompter.calls("error")


def test_lock_refuses_an_impossible_date_and_keeps_it_in_the_field(
        qtbot, casebook, stored_references, window, prompter):
    before = casebook.cases.open_case(C1)
    field = _lock_with_the_cursor_in_day0(qtbot, casebook, window, prompter, "31.02.2023")

    [(message, reasons)] = prompter.calls("show_reasons")
    assert "cannot be locked while a field holds text that was not stored" in message
    assert reasons == ["Day 0 date: '31.02.2023': February 2023 has no day 31 (not stored)"]
    assert not prompter.calls("ask_signer")
    stored = casebook.cases.open_case(C1)
    assert (stored.status, stored.version, stored.case_report.day0) == (
        "complete", before.version, None)
    assert not window.editor.is_read_only() and not field.isReadOnly()
    assert field.text() == "31.02.2023" and field.property("problem") == "error"
    assert window.editor.unstored_typed() == {"case_report.day0": "31.02.2023"}
    assert window.session.is_dirty()
