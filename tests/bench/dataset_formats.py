"""Time ``casebook export`` of the first N cases of the cached 10k folder in each dataset format
(csv, xlsx, odm), each beside the JSON export of the same cases, interleaved (JSON, CSV, JSON,
XLSX, JSON, ODM per round); prints the median wall and CPU time and the median paired ratio to
JSON of each format. ``python -m tests.bench.dataset_formats [N] [ROUNDS] [BEFORE]`` (2000, 3):
with BEFORE, a folder holding another copy of the app's ``core`` and ``resources`` (``git
archive COMMIT core resources | tar -x -C BEFORE``), each format's export by that copy is timed
too, right after this one's (before/after interleaved)."""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

from tests.bench.bench_datasets import first_ids, run_export
from tests.bench.harness import ROOT, cached_folder, scratch_folder

FORMATS = (("csv", "dataset"), ("xlsx", "dataset.xlsx"), ("odm", "dataset.xml"))


def main(n: int = 2000, rounds: int = 3, before: Path | None = None) -> None:
    folder = cached_folder(10_000)
    ids = first_ids(folder, n)
    out = scratch_folder("dataset-formats")
    floor = out / "floor.json"
    run_export(folder, "json", floor, ids)  # warm-up, not measured
    codes = {"": ROOT, " (before)": before} if before else {"": ROOT}
    seen: dict[str, list[tuple[float, float, float, float]]] = {}
    for _ in range(rounds):
        for fmt, name in FORMATS:
            json_wall, json_cpu, _ = run_export(folder, "json", floor, ids)
            for label, code in codes.items():
                wall, cpu, _ = run_export(folder, fmt, out / name, ids, code)
                seen.setdefault(fmt + label, []).append((wall, cpu, json_wall, json_cpu))
    for fmt, runs in seen.items():
        med = [statistics.median(r[i] for r in runs) for i in range(4)]
        ratio = statistics.median(r[0] / r[2] for r in runs)
        cpu_ratio = statistics.median(r[1] / r[3] for r in runs)
        print(f"{fmt:13} {n} cases: wall {med[0]:.2f} s (JSON {med[2]:.2f} s) {ratio:.2f}x, "
              f"CPU {med[1]:.2f} s (JSON {med[3]:.2f} s) {cpu_ratio:.2f}x")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *(Path(a) for a in sys.argv[3:4]))
