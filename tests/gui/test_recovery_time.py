"""After a crash recovery the status bar names the draft's time as the recovery dialog does,
in local time ("autosaved 2026-12-07 01:27"), not as a raw UTC timestamp
("2026-12-06T16:27:10Z"). Found by a stranger run."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gui.formatting import local_time
from tests.gui.test_recovery import C1, leave_draft


@pytest.fixture
def tokyo(monkeypatch):
    """Local time 9 hours ahead of UTC, so a UTC time shown as is would be seen."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield ZoneInfo("Asia/Tokyo")
    monkeypatch.undo()
    time.tzset()


def test_recovered_message_gives_the_local_time(qtbot, tokyo, stored_references, casebook,
                                                 prompter, make_window):
    leave_draft(casebook, stored_references[0], "Typed before the crash")
    draft = casebook.drafts.list_drafts()[0]
    prompter.script("offer_recovery", [C1])
    window = make_window()
    window.resize(1024, 768)
    window.session.offer_recovery()
    assert window.session.case_id() == C1
    shown = window.statusBar().currentMessage()
    utc = datetime.fromisoformat(draft.saved_at.replace("Z", "+00:00"))
    expected = utc.astimezone(tokyo).strftime("%Y-%m-%d %H:%M")
    assert local_time(draft.saved_at) == expected  # the recovery dialog's words
    assert shown == f"Recovered {C1} (autosaved {expected}): check it, then Save.", shown
    assert "T" not in shown.split("autosaved ")[1] and "Z" not in shown  # before: ...T16:27:10Z.
