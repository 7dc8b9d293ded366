"""Status workflow from the Case menu: complete (refused with reasons), lock, unlock, amend."""

from __future__ import annotations

import pytest

from core.services.cases import CaseService
from gui.case_list import COL_STATUS
from tests.gui.conftest import audit_rows, open_from_list, simple_cases, type_title

CASE = "SYN-T00000"
C1 = "SEED-C1-CAO2023"  # a reference case: its age at Day 0 is stored
V42 = "V42 Vincristine must never be given intrathecally"


@pytest.fixture
def blocking(casebook):
    """The rules' verdict, scripted: a list of reasons (empty = may complete)."""
    reasons: list[str] = []
    casebook.cases = CaseService(casebook.ctx, blocking=lambda case: list(reasons))
    casebook.cases.import_cases(simple_cases(1))
    return reasons


def test_mark_complete_refused_lists_the_reasons(qtbot, blocking, window, casebook, prompter):
    blocking.append(V42)
    open_from_list(qtbot, window, CASE)
    window.commands.mark_complete.trigger()
    message, reasons = prompter.calls("show_reasons")[0]
    assert reasons == [V42]
    assert "cannot be marked complete" in message
    assert casebook.cases.open_case(CASE).status == "draft"
    assert window.commands.mark_complete.isEnabled()


@pytest.fixture
def reopened(casebook, stored_references):
    """Reference case 1 (no errors: Lock is enabled, as the editor's Problems find it) as a
    draft again."""
    case = casebook.cases.open_case(C1)
    return casebook.cases.set_status(C1, "draft", case.version)


def test_complete_then_lock_records_who_and_when(qtbot, reopened, window, casebook, prompter):
    open_from_list(qtbot, window, C1)
    window.commands.mark_complete.trigger()
    assert casebook.cases.open_case(C1).status == "complete"
    assert window.commands.lock.isEnabled() and not window.commands.mark_complete.isEnabled()
    prompter.script("confirm", True)
    window.commands.lock.trigger()
    case = casebook.cases.open_case(C1)
    assert (case.status, case.locked_by) == ("locked", "dr.test")
    assert case.locked_at
    actions = [r["action"] for r in audit_rows(casebook, C1) if r["action"] != "document"]
    # (each change also chains a document hash; the lock names its signer in an entry)
    assert actions[-3:] == ["complete", "lock", "sign"]
    assert "Locked" in window.save_state_label.text()
    row = window.case_model.row_of(C1)
    assert window.case_model.index(row, COL_STATUS).data() == "Locked"


def test_lock_declined_changes_nothing(qtbot, reopened, window, casebook, prompter):
    open_from_list(qtbot, window, C1)
    window.commands.mark_complete.trigger()
    prompter.script("confirm", False)
    window.commands.lock.trigger()
    assert prompter.calls("confirm")  # asked, and declined
    assert casebook.cases.open_case(C1).status == "complete"


def test_mark_complete_with_unsaved_changes_asks_then_saves_and_completes(
        qtbot, blocking, window, casebook, prompter):
    open_from_list(qtbot, window, CASE)
    type_title(qtbot, window, "Edited then completed")
    prompter.script("confirm_save_and_complete", True)
    window.commands.mark_complete.trigger()
    assert prompter.calls("confirm_save_and_complete") == [("Edited then completed",)]
    case = casebook.cases.open_case(CASE)
    assert (case.status, case.case_report.title) == ("complete", "Edited then completed")
    assert not window.session.is_dirty()
    assert window.statusBar().currentMessage() == (
        f"Marked complete: {CASE}, version {case.version}: “Edited then completed”.")


def test_cancelling_save_and_mark_complete_stores_nothing(
        qtbot, blocking, window, casebook, prompter):
    open_from_list(qtbot, window, CASE)
    before = len(audit_rows(casebook, CASE))
    field = type_title(qtbot, window, "Not yet")
    window.commands.mark_complete.trigger()  # the scripted answer is Cancel
    assert prompter.calls("confirm_save_and_complete")
    case = casebook.cases.open_case(CASE)
    assert (case.status, case.version, case.case_report.title) == ("draft", 1, "Case 00000")
    assert len(audit_rows(casebook, CASE)) == before
    assert field.text() == "Not yet" and window.session.is_dirty()


@pytest.fixture
def locked(blocking, casebook):
    case = casebook.cases.set_status(CASE, "complete", 1)
    return casebook.cases.set_status(CASE, "locked", case.version)


def test_unlock_needs_a_reason(qtbot, locked, window, casebook, prompter):
    open_from_list(qtbot, window, CASE)
    prompter.script("ask_reason", None, "Late pathology result")
    window.commands.unlock.trigger()
    assert casebook.cases.open_case(CASE).status == "locked"
    window.commands.unlock.trigger()
    assert casebook.cases.open_case(CASE).status == "draft"
    changes = [r for r in audit_rows(casebook, CASE) if r["action"] != "document"]
    assert changes[-1]["reason"] == "Late pathology result"


def test_lock_is_refused_while_a_field_holds_text_that_was_not_stored(
        qtbot, blocking, stored_references, window, casebook, prompter):
    """'4O' typed for 40: Lock is disabled, its tip saying why; a lock asked for all the same
    (a click queued before the typing showed) stops with the reasons dialog naming the field
    (before, a status bar line only), the case stays complete and the field keeps the text."""
    from PySide6.QtCore import Qt

    open_from_list(qtbot, window, C1)
    window.commands.mark_complete.trigger()
    assert casebook.cases.open_case(C1).status == "complete"
    window.editor.focus_path("patient.age_at_day0")
    age = window.focusWidget()
    age.selectAll()
    qtbot.keyClicks(age, "4O")
    qtbot.keyClick(age, Qt.Key.Key_Tab)
    prompter.script("confirm", True)
    assert not window.commands.lock.isEnabled()
    assert window.commands.lock.statusTip() == (  # the only change: nothing to undo
        "Lock is unavailable: 1 error, 0 warnings (see Problems: Ctrl+Shift+P); correct or "
        "clear the field (Age at Day 0); Save stores nothing until then.")

    window.status_flow.lock()

    assert not prompter.calls("confirm")  # never asked to sign
    [(message, reasons)] = prompter.calls("show_reasons")
    assert "cannot be locked" in message
    assert any("Age at Day 0" in str(r) and "'4O'" in str(r) for r in reasons)
    assert casebook.cases.open_case(C1).status == "complete"
    assert age.text() == "4O"
