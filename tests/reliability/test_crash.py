"""Killed mid-save (SIGKILL), again and again: no committed save lost, no corrupt database,
the audit chain intact (PRODUCT safety targets; ARCHITECTURE decision 7)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from core.cli import main
from core.services import open_casebook
from tests.reliability.crash_writer import expected_age, expected_title
from tests.reliability.readers import ReaderLoop

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 30
SOAK_KILLS = 200
MAX_DELAY = 0.3  # seconds of saving after the first reported save, before the kill


class Run(NamedTuple):
    lines: list[str]  # the writer's whole lines
    cut: str  # the text of a line the kill cut short (printed without its newline), or ""


class WriterServer:
    """``crash_writer.py --serve``: forks a fresh writer process for each run; the writer's
    output comes relayed by the server, its lines tagged ``out``, apart from the server's own
    lines (``pid``, ``cut``, ``done``)."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, str(WRITER), "--serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline() == "serving\n"

    def run_and_kill(self, data: Path, seed: int, delay: float, mode: str = "") -> Run:
        """Start a writer, let it save for ``delay`` seconds after its first save, SIGKILL
        it; what it printed."""
        self.proc.stdin.write(f"{data} {seed} {mode}\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline().removeprefix("pid "))
        lines = [self.proc.stdout.readline()]
        assert lines[0] == "out ready\n", "the writer could not start: see stderr"
        lines.append(self.proc.stdout.readline())  # its first save
        assert lines[1].startswith("out "), "the writer failed: see stderr"
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        # until the server's "done", also at the end of a line (never a hang, even if the
        # output were garbled: 4f81a4c); a server silent for two minutes is stopped, which
        # ends its output (the run fails)
        watchdog = threading.Timer(120, self.proc.kill)
        watchdog.start()
        try:
            while (line := self.proc.stdout.readline()) and not line.endswith("done\n"):
                lines.append(line)
        finally:
            watchdog.cancel()
        assert line == "done\n", f"the server's 'done' was not a line of its own: {line!r}"
        cut = lines.pop().removeprefix("cut ").rstrip("\n") if lines[-1].startswith("cut ") else ""
        assert all(line.startswith("out ") for line in lines), f"not the writer's: {lines}"
        return Run([line.removeprefix("out ").rstrip("\n") for line in lines], cut)

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a run failed before its kill: the server relays
            self.proc.kill()  # a live writer (which then dies writing to the closed relay)
            self.proc.wait()


def reported_saves(lines: list[str]) -> list[tuple[str, int]]:
    """Complete ``<case_id> <version>`` lines (a line cut by the kill is not a report)."""
    saves = []
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            saves.append((parts[0], int(parts[1])))
    return saves


def check_folder(data: Path, reported: dict[str, int], counts: Counter) -> None:
    """The reported saves present and intact; integrity and the audit chain verified, first
    by a reader (which writes no head), then by a writer."""
    head = json.loads((data / "config" / "audit-head.json").read_text())
    counts["killed with a pending head"] += "pending" in head
    assert main(["--data-dir", str(data), "audit", "verify"]) == 0
    cb = open_casebook(data, user="crash-test")
    try:
        report = cb.maintenance.check()
        assert report.integrity == ["ok"] and not report.foreign_keys
        chain = cb.audit.verify()
        assert chain.ok, chain.message
        assert "pending" not in json.loads((data / "config" / "audit-head.json").read_text())
        for case_id, version in reported.items():
            case = cb.cases.open_case(case_id)
            counts["lost saves"] += case.version < version
            assert case.version >= version
            assert case.title == expected_title(case_id, case.version)
            assert case.patient.age_at_day0 == expected_age(case.version)
        counts["cases"] = cb.cases.count_cases()
        counts["audit entries"] = chain.entries
    finally:
        cb.close()


def crash_many(data: Path, kills: int, seed: int) -> Counter:
    """Kill the writer ``kills`` times while other processes read the folder the whole time
    (every read command and plain sqlite3 SELECTs, in a loop); after each kill check what it
    reported in that run, and at the end everything it ever reported."""
    rng = random.Random(seed)
    committed: dict[str, int] = {}
    counts: Counter = Counter()
    server = WriterServer()
    readers = None
    try:
        for n in range(kills):
            run = server.run_and_kill(data, seed + n, rng.uniform(0, MAX_DELAY))
            saves = reported_saves(run.lines)
            counts["kills"] += 1
            counts["reports cut by the kill"] += bool(run.cut)
            counts["saves reported"] += len(saves)
            latest = {case_id: version for case_id, version in saves}
            committed |= latest
            check_folder(data, latest, counts)
            if readers is None:  # the folder exists now: read it until the last kill
                readers = ReaderLoop(data, saves[0][0]).start()
    finally:
        server.close()
        if readers is not None:
            read = readers.stop()
            counts["reader runs"] = sum(read.values())
            counts.update({f"reads by {name}": n for name, n in read.items()})
            assert not readers.failures, readers.failures
    check_folder(data, committed, counts)
    return counts


def test_killed_writer_loses_no_committed_save(tmp_path):
    counts = crash_many(tmp_path / "home", KILLS, seed=7)
    assert counts["kills"] == KILLS and counts["saves reported"] >= KILLS
    assert counts["lost saves"] == 0
    assert counts["reader runs"] >= 5


def test_a_report_the_kill_cuts_short_stays_off_the_servers_lines(tmp_path):
    """A kill between a report's text and its newline (print writes them apart when stdout
    is unbuffered, as under PYTHONUNBUFFERED=1), made certain: the cut text comes in the
    server's ``cut`` line and its ``done`` on a line of its own. The writer once printed on
    the server's stdout, so ``done`` followed the cut text on the same line and the test,
    waiting for a ``done`` line, hung (CI at c5cedba)."""
    server = WriterServer()
    try:
        run = server.run_and_kill(tmp_path / "home", 0, 0, mode="cut")
        again = server.run_and_kill(tmp_path / "home", 1, 0, mode="cut")
    finally:
        server.close()
    assert run == again == Run(["ready", "HC-CUT00000 1"], "HC-CUT00000 2")
    assert reported_saves(run.lines) == [("HC-CUT00000", 1)]


@pytest.mark.soak
def test_soak_200_kills(tmp_path, capsys):
    counts = crash_many(tmp_path / "home", SOAK_KILLS, seed=2024)
    with capsys.disabled():
        print("\ncrash soak:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    assert counts["kills"] == SOAK_KILLS and counts["lost saves"] == 0
    assert counts["reader runs"] >= SOAK_KILLS / 10


def test_app_connections_use_wal_and_full_sync(casebook):
    assert casebook.ctx.db.pragma("journal_mode") == "wal"
    assert casebook.ctx.db.pragma("synchronous") == 2
    with casebook.ctx.db.write() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
