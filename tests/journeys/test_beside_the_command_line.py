"""Journey 6: the app as a process of its own in the X display, driven with xdotool. While it
is open, `casebook list`, `search` and `show` run (and `casebook backup` is refused with exit 3:
the app holds the folder); the app saves a case typed into it; the app is killed (SIGKILL);
after a restart the save is there."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

from core.paths import data_paths
from tests.gui.helpers.processes import ROOT, START_TIMEOUT_S, run_cli, stop, wait_for_log
from tests.journeys.conftest import audit_rows, stored_case
from tests.journeys.steps import open_from_list
from tests.journeys.test_unsaved_changes import CASE_1, CASE_2, import_references

TITLE = "Saved beside the command line"


def start_app(data_dir) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "gui.app", "--data-dir", str(data_dir)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def xdotool(*args: str) -> str:
    done = subprocess.run(["xdotool", *args], capture_output=True, text=True,
                          timeout=START_TIMEOUT_S)
    assert done.returncode == 0, f"xdotool {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def stored_titles(database) -> dict[str, str]:
    """What another process reads from the database file (the app is running)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as con:
        return dict(con.execute("SELECT id, title FROM cases"))


def wait_for(condition, what: str, timeout: float = START_TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what}: not after {timeout} s")


def test_command_line_beside_the_app_then_the_app_killed_and_started_again(journey, qtbot):
    import_references(journey.data_dir)
    paths = data_paths(journey.data_dir)
    app = start_app(journey.data_dir)
    try:
        wait_for_log(paths.log_file, "casebook-gui ready", app)
        window = xdotool("search", "--sync", "--onlyvisible", "--pid", str(app.pid),
                         "--name", "Casebook").split()[0]

        listed = run_cli(journey.data_dir, "list")
        found = run_cli(journey.data_dir, "search", "blinatumomab")
        shown = run_cli(journey.data_dir, "show", CASE_1)
        backup = run_cli(journey.data_dir, "backup")
        for done in (listed, found, shown):
            assert done.returncode == 0, done.stderr
        assert CASE_1 in listed.stdout and CASE_2 in listed.stdout
        assert CASE_1 in found.stdout
        assert "Blinatumomab for CNS leukemia" in shown.stdout
        assert backup.returncode == 3, (backup.stdout, backup.stderr)
        assert "in use by Casebook" in backup.stderr and "Traceback" not in backup.stderr

        xdotool("windowfocus", "--sync", window)
        xdotool("key", "--clearmodifiers", "ctrl+n")
        time.sleep(0.5)  # the new case's editor is shown
        # Ctrl+N puts the keyboard in the new case's first field, its Title
        xdotool("type", "--delay", "20", TITLE)
        xdotool("key", "--clearmodifiers", "ctrl+s")
        titles = wait_for(lambda: {k: v for k, v in stored_titles(paths.database).items()
                                   if v == TITLE}, "the case typed into the app saved")
        (case_id,) = titles
        journey.screenshot("app-process-saved")
        after = run_cli(journey.data_dir, "list")
        assert case_id in after.stdout, after.stdout  # a reader sees the app's save at once
    finally:
        app.kill()  # SIGKILL: no clean-up of any kind
        stop(app)
    assert app.returncode == -9
    assert "Traceback" not in app.stderr.read()

    seen = {}

    def restarted(window):
        open_from_list(qtbot, window, case_id)
        qtbot.waitUntil(lambda: window.session.case_id() == case_id)
        seen["title"] = window.editor.current_case().case_report.title
        seen["count"] = window.case_model.total
        journey.screenshot("restarted")

    assert journey.start(restarted) == 0
    assert seen == {"title": TITLE, "count": 3}
    assert stored_case(journey.data_dir, case_id).case_report.title == TITLE
    assert [r["action"] for r in audit_rows(journey.data_dir, case_id)] == ["create"]
