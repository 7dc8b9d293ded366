"""`make bench`: run every benchmark, each beside its floor, and write BENCHMARKS.md (targets
are ratios to the floor; tests/bench/report.py) and one line per measure to bench-history.csv.

Generated databases are cached in bench-cache/ (keyed by generator version and seed) and
automatic backups are off. BENCH_QUICK=1 skips the 100k-case measures and imports 2,000 cases
instead of 10,000. BENCH_1M=1 adds the 1M-case measures (tests/bench/bench_million.py;
BENCH_1M_N sets the size).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import sqlite3
import sys
import traceback
from pathlib import Path

from tests.bench.harness import ROOT, Measure
from tests.bench.report import RunInfo, append_history, commit, render

SUITES = ["tests.bench.bench_store", "tests.bench.bench_search", "tests.bench.bench_pdf",
          "tests.bench.bench_gui", "tests.bench.bench_cli", "tests.bench.bench_list",
          "tests.bench.bench_transfer", "tests.bench.bench_datasets"]
if os.environ.get("BENCH_1M") == "1":  # opt-in: a bulk-built 1M-case folder (bench_million)
    SUITES.append("tests.bench.bench_million")
HISTORY = ROOT / "bench-history.csv"


def run_suites(names: list[str]) -> list[Measure]:
    measures: list[Measure] = []
    for name in names:
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            measures += importlib.import_module(name).run()
        except Exception as exc:  # noqa: BLE001 - a broken suite is reported, not fatal
            traceback.print_exc()
            measures.append(Measure(f"{name} failed", "runs", "", [], limit=None,
                                    note=f"{type(exc).__name__}: {exc}"))
    return measures


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
            f"{mem:.0f} GiB; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def load() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:
        return (float("nan"),) * 3


def report(measures: list[Measure], info: RunInfo, out: Path, history: Path) -> str:
    text = render(measures, info)
    out.write_text(text, encoding="utf-8")
    append_history(measures, history, info)
    return text


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    before, started = load(), dt.datetime.now(dt.UTC)
    measures = run_suites(args or SUITES)
    info = RunInfo(machine(), before, load(), started, commit())
    print(report(measures, info, ROOT / "BENCHMARKS.md", HISTORY))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
