"""GUI benchmarks: start to a usable main window (10k and 100k cases), memory with 100k cases
and the list open, opening a 500-row case in the editor, keystroke to updated derived value.

Start-up is measured in a fresh ``python -m gui.app --data-dir FOLDER`` process per sample,
from just before the process starts to the marker the app writes once the window is shown and
the case list has painted its first page (``gui/ready_marker.py``). Modules are loaded from
compiled bytecode, as in an installed app: the runs share a bytecode cache in bench-cache/
(``PYTHONPYCACHEPREFIX``) that an unmeasured first run fills. Its floor, interleaved (A B A B),
is a bare PySide6 window in a fresh process: import, QApplication, a main window holding a
table shown, until its first paint (``BARE_WINDOW``), timed the same way.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench.harness import (
    CACHE,
    ROOT,
    Measure,
    cached_folder,
    each_size,
    quick,
    with_floor,
)

READY_TIMEOUT_S = 60
START_RATIO = 3
BARE_WINDOW = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget

app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableWidget(30, 5)
window.setCentralWidget(table)
window.resize(1280, 800)

def ready():
    marker = Path(sys.argv[1])
    part = marker.with_suffix(".part")
    part.write_text(json.dumps({"ready": time.time(), "cpu": time.process_time()}))
    part.replace(marker)
    app.quit()

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            table.viewport().removeEventFilter(self)
            QTimer.singleShot(0, ready)
        return False

first = FirstPaint()
table.viewport().installEventFilter(first)
window.show()
app.exec()
"""
SETTLE_S = 2.0  # after ready: the editor's warm-up and the background check run
EXIT_TIMEOUT_S = 20


@dataclass
class StartSample:
    ready_ms: float
    cpu_ms: float  # the app's CPU time until ready (the wall time includes waiting for a core)
    rss_mb: float  # at ready
    peak_mb: float  # peak RSS (VmHWM) SETTLE_S after ready
    cases: int
    rows: int


def median(values: list[float]) -> float:
    return statistics.median(values)


def app_env(marker: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CASEBOOK_BENCH_READY_FILE=str(marker),
               PYTHONPYCACHEPREFIX=str(CACHE / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("CASEBOOK_HOME", None)
    return env


def peak_rss_mb(pid: int, fallback: float) -> float:
    """VmHWM (Linux); elsewhere the current RSS."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return fallback


def wait_for_marker(process: subprocess.Popen, marker: Path) -> dict:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not marker.exists():
        if process.poll() is not None:
            raise RuntimeError(f"casebook-gui exited with {process.returncode} before ready "
                               f"(its stderr: {marker.with_name('gui-stderr.txt')})")
        if time.monotonic() > deadline:
            raise TimeoutError("casebook-gui did not become ready")
        time.sleep(0.002)
    return json.loads(marker.read_text(encoding="utf-8"))


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)  # the app closes cleanly on SIGTERM
    try:
        process.wait(EXIT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_once(folder: Path) -> StartSample:
    import psutil

    marker = CACHE / "scratch" / "gui-ready.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    env = app_env(marker)
    errors = marker.with_name("gui-stderr.txt").open("w", encoding="utf-8")
    started = time.time()
    process = subprocess.Popen([sys.executable, "-m", "gui.app", "--data-dir", str(folder)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        ready = wait_for_marker(process, marker)
        rss = psutil.Process(process.pid).memory_info().rss / 2**20
        time.sleep(SETTLE_S)
        peak = peak_rss_mb(process.pid, rss)
    finally:
        stop(process)
        errors.close()
    return StartSample((ready["ready"] - started) * 1000, ready["cpu"] * 1000, rss, peak,
                       ready["cases"], ready["rows"])


def bare_window_once() -> tuple[float, float]:
    """(wall ms, CPU ms) from just before a fresh process starts to its bare window's paint."""
    marker = CACHE / "scratch" / "bare-ready.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    started = time.time()
    process = subprocess.Popen([sys.executable, "-c", BARE_WINDOW, str(marker)], cwd=ROOT,
                               env=app_env(marker), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        ready = wait_for_marker(process, marker)
        process.wait(EXIT_TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return (ready["ready"] - started) * 1000, ready["cpu"] * 1000


def start_samples(folder: Path, repeat: int) -> tuple[list[StartSample], list[tuple[float, float]]]:
    """The app's start and its floor, A B A B, after one unmeasured pair (it fills the bytecode
    cache and the OS file cache)."""
    apps, floors = [], []
    for i in range(repeat + 1):
        app, floor = start_once(folder), bare_window_once()
        if i:
            apps.append(app)
            floors.append(floor)
    return apps, floors


def start_measures(n: int, repeat: int) -> list[Measure]:
    from tests.bench.profiles import importtime

    samples, floors = start_samples(cached_folder(n), repeat)
    cases, rows = samples[0].cases, samples[0].rows
    label = f"{n:,}"
    ready = with_floor(Measure(
        f"Start to a usable main window, {label} cases", f"<= {START_RATIO}x floor", "ms",
        ratio_limit=START_RATIO,
        floor_name="bare PySide6 window (import, QApplication, show, paint), fresh process",
        note=f"fresh process; window shown, list painted ({rows} of {cases:,} rows)"),
        [(s.ready_ms, s.cpu_ms) for s in samples], floors)
    if ready.met is False:
        ready.profile = importtime(["-c", "import gui.app, core.services"])
    memory = Measure(f"Memory with {label} cases, list open (peak RSS)",
                     "< 300 MB RSS" if n >= 100_000 else "informational (< 300 MB at 100k)",
                     "MB", [s.peak_mb for s in samples], limit=300 if n >= 100_000 else None,
                     note=f"VmHWM {SETTLE_S:g} s after ready; RSS at ready "
                          f"{median([s.rss_mb for s in samples]):.0f} MB")
    return [ready, memory]


def run() -> list[Measure]:
    from tests.bench import gui_editor

    repeat = 3 if quick() else 7
    sizes = (10_000,) if quick() else (10_000, 100_000)
    return each_size("Start to a usable main window", sizes,
                     lambda n: start_measures(n, repeat)) + gui_editor.run()


if __name__ == "__main__":
    for m in run():
        print(f"{m.name}: median {m.median:.1f} {m.unit}, p95 {m.p95:.1f} {m.unit} "
              f"(target {m.target}; met: {m.met}) {m.note}")
