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

import pytest

from core.cli import main
from core.services import open_casebook
from tests.reliability.crash_writer import expected_age, expected_title
from tests.reliability.readers import ReaderLoop

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 30
SOAK_KILLS = 200
MAX_DELAY = 0.3  # seconds of saving after the first reported save, before the kill


class WriterServer:
    """``crash_writer.py --serve``: forks a fresh writer process for each run."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, str(WRITER), "--serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline() == "serving\n"

    def run_and_kill(self, data: Path, seed: int, delay: float) -> list[str]:
        """Start a writer, let it save for ``delay`` seconds after its first save, SIGKILL
        it; every line it printed."""
        self.proc.stdin.write(f"{data} {seed}\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline().split()[1])
        lines = [self.proc.stdout.readline()]
        assert lines[0] == "ready\n", "the writer could not start: see stderr"
        lines.append(self.proc.stdout.readline())  # its first save
        assert lines[1] not in ("done\n", ""), "the writer failed: see stderr"
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        # until the server's "done": also at the end of a line the kill cut short (a partial
        # line has no newline, so "done" follows it on the same line); a server silent for
        # two minutes is stopped, which ends its output (the next run fails, never a hang)
        watchdog = threading.Timer(120, self.proc.kill)
        watchdog.start()
        try:
            while (line := self.proc.stdout.readline()) and not line.endswith("done\n"):
                lines.append(line)
        finally:
            watchdog.cancel()
        return [line.rstrip("\n") for line in lines]

    def close(self) -> None:
        self.proc.stdin.close()
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
            lines = server.run_and_kill(data, seed + n, rng.uniform(0, MAX_DELAY))
            saves = reported_saves(lines)
            counts["kills"] += 1
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
