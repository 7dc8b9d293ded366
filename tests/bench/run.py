"""`make bench`: run every benchmark and write BENCHMARKS.md (targets from shared/PRODUCT.md).

Generated databases are cached in bench-cache/ (keyed by generator version and seed) and
automatic backups are off. BENCH_QUICK=1 skips the 100k-case measures.
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

SUITES = ["tests.bench.bench_store", "tests.bench.bench_search", "tests.bench.bench_pdf",
          "tests.bench.bench_gui"]


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


def _fmt(value: float) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


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


def render(measures: list[Measure]) -> str:
    missed = [m for m in measures if m.met is False or (not m.samples and m.note)]
    lines = ["# Benchmarks", "",
             f"Run `make bench` to regenerate. Machine: {machine()}. "
             f"Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.", ""]
    if missed:
        lines += ["## Missed targets", ""]
        for m in missed:
            figure = f"median {_fmt(m.median)} {m.unit}, p95 {_fmt(m.p95)} {m.unit}"
            lines.append(f"- **{m.name}**: {figure if m.samples else m.note} "
                         f"(target {m.target})")
        lines.append("")
    else:
        lines += ["All measured targets are met.", ""]
    lines += ["| Measure | Median | p95 | Unit | Target | Met | Note |",
              "|---|---:|---:|---|---|---|---|"]
    for m in measures:
        met = {True: "yes", False: "**no**", None: "-"}[m.met]
        lines.append(f"| {m.name} | {_fmt(m.median)} | {_fmt(m.p95)} | {m.unit} | {m.target} "
                     f"| {met} | {m.note} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    measures = run_suites(args or SUITES)
    text = render(measures)
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
