"""Crash recovery: autosaved drafts are offered at start-up and come back as unsaved edits."""

from __future__ import annotations

import subprocess
import sys

from core.settings import Settings, save_settings
from tests.gui.conftest import audit_rows, draft_keys, title_field
from tests.gui.helpers.processes import ROOT, child_env, stop

C1 = "SEED-C1-CAO2023"


def leave_draft(casebook, case, title):
    report = case.case_report.model_copy(update={"title": title})
    casebook.drafts.save_draft(case.model_copy(update={"case_report": report}))


def test_recovery_offered_and_accepted(qtbot, stored_references, casebook, prompter,
                                       make_window):
    leave_draft(casebook, stored_references[0], "Typed before the crash")
    prompter.script("offer_recovery", [C1])
    window = make_window()
    window.session.offer_recovery()
    offered = prompter.calls("offer_recovery")[0][0]
    assert [d.key for d in offered] == [C1]
    assert window.session.case_id() == C1
    assert title_field(window).text() == "Typed before the crash"
    assert window.session.is_dirty() and window.isWindowModified()
    window.commands.save.trigger()
    case = casebook.cases.open_case(C1)
    assert (case.version, case.case_report.title) == (2, "Typed before the crash")
    assert draft_keys(casebook) == []


def test_recovery_declined_discards_the_drafts(qtbot, stored_references, casebook, prompter,
                                               make_window):
    audit_before = audit_rows(casebook, C1)
    leave_draft(casebook, stored_references[0], "Not wanted")
    prompter.script("offer_recovery", [])
    window = make_window()
    window.session.offer_recovery()
    assert not window.session.is_open()
    assert draft_keys(casebook) == []
    assert audit_rows(casebook, C1) == audit_before


def test_recovery_postponed_keeps_the_draft_for_when_the_case_is_opened(
        qtbot, stored_references, casebook, prompter, make_window):
    leave_draft(casebook, stored_references[0], "Later")
    prompter.script("offer_recovery", None)
    window = make_window()
    window.session.offer_recovery()
    assert draft_keys(casebook) == [C1]
    prompter.script("offer_draft", "recover")  # opening the case asks (Decide later)
    window.session.open_case(C1)
    assert len(prompter.calls("offer_draft")) == 1
    assert title_field(window).text() == "Later"
    assert window.session.is_dirty()


def test_typing_survives_sigkill(qtbot, data_home, prompter, make_window):
    """A real window in a child process; a title typed; autosave; SIGKILL; start again."""
    save_settings(data_home / "config" / "settings.json", Settings())
    title = "Typed, then the power went"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.helpers.type_then_wait", str(data_home), title],
        cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        case_id = wait_for_line_starting(child, "typed ").split()[1]
        child.kill()  # SIGKILL: no clean-up at all
        assert child.wait(timeout=30) == -9
    finally:
        stop(child)
    prompter.script("offer_recovery", lambda drafts: [d.key for d in drafts])
    window = make_window()
    window.session.offer_recovery()
    offered = prompter.calls("offer_recovery")[0][0]
    assert [(d.case_id, d.case.case_report.title) for d in offered] == [(case_id, title)]
    assert window.session.case_id() == case_id
    assert title_field(window).text() == title
    assert window.session.is_dirty()
    window.commands.save.trigger()
    assert window.case_model.total == 1
    assert casebook_title(window, case_id) == title


def casebook_title(window, case_id):
    return window.casebook.cases.open_case(case_id).case_report.title


def wait_for_line_starting(proc, prefix):
    for line in proc.stdout:
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"child ended ({proc.wait()}): {proc.stderr.read()}")


def test_several_drafts_recovered_one_open_the_rest_kept(qtbot, stored_references, casebook,
                                                         prompter, make_window):
    leave_draft(casebook, stored_references[0], "First edit")
    leave_draft(casebook, stored_references[1], "Second edit")
    prompter.script("offer_recovery", lambda drafts: [d.key for d in drafts])
    window = make_window()
    window.session.offer_recovery()
    assert "other 1 edit(s) are kept" in prompter.calls("info")[0][0]
    opened = window.session.case_id()
    other = ({C1, "SEED-C2-CAO2023"} - {opened}).pop()
    prompter.script("confirm_unsaved", "save")
    window.session.open_case(other)
    assert title_field(window).text() in {"First edit", "Second edit"}
    assert window.session.is_dirty()
    assert casebook.cases.open_case(opened).version == 2
