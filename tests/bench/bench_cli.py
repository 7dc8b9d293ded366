"""CLI start-up benchmarks: `casebook --help` (target <= 3x) and `casebook list` on 10,000 cases
(target <= 6x, issue 20), each in a fresh process beside its floor, a bare interpreter start
(`python -c pass`), interleaved A B A B. Wall time is compared with wall time, the children's
CPU time with CPU time."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.harness import CACHE, ROOT, Measure, cached_folder, interleave, quick, with_floor

HELP_RATIO = 3
LIST_RATIO = 6
FLOOR = [sys.executable, "-c", "pass"]


def cli_env() -> dict[str, str]:
    """Modules from this checkout (ROOT), read from a shared bytecode cache."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(CACHE / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("CASEBOOK_HOME", None)
    return env


def casebook() -> list[str]:
    script = Path(sys.executable).with_name("casebook")
    return [str(script)] if script.exists() else [sys.executable, "-m", "core.cli"]


def run_once(args: list[str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=cli_env(), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True, timeout=120)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def cli_measure(name: str, args: list[str], rounds: int, ratio_limit: float | None,
                profile_args: list[str]) -> Measure:
    from tests.bench.profiles import importtime

    a, b = interleave(lambda: run_once(args), lambda: run_once(FLOOR), rounds)
    m = with_floor(Measure(name, f"<= {ratio_limit:g}x floor" if ratio_limit else "informational",
                           "ms", ratio_limit=ratio_limit,
                           floor_name="bare interpreter start (python -c pass)"), a, b)
    if m.met is False:
        m.profile = importtime(profile_args)
    return m


def run(rounds: int | None = None, list_cases: int = 10_000) -> list[Measure]:
    rounds = rounds or (10 if quick() else 20)
    folder = cached_folder(list_cases)
    cmd = casebook()
    return [
        cli_measure("CLI start: casebook --help", [*cmd, "--help"], rounds, HELP_RATIO,
                    ["-m", "core.cli", "--help"]),
        cli_measure(f"CLI start: casebook list ({list_cases:,} cases)",
                    [*cmd, "--data-dir", str(folder), "list"], rounds, LIST_RATIO,
                    ["-m", "core.cli", "--data-dir", str(folder), "list"]),
    ]
