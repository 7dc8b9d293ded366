"""The 1M-case bench (issue 20), opt-in: ``BENCH_1M=1 make bench`` (``BENCH_1M_N`` sets the size,
default 1,000,000; ``BENCH_1M_TEMPLATES`` the number of generated cases the rest are cloned
from, default 2,000).

Builds (once, cached in bench-cache/) a bulk data folder (tests/bench/bulk_folder.py), after
checking free disk (about 31 KB per case; skipped, with the reason, when there is not room), and
measures it against the 100k folder of ``make bench``, in the same run:

- search p95 of the 20-query mix (tests/bench/search_bench.QUERIES, p95 of the per-query
  medians) <= 4x its value at 100k;
- start to a usable main window <= 1.5x its value at 100k (interleaved, fresh processes);
- memory with the list open (peak RSS) < 200 MB;
- opening and saving reference case 1 as at 100k (the ratio to the 100k figures, interleaved;
  the save toggles one value, so an even number of saves leaves the case as it was);
- the new-case save <= 2x a re-save, as at 100k (bench_store.new_case_save_in).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from tests.bench.harness import CACHE, SEED, Measure, clock, generator_version, with_floor

SEARCH_RATIO = 4
START_RATIO = 1.5
MEMORY_MB = 200
CASE_RATIO = 1.5  # open and save "as at 100k": within this of the 100k figures
BASE_N = 100_000
DISK_MARGIN = 1.2
BUSY_WAIT_S = 600  # a save waits this long for another program's write to end


def size() -> int:
    return int(os.environ.get("BENCH_1M_N", "1000000"))


def templates() -> int:
    return int(os.environ.get("BENCH_1M_TEMPLATES", "2000"))


def bulk_path(n: int, seed: int = SEED) -> Path:
    return CACHE / f"bulk-gen{generator_version()}-seed{seed}-t{templates()}-n{n}"


REBUILD_BYTES_PER_CASE = 36_000  # free disk an index rebuild may need (its WAL), per case


def room(n: int) -> str | None:
    """Why there is no room for an ``n``-case folder; None when there is."""
    from tests.bench.bulk_folder import BYTES_PER_CASE

    CACHE.mkdir(parents=True, exist_ok=True)
    need = n * BYTES_PER_CASE * DISK_MARGIN
    free = shutil.disk_usage(CACHE).free
    if free < need:
        return (f"not enough free disk for {n:,} cases: {free / 2**30:.1f} GiB free in {CACHE}, "
                f"{need / 2**30:.1f} GiB needed (about 31 KB per case, +20 %)")
    return None


def rebuild_room(folder: Path, n: int) -> str | None:
    """Why the cached folder's one-off index rebuild (its index of another version) has no
    room; None when it has, or needs none. The rebuild is one transaction: its WAL holds the
    new index (written twice: its segments, then merged), the facet rows and their indexes.
    At 1M cases it filled the 25 GB this disk had free (a run at bcdb35d)."""
    from tests.bench.harness import _index_outdated

    if not _index_outdated(folder / "casebook.db"):
        return None
    need = n * REBUILD_BYTES_PER_CASE
    free = shutil.disk_usage(folder).free
    if free < need:
        return (f"not enough free disk to rebuild the search index of the cached {n:,}-case "
                f"folder first (made by another index version): {free / 2**30:.1f} GiB free, "
                f"about {need / 2**30:.0f} GiB needed for the rebuild's WAL; free some room, "
                f"or delete {folder} to build it again")
    return None


def cached_bulk(n: int) -> tuple[Path, dict | None]:
    """The bulk folder of ``n`` cases (built when missing) and the build's figures (None when
    it was cached)."""
    from tests.bench.bulk_folder import build
    from tests.bench.harness import scratch_folder, upgraded

    folder = bulk_path(n)
    if (folder / "ready").exists():
        return upgraded(folder), None
    scratch_folder("x")  # the cache folder exists
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    def show(done: int, total: int, seconds: float) -> None:
        print(f"   bulk folder: {done:,}/{total:,} clones, {seconds:.0f} s", file=sys.stderr,
              flush=True)

    figures = build(folder, n, templates=templates(), progress=show)
    (folder / "ready").write_text("ok")
    return folder, figures


def search_p95(folder: Path, repeat: int) -> tuple[float, dict[str, float], int]:
    """The p95 of the per-query medians, the medians, and how many queries had more hits than
    the cap (answered from the newest hits)."""
    from core.services import open_casebook
    from tests.bench.search_bench import QUERIES, time_queries

    cb = open_casebook(folder, user="bench")
    try:
        timed = time_queries(cb, repeat, QUERIES)
    finally:
        cb.close()
    medians = sorted(d["median_ms"] for d in timed.values())
    return medians[min(len(medians) - 1, round(0.95 * (len(medians) - 1)))], \
        {q: d["median_ms"] for q, d in timed.items()}, sum(d["over_cap"] for d in timed.values())


def search_measure(big: Path, base: Path, n: int, repeat: int) -> Measure:
    from core.search.run import hit_cap

    big_p95, big_q, big_over = search_p95(big, repeat)
    base_p95, _, base_over = search_p95(base, repeat)
    worst = max(big_q, key=lambda q: big_q[q])
    return Measure(f"Search mix p95 (20 queries), {n:,} cases", f"<= {SEARCH_RATIO}x 100k", "ms",
                   [big_p95], floor=[base_p95], ratio_limit=SEARCH_RATIO,
                   floor_name="the same p95 on the 100k folder, same run",
                   note=f"p95 of per-query medians; slowest {worst!r} {big_q[worst]:.1f} ms; "
                        f"queries with more than {hit_cap():,} hits (answered from the newest): "
                        f"{big_over} of {len(big_q)} at {n:,}, {base_over} at 100k")


def start_measures(big: Path, base: Path, n: int, repeat: int) -> list[Measure]:
    from tests.bench.bench_gui import start_once

    start_once(big)  # unmeasured: bytecode and OS file caches
    start_once(base)
    bigs, bases = [], []
    for _ in range(repeat):
        bigs.append(start_once(big))
        bases.append(start_once(base))
    start = with_floor(Measure(
        f"Start to a usable main window, {n:,} cases", f"<= {START_RATIO}x 100k", "ms",
        ratio_limit=START_RATIO, floor_name="the same start on the 100k folder, interleaved",
        note=f"list painted ({bigs[0].rows} of {bigs[0].cases:,} rows)"),
        [(s.ready_ms, s.cpu_ms) for s in bigs], [(s.ready_ms, s.cpu_ms) for s in bases])
    memory = Measure(f"Memory with {n:,} cases, list open (peak RSS)", f"< {MEMORY_MB} MB RSS",
                     "MB", [s.peak_mb for s in bigs], limit=MEMORY_MB,
                     note=f"100k: {statistics.median(s.peak_mb for s in bases):.0f} MB")
    return [start, memory]


def case_measures(big: Path, base: Path, n: int, rounds: int) -> list[Measure]:
    """Open and save reference case 1 in each folder, interleaved (A B A B)."""
    from core.errors import StorageError
    from core.services import open_casebook
    from core.services.demo import reference_cases

    case_id = reference_cases()[0].case_id
    books = {"big": open_casebook(big, user="bench"), "base": open_casebook(base, user="bench")}
    step = {"big": 1, "base": 1}

    def open_once(which: str) -> tuple[float, float]:
        return clock(lambda: books[which].cases.open_case(case_id))

    def save_once(which: str) -> tuple[float, float]:
        cb = books[which]
        case = cb.cases.open_case(case_id)  # the edit, outside the timing
        csf = case.csf_assessments[2]
        csf.wbc_per_uL = (csf.wbc_per_uL or 0) + step[which]
        step[which] = -step[which]  # +1, -1, ...: an even number of saves changes nothing
        waited = 0
        while True:
            try:
                return clock(lambda: cb.cases.save_case(case))
            except StorageError as exc:  # another program's long write (a reindex of the
                if "busy" not in str(exc) or waited >= BUSY_WAIT_S:  # cached 100k folder)
                    raise
                time.sleep(1)
                waited += 1

    try:
        opened: tuple[list[tuple[float, float]], ...] = ([], [])
        saved: tuple[list[tuple[float, float]], ...] = ([], [])
        for _ in range(rounds * 2 + 2):  # even: every folder's case ends as it began
            opened[0].append(open_once("big"))
            opened[1].append(open_once("base"))
            saved[0].append(save_once("big"))
            saved[1].append(save_once("base"))
        drop = 2  # warm-up
    finally:
        for cb in books.values():
            cb.close()
    return [with_floor(Measure(
        f"{what} reference case 1, {n:,} cases", f"<= {CASE_RATIO}x 100k", "ms",
        ratio_limit=CASE_RATIO, floor_name=f"{what.lower()} of the same case, 100k folder"),
        pair[0][drop:], pair[1][drop:]) for what, pair in (("Open", opened), ("Save", saved))]


def run() -> list[Measure]:
    from tests.bench.bench_store import new_case_save_in
    from tests.bench.harness import cached_folder

    n = size()
    cached = bulk_path(n)
    why = (rebuild_room(cached, n) if (cached / "ready").exists()  # built: it takes its room,
           else room(n))  # but an index of another version is rebuilt first, through the WAL
    if why:
        print(f"   BENCH_1M skipped: {why}", file=sys.stderr, flush=True)
        return [Measure(f"{n:,}-case bench", "runs", "", note=f"skipped: {why}")]
    started = time.perf_counter()
    big, figures = cached_bulk(n)
    base = cached_folder(BASE_N)
    out = []
    if figures:
        rate = figures["clones"] / figures["clone_s"] if figures["clone_s"] else float("nan")
        cpu_ms = figures["clone_cpu_s"] * 1000 / max(figures["clones"], 1)
        out.append(Measure(f"Build bulk folder, {n:,} cases", "informational", "s",
                           [figures["total_s"]],
                           note=f"{figures['templates']:,} imported templates in "
                                f"{figures['import_s']:.0f} s, {figures['clones']:,} clones at "
                                f"{rate:,.0f} cases/s ({cpu_ms:.2f} CPU ms each); 1M at this rate: "
                                f"{(1_000_000 - figures['templates']) / rate / 60:.0f} min"))
    size_mb = sum(p.stat().st_size for p in big.iterdir() if p.is_file()) / 2**20
    out.append(Measure(f"Bulk folder on disk, {n:,} cases", "informational", "KB per case",
                       [size_mb * 1024 / n], note=f"{size_mb:,.0f} MiB"))
    parts: list[tuple[str, Callable[[], list[Measure]]]] = [
        ("search", lambda: [search_measure(big, base, n, repeat=5)]),
        ("start", lambda: start_measures(big, base, n, repeat=5)),
        ("open/save", lambda: case_measures(big, base, n, rounds=10)),
        ("new-case save", lambda: [new_case_save_in(big, n, rounds=10)])]
    for name, part in parts:
        try:
            out += part()
        except Exception as exc:  # noqa: BLE001 - a broken part is reported, the rest run
            traceback.print_exc()
            out.append(Measure(f"{n:,}-case {name} failed", "runs", "",
                               note=f"{type(exc).__name__}: {exc}"))
    print(f"   BENCH_1M: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return out


if __name__ == "__main__":
    for m in run():
        print(f"{m.name}: median {m.median:.2f} {m.unit}, 100k {m.floor_median:.2f}, ratio "
              f"{m.ratio:.2f} (target {m.target}; met: {m.met}) {m.note}")
