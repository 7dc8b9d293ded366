"""After "Recover checked" the window said "No case open", its status bar empty, for the
seconds the case took to open. The status bar says "Recovering <case>…" as soon as the user
chooses (painted before the case opens), then "Recovered <case>, … check the changes, then Save"."""

from __future__ import annotations

from tests.gui.test_recovery import C1, leave_draft


def test_the_status_bar_says_what_recovery_is_doing(qtbot, stored_references, casebook,
                                                    prompter, make_window):
    leave_draft(casebook, stored_references[0], "Typed before the crash")
    prompter.script("offer_recovery", [C1])
    window = make_window()
    window.resize(1200, 800)
    while_opening = []
    window.session.opened.connect(
        lambda _case: while_opening.append(window.statusBar().currentMessage()))

    window.session.offer_recovery()

    assert while_opening == [f"Recovering {C1}…"]
    assert window.session.case_id() == C1
    shown = window.statusBar().currentMessage()
    assert shown.startswith(f"Recovered {C1}, unsaved changes autosaved at "), shown
    assert shown.endswith(": check the changes, then Save."), shown

