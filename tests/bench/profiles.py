"""What a missed ratio's profile shows: `python -X importtime` (start-up: self time summed by
top-level package) and cProfile (the ten functions with the most own time)."""

from __future__ import annotations

import cProfile
import os
import pstats
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from tests.bench.harness import CACHE, ROOT

TOP = 10


def importtime(args: list[str], env: dict[str, str] | None = None) -> list[str]:
    """Run ``python -X importtime ARGS``; the packages whose imports took the most own time."""
    run_env = dict(env or os.environ, PYTHONPYCACHEPREFIX=str(CACHE / "pycache"))
    for _ in range(2):  # the first fills the bytecode cache: read as in an installed app
        done = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=ROOT, env=run_env,
                              capture_output=True, text=True, timeout=120, check=False)
    return top_packages(done.stderr)


def top_packages(stderr: str, top: int = TOP) -> list[str]:
    own: dict[str, int] = defaultdict(int)
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        try:
            self_us, _cumulative, name = (part.strip() for part in
                                          line.removeprefix("import time:").split("|"))
            own[name.split(".")[0]] += int(self_us)
            total += int(self_us)
        except ValueError:
            continue
    ranked = sorted(own.items(), key=lambda kv: -kv[1])[:top]
    return [f"imports, own time by package (total {total / 1000:,.0f} ms): "
            + ", ".join(f"{name} {us / 1000:,.0f} ms" for name, us in ranked)]


def cprofile_top(fn: Callable[[], object], top: int = TOP) -> list[str]:
    """The ``top`` functions by own time while ``fn`` runs."""
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    return top_functions(profiler, top)


def top_functions(profiler: cProfile.Profile, top: int = TOP) -> list[str]:
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime")
    out = []
    for func in stats.fcn_list[:top]:  # type: ignore[attr-defined]
        calls, _, own, cumulative, _ = stats.stats[func]  # type: ignore[attr-defined]
        out.append(f"{_where(func)}: own {own * 1000:,.1f} ms, with callees "
                   f"{cumulative * 1000:,.1f} ms, {calls:,} calls")
    return out


def _where(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    path = Path(filename)
    try:
        shown = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        parts = path.parts
        shown = "/".join(parts[parts.index("site-packages") + 1:]) \
            if "site-packages" in parts else path.name
    return f"{shown}:{line} {name}"
