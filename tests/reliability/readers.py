"""Other processes that read a data folder while a writer has it open.

Each reader is a separate process, as a user's would be: the read commands of the command
line and a plain sqlite3 SELECT (what any SQLite tool does). None of them may disturb the
writer: its WAL stays linked and every commit it makes stays visible and survives a kill.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120  # a ceiling, not a measurement

PLAIN_SELECT = (
    "import sqlite3, sys\n"
    "con = sqlite3.connect(sys.argv[1], timeout=30)\n"
    "print(con.execute('SELECT count(*) FROM cases').fetchone()[0])\n"
    "con.close()\n"
)


SELECT_LOOP = (
    "import os, sqlite3, sys, time\n"
    "db, n = sys.argv[1], 0\n"
    "while not os.path.exists(sys.argv[2]):\n"
    "    if os.path.exists(db):\n"
    "        try:\n"
    "            con = sqlite3.connect(db, timeout=30)\n"
    "            con.execute('SELECT count(*) FROM cases').fetchone()\n"
    "            con.close()\n"
    "            n += 1\n"
    "        except sqlite3.Error:\n"
    "            pass\n"
    "    time.sleep(0.01)\n"
    "print(n)\n"
)


def reader_commands(data: Path, case_id: str | None) -> dict[str, list[str]]:
    """Every kind of reader, by name: argv lists run with this interpreter."""
    cli = [sys.executable, "-m", "core.cli", "--data-dir", str(data)]
    commands = {
        "list": [*cli, "list"],
        "search": [*cli, "search", "blinatumomab"],
        "check": [*cli, "check", "--quick"],
        "audit verify": [*cli, "audit", "verify"],
        "backup --list": [*cli, "backup", "--list"],
        "sqlite3 SELECT": [sys.executable, "-c", PLAIN_SELECT, str(data / "casebook.db")],
    }
    if case_id:
        commands["show"] = [*cli, "show", case_id]
    return commands


def run_reader(argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
                          env=_env())


def count_cases(data: Path) -> int:
    """The number of stored cases as another process sees them."""
    done = run_reader(reader_commands(data, None)["sqlite3 SELECT"])
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


class ReaderLoop:
    """Readers run one after another in a background thread until ``stop()``, and beside
    them one process opens, queries and closes a plain sqlite3 connection every 10 ms (the
    quick reader that catches a writer which lost its locks)."""

    def __init__(self, data: Path, case_id: str | None = None):
        self.commands = list(reader_commands(data, case_id).items())
        self.counts: Counter = Counter()
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._stop_file = data.parent / f".stop-readers-{id(self)}"
        self._select_loop = subprocess.Popen(
            [sys.executable, "-c", SELECT_LOOP, str(data / "casebook.db"), str(self._stop_file)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def start(self) -> ReaderLoop:
        self._thread.start()
        return self

    def _run(self) -> None:
        n = 0
        while not self._stop.is_set():
            name, argv = self.commands[n % len(self.commands)]
            n += 1
            done = run_reader(argv)
            self.counts[name] += 1
            if "Traceback" in done.stderr or "Unexpected error" in done.stderr:
                self.failures.append(f"{name}: {done.stderr[-500:]}")

    def stop(self) -> Counter:
        self._stop.set()
        self._stop_file.touch()
        out, errors = self._select_loop.communicate(timeout=TIMEOUT_S)
        self.counts["sqlite3 SELECT loop"] = int(out or 0)
        if errors:
            self.failures.append(f"sqlite3 SELECT loop: {errors[-500:]}")
        self._thread.join(timeout=TIMEOUT_S)
        return self.counts


def watch_opens(monkeypatch, prefix: str) -> list[str]:
    """Record every open by Python code (builtins.open, io.open, os.open) of a path that starts
    with ``prefix`` (the live database and its -wal/-shm); SQLite's own opens are not seen."""
    import builtins
    import io
    import os

    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def watch(name: object) -> None:
        if isinstance(name, str | os.PathLike) and os.fspath(name).startswith(prefix):
            opened.append(os.fspath(name))

    def open_(file, *args, **kwargs):
        watch(file)
        return real_open(file, *args, **kwargs)

    def os_open(path, *args, **kwargs):
        watch(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(os, "open", os_open)
    return opened
