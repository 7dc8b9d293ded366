"""Benchmark plumbing: measures with targets, cached generated data folders, timing helpers.

A measure carries its floor: the same work done as bare as it can be, measured in the same run,
interleaved with it (A B A B ...). Its ratio (the median of the paired ratios) is what travels
between machines, and what the targets are set on; absolute figures are information."""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import time
import traceback
from collections.abc import Callable, Iterable
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
    floor: list[float] = field(default_factory=list)  # the floor's samples, paired, same unit
    floor_name: str = ""
    ratio_limit: float | None = None  # the target as a ratio; None = the ratio is information
    faster: bool = False  # the floor is the slow peer: ratio = floor / measure, "x faster"
    cpu: list[float] = field(default_factory=list)  # CPU ms of the measure and of its floor
    floor_cpu: list[float] = field(default_factory=list)
    profile: list[str] = field(default_factory=list)  # what the profile shows, when missed

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
    def floor_median(self) -> float:
        return statistics.median(self.floor) if self.floor else float("nan")

    @property
    def ratio(self) -> float:
        """Median of the paired ratios (measure / floor; floor / measure when ``faster``)."""
        return paired_ratio(self.floor, self.samples) if self.faster else \
            paired_ratio(self.samples, self.floor)

    @property
    def cpu_ratio(self) -> float:
        return paired_ratio(self.cpu, self.floor_cpu)

    @property
    def met(self) -> bool | None:
        if self.ratio_limit is not None:
            ratio = self.ratio
            if ratio != ratio:  # NaN: nothing measured
                return None
            return ratio >= self.ratio_limit if self.faster else ratio <= self.ratio_limit
        if self.limit is None or not self.samples:
            return None
        value = self.p95 if "p95" in self.target else self.median
        return value < self.limit if self.lower_is_better else value > self.limit


def paired_ratio(top: list[float], bottom: list[float]) -> float:
    """Median of top[i] / bottom[i] (of the medians when the lists are not paired)."""
    if not top or not bottom:
        return float("nan")
    if len(top) != len(bottom):
        low = statistics.median(bottom)
        return statistics.median(top) / low if low else float("nan")
    pairs = [a / b for a, b in zip(top, bottom, strict=True) if b > 0]
    return statistics.median(pairs) if pairs else float("nan")


def clock(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall ms, CPU ms of this process) of one call."""
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def interleave(measure: Callable[[], tuple[float, float]], floor: Callable[[], tuple[float, float]],
               rounds: int, warmup: int = 1) -> tuple[list[tuple[float, float]],
                                                      list[tuple[float, float]]]:
    """A B A B ...: ``rounds`` samples of each, after ``warmup`` unmeasured pairs. Each call
    returns (wall, CPU)."""
    for _ in range(warmup):
        measure()
        floor()
    a, b = [], []
    for _ in range(rounds):
        a.append(measure())
        b.append(floor())
    return a, b


def with_floor(m: Measure, a: list[tuple[float, float]], b: list[tuple[float, float]],
               scale: float = 1.0) -> Measure:
    """Fill a measure's samples and floor (wall, in ``m.unit`` = ms * scale) and their CPU."""
    m.samples, m.cpu = [x[0] * scale for x in a], [x[1] * scale for x in a]
    m.floor, m.floor_cpu = [x[0] * scale for x in b], [x[1] * scale for x in b]
    return m


class CommitFloor:
    """The save's floor (as in tests/bench/save_ab.py): a bare sqlite3 WAL + synchronous=FULL
    commit of the same document bytes into an empty one-table database."""

    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, doc TEXT NOT NULL)")

    def commit(self, doc: str) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT OR REPLACE INTO t VALUES ('c1', ?)", (doc,))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


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
        return upgraded(folder)
    from core.store.heads import copy_path

    shutil.rmtree(folder, ignore_errors=True)  # a half-built one: made again, new (its
    copy_path(folder).unlink(missing_ok=True)  # head's second copy removed too)
    folder.mkdir(parents=True)
    _fill(folder, n, seed)
    (folder / "ready").write_text("ok")
    return folder


def upgraded(folder: Path) -> Path:
    """A cached folder made with an older schema, migrated to the head without the backup the
    app makes first (a bench cache, rebuilt at will: the 100k folder's backup takes 3 GB and
    two minutes, the 1M folder's 31 GB, more than the disk may have), and its search index
    rebuilt once here when another index version built it (not by the first open inside a
    measure)."""
    if _index_outdated(folder / "casebook.db"):
        from core.services import open_casebook

        print(f"bench: {folder.name}: search index of another index version, rebuilt first",
              flush=True)
        cb = open_casebook(folder, user="bench", refresh_index=False)
        try:
            cb.search.reindex()
        finally:
            cb.close()
    return folder


def _index_outdated(database: Path) -> bool:
    """Whether the folder's index was built by another index version (an older schema is
    upgraded on the way, without a backup)."""
    from core.search.index import INDEX_VERSION, index_version
    from core.store.schema import inspect_file, open_database

    if inspect_file(database) is None:
        return False
    db = open_database(database)
    try:
        with db.read() as conn:
            return index_version(conn) != INDEX_VERSION
    finally:
        db.dispose()


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
    """An empty folder; as a data folder, new (its head's second copy is removed too)."""
    from core.store.heads import copy_path

    folder = CACHE / "scratch" / name
    shutil.rmtree(folder, ignore_errors=True)
    copy_path(folder).unlink(missing_ok=True)
    folder.mkdir(parents=True)
    return folder


def each_size(name: str, sizes: Iterable[int],
              measure: Callable[[int], list[Measure]]) -> list[Measure]:
    """``measure(n)`` for each size; a size that fails is reported as a measure of its own (a
    miss, with the exception) after its traceback is printed, and the other sizes still run."""
    out: list[Measure] = []
    for n in sizes:
        try:
            out += measure(n)
        except Exception as exc:  # noqa: BLE001 - a broken size is reported, the rest run
            traceback.print_exc()
            out.append(Measure(f"{name}, {n:,} cases failed", "runs", "",
                               note=f"{type(exc).__name__}: {exc}"))
    return out


def quick() -> bool:
    return os.environ.get("BENCH_QUICK") == "1"


class PeakRss:
    """A child process's own peak RSS, polled from its ``VmHWM`` (/proc/PID/status) until it
    exits: ``with PeakRss(proc.pid) as peak: ...wait...; peak.mb``. Not ``ru_maxrss`` from
    ``wait4``: Linux counts in a child's maxrss the memory it had before ``exec`` (the bench
    parent's pages), so with a bench process of 580 MB every child read 580 MB."""

    def __init__(self, pid: int, every: float = 0.05):
        import threading
        self.pid, self.every, self.kb = pid, every, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _read(self) -> None:
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        self.kb = max(self.kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass

    def _watch(self) -> None:
        while not self._done.wait(self.every):
            self._read()

    def __enter__(self) -> PeakRss:
        self._read()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return self.kb / 1024
