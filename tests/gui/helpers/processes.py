"""Start Casebook processes for tests and wait for what they say (log lines, stdout)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT_S = 60  # a ceiling, not a measurement: other work may load the machine


def start_gui(data_dir: Path | None) -> subprocess.Popen:
    """``python -m gui.app``; without ``data_dir`` the child finds it through CASEBOOK_HOME."""
    folder = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.Popen([sys.executable, "-m", "gui.app", *folder], cwd=ROOT,
                            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core.cli", "--data-dir", str(data_dir), *args],
                          cwd=ROOT, env=child_env(), capture_output=True, text=True,
                          timeout=START_TIMEOUT_S)


def run_gui_once(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gui.app", "--data-dir", str(data_dir)],
                          cwd=ROOT, env=child_env(), capture_output=True, text=True,
                          timeout=START_TIMEOUT_S)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    return env


def wait_for_log(log_file: Path, needle: str, proc: subprocess.Popen,
                 timeout: float = START_TIMEOUT_S) -> str:
    """Wait until ``needle`` appears in the log (failing early if the process ends)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
        if needle in text:
            return text
        if proc.poll() is not None:
            raise AssertionError(f"process ended ({proc.returncode}) before {needle!r}: "
                                 f"{proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} not in {log_file} after {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=START_TIMEOUT_S)
