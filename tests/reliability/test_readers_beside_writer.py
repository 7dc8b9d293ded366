"""Readers beside a live writer (issue 12): no reader may unlink the writer's WAL.

POSIX advisory locks belong to a process, and closing any descriptor of the database file
drops all of them; a reader then thinks it is the last connection and deletes the WAL that
the writer still writes into. Saves made afterwards are invisible to others and lost on a
crash. The writer here opens the store and does everything the app does while connected
(quick check, backup, verify, search); other processes run every read command and a plain
sqlite3 SELECT; the writer commits five more cases and is killed: all must survive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.reliability.readers import (
    ROOT,
    count_cases,
    reader_commands,
    run_reader,
    watch_opens,
)

WRITER = Path(__file__).with_name("live_writer.py")
SAVES = 5


def start_writer(data: Path) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(WRITER), str(data)], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("ready "), proc.stderr.read()
    return proc, line.split()[1]


def test_every_commit_survives_readers_and_a_kill(tmp_path):
    data = tmp_path / "home"
    wal = data / "casebook.db-wal"
    writer, first = start_writer(data)
    try:
        for name, argv in reader_commands(data, first).items():
            done = run_reader(argv)
            assert done.returncode == 0, f"{name}: {done.stderr}"
            assert "Traceback" not in done.stderr
            assert wal.exists(), f"the reader {name!r} unlinked the live writer's WAL"
        saved = []
        for _ in range(SAVES):
            writer.stdin.write("save\n")
            writer.stdin.flush()
            saved.append(writer.stdout.readline().split()[1])
        assert count_cases(data) == 1 + SAVES, "saves made after the readers are invisible"
    finally:
        writer.kill()
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    assert count_cases(data) == 1 + SAVES
    show = run_reader(reader_commands(data, saved[-1])["show"])
    assert show.returncode == 0 and saved[-1] in show.stdout


def test_no_python_code_opens_the_live_database_file(casebook, reference_cases, monkeypatch,
                                                     tmp_path):
    """Everything the app does while connected, with Python's own file opening watched: the
    database file and its -wal/-shm are opened by SQLite only."""
    casebook.cases.import_cases(reference_cases)
    opened = watch_opens(monkeypatch, str(casebook.paths.database))
    case = casebook.cases.open_case(reference_cases[0].case_id)
    casebook.cases.save_case(case.model_copy(update={"version": case.version}))
    assert casebook.maintenance.quick_check() == []
    casebook.maintenance.check(quick=True)
    casebook.backups.create()
    casebook.backups.create(tmp_path / "copy.zip")
    casebook.maintenance.verify_audit()
    casebook.search.search("blinatumomab")
    casebook.interchange.export_cases(tmp_path / "out.json")
    casebook.backups.run_daily_if_due()
    assert opened == []
