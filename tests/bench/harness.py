"""Benchmark plumbing: measures with targets, cached generated data folders, timing helpers."""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "bench-cache"
SEED = 7


@dataclass
class Measure:
    name: str
    target: str
    unit: str
    samples: list[float] = field(default_factory=list)
    limit: float | None = None  # the target as a number in `unit`; None = informational
    lower_is_better: bool = True
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def p95(self) -> float:
        if not self.samples:
            return float("nan")
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def met(self) -> bool | None:
        if self.limit is None or not self.samples:
            return None
        value = self.p95 if "p95" in self.target else self.median
        return value < self.limit if self.lower_is_better else value > self.limit


def timed(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Milliseconds per call."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def generator_version() -> str:
    from core.synth import GENERATOR_VERSION

    return str(GENERATOR_VERSION)


def cached_folder(n: int, seed: int = SEED) -> Path:
    """A data folder holding the two reference cases plus n generated cases, built once."""
    folder = CACHE / f"gen{generator_version()}-seed{seed}-n{n}"
    if (folder / "ready").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _fill(folder, n, seed)
    (folder / "ready").write_text("ok")
    return folder


def _fill(folder: Path, n: int, seed: int) -> None:
    from core.services import open_casebook
    from core.services.demo import reference_cases
    from core.settings import Settings, save_settings
    from core.synth import generate_cases

    save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
    cb = open_casebook(folder, user="bench")
    try:
        cb.cases.import_cases(reference_cases(), source="bench")
        batch = []
        for case in generate_cases(n, seed=seed):
            batch.append(case)
            if len(batch) == 5000:
                cb.cases.import_cases(batch, source="bench")
                batch = []
        if batch:
            cb.cases.import_cases(batch, source="bench")
    finally:
        cb.close()


def scratch_folder(name: str) -> Path:
    folder = CACHE / "scratch" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def quick() -> bool:
    return os.environ.get("BENCH_QUICK") == "1"
