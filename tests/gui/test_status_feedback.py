"""Lock, Unlock and Mark complete say at once that they are working (a busy cursor, "Locking
case…" in the status bar, the status actions disabled) and a second click while the change is
stored does nothing twice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import audit_rows, open_from_list

C1 = "SEED-C1-CAO2023"  # stored complete


def slow_set_status(qtbot, window, casebook, again):
    """The service's set_status, during which the user clicks again (``again``); records what
    the window showed meanwhile."""
    seen: list[dict] = []
    real = casebook.cases.set_status

    def set_status(*args, **kwargs):
        cursor = QApplication.overrideCursor()
        seen.append({"message": window.statusBar().currentMessage(),
                     "cursor": cursor.shape() if cursor else None,
                     "lock": window.commands.lock.isEnabled(),
                     "unlock": window.commands.unlock.isEnabled(),
                     "complete": window.commands.mark_complete.isEnabled(),
                     "banner": window.case_banner.lock_button.isEnabled()})
        again()
        return real(*args, **kwargs)

    casebook.cases.set_status = set_status
    return seen


def entries(casebook, action: str) -> list[dict]:
    """The case's audit entries of ``action`` ("lock", "complete"; "status": back to draft)."""
    return [r for r in audit_rows(casebook, C1) if r["action"] == action]


def test_lock_clicked_twice_locks_once_with_feedback(qtbot, stored_references, window,
                                                    casebook, prompter):
    open_from_list(qtbot, window, C1)
    assert casebook.cases.open_case(C1).status == "complete"
    prompter.script("confirm", True, True)  # a second "Lock case?" would be answered Yes
    banner = window.case_banner

    def click_again():  # the menu's Lock… and the banner's Lock… while the first one runs
        window.commands.lock.trigger()
        qtbot.mouseClick(banner.lock_button, Qt.MouseButton.LeftButton)
        window.status_flow.lock()  # a click that reached the flow all the same

    seen = slow_set_status(qtbot, window, casebook, click_again)
    window.commands.lock.trigger()

    assert len(seen) == 1  # stored once
    assert seen[0] == {"message": "Locking case…", "cursor": Qt.CursorShape.WaitCursor,
                       "lock": False, "unlock": False, "complete": False, "banner": False}
    assert len(prompter.calls("confirm")) == 1  # nothing asked again
    assert not prompter.calls("error") and not prompter.calls("info")
    assert casebook.cases.open_case(C1).status == "locked"
    assert len(entries(casebook, "lock")) == 1
    assert QApplication.overrideCursor() is None  # the cursor is back
    assert window.statusBar().currentMessage().startswith(f"Locked: {C1}")
    assert window.commands.unlock.isEnabled() and not window.commands.lock.isEnabled()
    assert window.case_banner.amend_button.isEnabled()


def test_unlock_and_complete_say_what_they_do(qtbot, stored_references, window, casebook,
                                              prompter):
    open_from_list(qtbot, window, C1)
    seen = slow_set_status(qtbot, window, casebook, window.commands.unlock.trigger)
    window.commands.unlock.trigger()  # complete -> draft: reopened, no reason asked
    window.commands.mark_complete.trigger()
    assert [s["message"] for s in seen] == ["Reopening case…", "Marking case complete…"]
    assert all(s["cursor"] == Qt.CursorShape.WaitCursor for s in seen)
    assert casebook.cases.open_case(C1).status == "complete"
    assert len(entries(casebook, "status")) == 1  # the click during the reopen: nothing
    assert QApplication.overrideCursor() is None
    assert window.statusBar().currentMessage().startswith(f"Marked complete: {C1}")


@pytest.mark.expected_errors("a lock the storage refuses is said in an error message")
def test_a_refused_lock_restores_the_cursor_and_clears_the_message(
        qtbot, stored_references, window, casebook, prompter):
    from core.errors import CasebookError

    open_from_list(qtbot, window, C1)
    prompter.script("confirm", True)

    def fail(*_args, **_kwargs):
        raise CasebookError("The database is busy; try again.")

    casebook.cases.set_status = fail
    window.commands.lock.trigger()
    assert prompter.calls("error") == [("The database is busy; try again.",)]
    assert QApplication.overrideCursor() is None
    assert "Locking" not in window.statusBar().currentMessage()
    assert window.commands.lock.isEnabled()  # still complete: Lock can be tried again
    assert casebook.cases.open_case(C1).status == "complete"


def test_a_close_during_the_lock_waits_for_it(qtbot, stored_references, window, casebook,
                                              prompter):
    """A review: a close queued as Lock painted its message ran first (the window hid, the
    case was left) and the lock was stored after. The close now waits for the lock, then
    closes the window as usual."""
    from PySide6.QtCore import QTimer

    open_from_list(qtbot, window, C1)
    prompter.script("confirm", True)  # Lock? Yes
    seen = []
    real = casebook.cases.set_status

    def set_status(*args, **kwargs):
        seen.append((window.isVisible(), window.session.case_id()))
        return real(*args, **kwargs)

    casebook.cases.set_status = set_status
    QTimer.singleShot(0, window.close)  # the close button, clicked just after Yes
    window.commands.lock.trigger()
    assert seen == [(True, C1)]  # the lock ran with the window and the case as they were
    assert casebook.cases.open_case(C1).status == "locked"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)  # then the close
