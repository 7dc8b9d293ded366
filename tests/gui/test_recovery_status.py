"""After "Recover checked" the window said "No case open", its status bar empty, for the
seconds the case took to open. The status bar says "Recovering <case>…" as soon as the user
chooses (painted before the case opens), then "Recovered <case> (autosaved …): check it, then
Save", whole at 1024x768: it read "… autosaved at 2026-12-07 13:57: check the …" there, the
instruction cut off beside the case's save state."""

from __future__ import annotations

from gui.status_message import message_room
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
    assert shown.startswith(f"Recovered {C1} (autosaved "), shown
    assert shown.endswith("): check it, then Save."), shown


def test_the_recovered_message_reads_whole_at_1024(qtbot, stored_references, casebook,
                                                   prompter, make_window):
    leave_draft(casebook, stored_references[0], "Typed before the crash")
    prompter.script("offer_recovery", [C1])
    window = make_window()
    window.resize(1024, 768)
    window.session.offer_recovery()
    qtbot.wait(50)  # the bar lays out the case's save state beside it, and fits it again
    bar = window.statusBar()
    shown = bar.currentMessage()
    assert shown.endswith("then Save."), shown  # not cut ("…")
    assert bar.fontMetrics().horizontalAdvance(shown) <= message_room(bar)

