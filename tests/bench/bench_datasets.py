"""Dataset exports at scale (issue 18): ``casebook export --format csv``, ``odm``, ``xlsx`` and
``fhir`` of the cached 10,000-case folder (2,000 of its cases under BENCH_QUICK=1), each in a
process of its own (wall time and peak RSS), beside the JSON export of the same cases (the
floor; the CSV and ODM exports' target, <= 3x the JSON export, is this benchmark's choice; the
Excel and FHIR ratios are information): interleaved pairs JSON, CSV and JSON, ODM (issue 20:
one pair swung from 2.3x to 3.4x with the load), the ratio their median, as everywhere in the
bench.
Then the 200-case round trip: the CSV zip and the Excel workbook exported, imported back into an
empty folder, and the JSON export of that folder compared byte for byte with the original's."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.bench_store import export_file
from tests.bench.harness import ROOT, Measure, PeakRss, cached_folder, quick, scratch_folder

CSV_RATIO = 3.0  # the CSV dataset against the JSON export of the same cases (our choice)
ODM_RATIO = 3.0  # the ODM file against the same JSON export, as CSV (our choice)
# interleaved pairs JSON, CSV (the ratio: their median): 5 at 2,000 cases (BENCH_QUICK, about
# 80 s with FHIR on an idle 2-core machine), 3 at 10,000 (about 5 minutes)
ROUNDS_QUICK, ROUNDS_FULL = 5, 3
ROUND_TRIP_N = 200


def run_export(folder: Path, fmt: str, out: Path, ids: list[str],
               code: Path = ROOT) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of ``casebook export --format FMT`` in a process of its
    own (the app's code in ``code``: another copy for a before/after); raises when it fails."""
    args = [sys.executable, "-m", "core.cli", "--data-dir", str(folder), "export",
            "--format", fmt, *ids, "-o", str(out), "--force"]
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with PeakRss(proc.pid) as peak:  # the child's own peak: see PeakRss
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"casebook export --format {fmt} failed: {err[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, peak.mb


def first_ids(folder: Path, n: int) -> list[str]:
    """The ids of the first ``n`` cases not in the trash, read-only."""
    conn = sqlite3.connect(f"file:{folder / 'casebook.db'}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute(
            "SELECT id FROM cases WHERE trashed_at IS NULL ORDER BY id LIMIT ?", (n,))]
    finally:
        conn.close()


def size_mb(path: Path) -> float:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20
    return path.stat().st_size / 2**20


def exports(n: int, rounds: int) -> list[Measure]:
    """CSV, ODM, Excel and FHIR exports of ``n`` cases of the cached 10k folder, each beside
    the JSON export of the same cases: one JSON export unmeasured (the database into the page
    cache), then ``rounds`` pairs JSON, CSV and JSON, ODM (A B A B A B: the ratio is the median
    of the paired ratios, one pair swings with the machine's load) and one pair JSON, Excel
    and JSON, FHIR (information: openpyxl's own row writing is most of the Excel export)."""
    folder = cached_folder(10_000)
    ids = first_ids(folder, n) if n < 10_000 else []  # none: every case (10,002 with the refs)
    label = f"{n:,}" if ids else f"{n:,} (+2 reference)"
    out = scratch_folder("datasets-out")
    floor = out / "floor.json"
    run_export(folder, "json", floor, ids)  # warm-up, not measured
    measures: list[Measure] = []
    for fmt, target, count in (("csv", out / "dataset", rounds), ("odm", out / "dataset.xml", rounds),
                               ("xlsx", out / "dataset.xlsx", 1), ("fhir", out / "dataset.json", 1)):
        pairs = []  # ((wall, cpu, rss) of JSON, of fmt) per round
        for _ in range(count):
            pairs.append((run_export(folder, "json", floor, ids),
                          run_export(folder, fmt, target, ids)))
        ratio = {"csv": CSV_RATIO, "odm": ODM_RATIO}.get(fmt)
        walls, cpus, rsss = ([p[1][i] for p in pairs] for i in range(3))
        json_walls, json_cpus, json_rsss = ([p[0][i] for p in pairs] for i in range(3))
        how = f"{count} interleaved pairs (JSON, {fmt.upper()})" if count > 1 else "one pair"
        measures += [
            Measure(f"{fmt.upper()} export of {label} cases", f"<= {ratio:g}x floor" if ratio
                    else "informational", "s", walls, floor=json_walls, ratio_limit=ratio,
                    cpu=cpus, floor_cpu=json_cpus,
                    floor_name="JSON export of the same cases (casebook export)",
                    note=f"casebook export --format {fmt}, own process incl. start-up, {how}; "
                    f"output {size_mb(target):,.0f} MB, JSON {size_mb(floor):,.0f} "
                    "MB" + (" (target: our choice)" if ratio else "")),
            Measure(f"{fmt.upper()} export of {label} cases: peak memory", "informational", "MB",
                    rsss, floor=json_rsss, floor_name="JSON export's peak memory",
                    note="VmHWM of the export's process"),
        ]
        shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink()
    shutil.rmtree(out, ignore_errors=True)
    return measures


def round_trip(n: int = ROUND_TRIP_N) -> list[Measure]:
    """Export ``n`` generated cases as a CSV zip and a workbook, import each into an empty
    folder, compare the JSON exports byte for byte."""
    from core.services import open_casebook
    from core.services.datasets import DatasetService
    from core.settings import Settings, save_settings

    work = scratch_folder("datasets-trip")
    source = scratch_folder("datasets-source")
    save_settings(source / "config" / "settings.json", Settings(automatic_backups=False))
    cb = open_casebook(source, user="bench")
    measures: list[Measure] = []
    try:
        cb.interchange.import_files([export_file(n)])
        original = work / "original.json"
        cb.interchange.export_cases(original)
        for fmt, name in (("csv", "dataset.zip"), ("xlsx", "dataset.xlsx")):
            target = work / name
            started = time.perf_counter()
            DatasetService(cb.interchange).export(target, fmt)
            exported = time.perf_counter() - started
            empty = scratch_folder(f"datasets-empty-{fmt}")
            save_settings(empty / "config" / "settings.json", Settings(automatic_backups=False))
            other = open_casebook(empty, user="bench")
            try:
                started = time.perf_counter()
                report = other.interchange.import_files([target])
                imported = time.perf_counter() - started
                back = work / f"back-{fmt}.json"
                other.interchange.export_cases(back)
            finally:
                other.close()
            same = report.imported == n and back.read_bytes() == original.read_bytes()
            kind = "CSV zip" if fmt == "csv" else "Excel workbook"
            measures += [
                Measure(f"Round trip {n} cases, {kind}: export", "informational", "ms",
                        [exported * 1000], note=f"DatasetService.export, "
                        f"{size_mb(target):,.1f} MB"),
                Measure(f"Round trip {n} cases, {kind}: import", "informational", "ms",
                        [imported * 1000], note="import into an empty folder, all or nothing"),
                Measure(f"Round trip {n} cases, {kind}: lossless", "JSON exports identical",
                        "ok", [1.0 if same else 0.0], limit=0.5, lower_is_better=False,
                        note="1: every case imported and the JSON export byte for byte the "
                        "original's"),
            ]
    finally:
        cb.close()
        for folder in (work, source, *work.parent.glob("datasets-empty-*")):
            shutil.rmtree(folder, ignore_errors=True)
    return measures


def run() -> list[Measure]:
    n, rounds = (2_000, ROUNDS_QUICK) if quick() else (10_000, ROUNDS_FULL)
    return exports(n, rounds) + round_trip()
