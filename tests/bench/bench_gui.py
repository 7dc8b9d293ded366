"""GUI benchmarks: start to a usable main window (10k and 100k cases), memory with 100k cases
and the list open, opening a 500-row case in the editor, keystroke to updated derived value.

Start-up is measured in a fresh ``python -m gui.app --data-dir FOLDER`` process per sample,
from just before the process starts to the marker the app writes once the window is shown and
the case list has painted its first page (``gui/ready_marker.py``). Modules are loaded from
compiled bytecode, as in an installed app: the runs share a bytecode cache in bench-cache/
(``PYTHONPYCACHEPREFIX``) that an unmeasured first run fills.
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

from tests.bench.harness import CACHE, ROOT, Measure, cached_folder, quick

READY_TIMEOUT_S = 60
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


def start_samples(folder: Path, repeat: int) -> list[StartSample]:
    start_once(folder)  # unmeasured: fills the bytecode cache and the OS file cache
    return [start_once(folder) for _ in range(repeat)]


def start_measures(n: int, repeat: int) -> list[Measure]:
    samples = start_samples(cached_folder(n), repeat)
    cases, rows = samples[0].cases, samples[0].rows
    label = f"{n:,}"
    ready = Measure(f"Start to a usable main window, {label} cases", "< 1.0 s", "ms",
                    [s.ready_ms for s in samples], limit=1000,
                    note=f"fresh process; window shown, list painted ({rows} of {cases:,} rows); "
                         f"app CPU median {median([s.cpu_ms for s in samples]):.0f} ms")
    memory = Measure(f"Memory with {label} cases, list open (peak RSS)", "< 300 MB RSS", "MB",
                     [s.peak_mb for s in samples], limit=300 if n >= 100_000 else None,
                     note=f"VmHWM {SETTLE_S:g} s after ready; RSS at ready "
                          f"{median([s.rss_mb for s in samples]):.0f} MB")
    return [ready, memory]


def run() -> list[Measure]:
    from tests.bench import gui_editor

    repeat = 3 if quick() else 7
    measures = start_measures(10_000, repeat)
    if not quick():
        measures += start_measures(100_000, repeat)
    return measures + gui_editor.run()


if __name__ == "__main__":
    for m in run():
        print(f"{m.name}: median {m.median:.1f} {m.unit}, p95 {m.p95:.1f} {m.unit} "
              f"(target {m.target}; met: {m.met}) {m.note}")
