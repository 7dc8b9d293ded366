"""Ctrl+S on a locked case with nothing changed (a stranger was asked a reason, then told
"Saved the amendment ... reason '...'" while nothing was stored): no reason is asked and the
status bar says there was nothing to save; after Amend… the same, and the audit is untouched."""

from __future__ import annotations

from tests.gui.conftest import audit_rows, open_from_list, press, type_title

C1 = "SEED-C1-CAO2023"


def locked(casebook):
    case = casebook.cases.open_case(C1)
    return casebook.cases.set_status(C1, "locked", case.version)


def test_ctrl_s_on_an_unchanged_locked_case_asks_nothing(qtbot, stored_references, window,
                                                          casebook, prompter):
    stored = locked(casebook)
    before = audit_rows(casebook, C1)
    open_from_list(qtbot, window, C1)
    prompter.script("ask_reason", "nothing changed really")
    press(qtbot, window, "Ctrl+S")
    assert not prompter.calls("ask_reason")
    message = window.statusBar().currentMessage()
    assert message.startswith("Nothing to save") and "amendment" not in message.replace(
        "no amendment", "")
    assert casebook.cases.open_case(C1).version == stored.version
    assert audit_rows(casebook, C1) == before
    assert window.editor.is_read_only()


def test_amend_then_save_with_no_change_stores_and_claims_nothing(
        qtbot, stored_references, window, casebook, prompter):
    stored = locked(casebook)
    before = audit_rows(casebook, C1)
    open_from_list(qtbot, window, C1)
    prompter.script("ask_reason", "Title had a typo")
    window.commands.amend.trigger()
    assert not window.editor.is_read_only()
    press(qtbot, window, "Ctrl+S")
    assert len(prompter.calls("ask_reason")) == 1  # the Amend… one only
    message = window.statusBar().currentMessage()
    assert message.startswith("Nothing to save") and "Saved" not in message
    assert casebook.cases.open_case(C1).version == stored.version
    assert audit_rows(casebook, C1) == before
    # still amending, with the reason given: a change made now is saved as the amendment
    assert "Amending, reason: “Title had a typo”" in window.case_banner.message.text()
    type_title(qtbot, window, "Corrected title")
    press(qtbot, window, "Ctrl+S")
    case = casebook.cases.open_case(C1)
    assert (case.version, case.case_report.title) == (stored.version + 1, "Corrected title")
    assert window.statusBar().currentMessage().startswith("Saved the amendment")


def test_typed_back_to_the_stored_value_is_nothing_to_save(qtbot, stored_references, window,
                                                           casebook, prompter):
    stored = locked(casebook)
    before = audit_rows(casebook, C1)
    open_from_list(qtbot, window, C1)
    prompter.script("ask_reason", "Title had a typo")
    window.commands.amend.trigger()
    type_title(qtbot, window, "Something else")
    type_title(qtbot, window, stored.case_report.title)
    press(qtbot, window, "Ctrl+S")
    assert window.statusBar().currentMessage().startswith("Nothing to save")
    assert casebook.cases.open_case(C1).version == stored.version
    assert audit_rows(casebook, C1) == before
