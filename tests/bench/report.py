"""BENCHMARKS.md and bench-history.csv from a run's measures.

Each measure is shown beside its floor (the same work done bare, measured in the same run,
interleaved) and their ratio; targets are set on the ratio, absolute figures are information.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.bench.harness import ROOT, Measure

COLUMNS = ["Measure", "Median", "Floor", "Ratio", "Target", "Met", "p95", "Unit", "CPU ratio",
           "Floor is", "Note"]
HISTORY_FIELDS = ["date", "commit", "measure", "median", "floor", "ratio"]


@dataclass
class RunInfo:
    machine: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    date: dt.datetime
    commit: str


def commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head or "?"


def fmt(value: float) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


def fmt_ratio(m: Measure) -> str:
    ratio = m.ratio
    if ratio != ratio:
        return "-"
    shown = f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:,.2f}" if ratio < 10 else f"{ratio:,.1f}"
    return f"{shown}x faster" if m.faster else f"{shown}x"


def _load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.2f}" for x in load)


def render(measures: list[Measure], info: RunInfo) -> str:
    missed = [m for m in measures if m.met is False or (not m.samples and m.note)]
    lines = ["# Benchmarks", "",
             f"Run `make bench` to regenerate. Machine: {info.machine}. "
             f"Date: {info.date:%Y-%m-%d %H:%M} UTC, commit {info.commit}. Load average "
             f"(1/5/15 min) before {_load(info.load_before)}, after {_load(info.load_after)}.",
             "",
             "Targets are ratios: each measure beside its **floor**, the same work done as bare "
             "as it can be (a bare PySide6 window, a bare SQLite commit of the same bytes, a "
             "minimal ReportLab document...), measured in the same run, interleaved with it "
             "(A B A B). *Ratio* is the median of the paired ratios, wall time with wall time; "
             "*CPU ratio* the same for CPU time. Ratios travel between machines, the absolute "
             "figures (Median, Floor, p95) are information only. `bench-history.csv` keeps one "
             "line per measure and run: a regression shows as a ratio that grew.", ""]
    if missed:
        lines += ["## Missed targets", ""]
        for m in missed:
            figure = (f"ratio {fmt_ratio(m)} (median {fmt(m.median)} {m.unit}, floor "
                      f"{fmt(m.floor_median)} {m.unit})" if m.floor else
                      f"median {fmt(m.median)} {m.unit}, p95 {fmt(m.p95)} {m.unit}")
            lines.append(f"- **{m.name}**: {figure if m.samples else m.note} "
                         f"(target {m.target})")
            if m.profile:
                lines.append("  - the profile shows:")
                lines += [f"    - {item}" for item in m.profile]
        lines.append("")
    else:
        lines += ["All measured targets are met.", ""]
    lines += ["| " + " | ".join(COLUMNS) + " |",
              "|---|---:|---:|---:|---|---|---:|---|---:|---|---|"]
    for m in measures:
        met = {True: "yes", False: "**no**", None: "-"}[m.met]
        cpu = m.cpu_ratio
        cells = [m.name, fmt(m.median), fmt(m.floor_median), fmt_ratio(m), m.target, met,
                 fmt(m.p95), m.unit, "-" if cpu != cpu else f"{cpu:,.2f}x", m.floor_name or "-",
                 m.note]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def append_history(measures: list[Measure], path: Path, info: RunInfo) -> None:
    """One line per measure: date, commit, measure, median, floor, ratio (empty: none)."""
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        if new:
            out.writerow(HISTORY_FIELDS)
        for m in measures:
            out.writerow([f"{info.date:%Y-%m-%dT%H:%M:%SZ}", info.commit, m.name,
                          _number(m.median), _number(m.floor_median), _number(m.ratio)])


def _number(value: float) -> str:
    return "" if value != value else f"{value:.6g}"
