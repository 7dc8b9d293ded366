"""Adding demo data is all or nothing, and a run that did not finish is said: a process killed
in the middle leaves no demo case (its committed chunks are undone at the next start) and the
next start's offer says the demo data was not added; a failure in the middle keeps nothing and
its message says so. (The stranger run: after an interrupted demo import the app said
nothing, and `casebook demo` stopped after its first chunk left 2,000 synthetic cases without
the reference cases, with no offer.)"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt

from core.errors import StorageError
from core.services import demo, importing
from core.services.values import ListQuery
from gui import demo_offer

ROOT = Path(__file__).parents[2]
DEMO_CASES = 5
KILLED_RUN = textwrap.dedent("""
    import os, sys
    from core.services import demo, open_casebook

    demo.CHUNK, demo.PROGRESS_STEP = 3, 1  # a transaction every 3 cases; a report each case
    cb = open_casebook(sys.argv[1], user="dr.test")

    def progress(done, total):
        if done >= 5:  # the first chunk (3 cases) is committed, the second under way
            os._exit(9)

    demo.fill_demo(cb.cases, 10, on_progress=progress)
    os._exit(0)
""")


def stored(casebook) -> int:
    return sum(casebook.cases.count_cases(ListQuery(trashed=trashed)) for trashed in (False, True))


def test_a_run_killed_in_the_middle_keeps_nothing_and_the_next_start_says_so(
        qtbot, data_home, request, monkeypatch):
    run = subprocess.run([sys.executable, "-c", KILLED_RUN, str(data_home)], cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 9, run.stderr
    monkeypatch.setattr(demo_offer, "DEMO_COUNT", DEMO_CASES)
    casebook = request.getfixturevalue("casebook")  # the next start: the folder opened
    window = request.getfixturevalue("make_window")()
    assert stored(casebook) == 0  # the committed chunk was undone
    offer = window.demo_offer
    assert offer.isVisible() and offer.button.isEnabled()
    assert "Demo data was not added" in offer.title.text()
    assert "none of its 12 case(s) were kept" in offer.text.text()
    assert demo.unfinished(casebook.cases) is None  # said once

    with qtbot.waitSignal(offer.filled, timeout=30000) as filled:
        qtbot.mouseClick(offer.button, Qt.MouseButton.LeftButton)
    assert filled.args[0] == f"Added {DEMO_CASES + 2} demo case(s)."
    assert stored(casebook) == DEMO_CASES + 2 and window.case_model.total == DEMO_CASES + 2
    assert demo.unfinished(casebook.cases) is None


def test_a_failure_in_the_middle_keeps_nothing_and_says_so(qtbot, casebook, prompter, window,
                                                           monkeypatch):
    monkeypatch.setattr(demo_offer, "DEMO_COUNT", DEMO_CASES)
    monkeypatch.setattr(demo, "CHUNK", 3, raising=False)  # (the old code had none)
    writes = []
    real_write = importing.write_imported

    def write_then_fail(*args, **kwargs):
        writes.append(1)
        if len(writes) == 2:  # the first chunk is committed
            raise StorageError("The disk is full.")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(importing, "write_imported", write_then_fail)
    prompter.script("error", None)  # expected
    offer = window.demo_offer
    qtbot.mouseClick(offer.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(prompter.calls("error")), timeout=30000)
    message = prompter.calls("error")[0][0]
    assert message.startswith("Demo data was not added: The disk is full.")
    assert "Nothing of it was kept" in message
    assert stored(casebook) == 0 and window.case_model.total == 0
    assert offer.isVisible() and offer.button.isEnabled()
    assert demo.unfinished(casebook.cases) is None  # said now, not again at the next start


def test_closing_the_window_while_it_runs_waits_and_keeps_every_case(qtbot, casebook, window,
                                                                      monkeypatch):
    monkeypatch.setattr(demo_offer, "DEMO_COUNT", DEMO_CASES)
    qtbot.mouseClick(window.demo_offer.button, Qt.MouseButton.LeftButton)
    window.close()  # its close waits for the work to end
    assert stored(casebook) == DEMO_CASES + 2
    assert demo.unfinished(casebook.cases) is None
