"""Time the search index rebuild alone (issue 20) on a copy of the cached generated folder.

The folder of ``n`` generated cases is built once (``harness.cached_folder``); each run copies
it to ``work`` (default /tmp/reindex<n>/work, not the cache: the rebuild rewrites the index)
and times ``cb.search.reindex()``: wall, CPU of this process and of its worker processes,
per case, with the load average (the machine is shared) and the rebuild's own phase line.

    .venv/bin/python -m tests.bench.rebuild_time [N] [--runs R] [--work FOLDER]
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import time
from pathlib import Path


class _Phases(logging.Handler):
    """The rebuild's own line (its phases), as logged."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "search index rebuilt" in record.getMessage():
            self.lines.append(record.getMessage())


def time_rebuild(source: Path, work: Path) -> dict[str, float]:
    from sqlalchemy import text

    from core.services import open_casebook

    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work, ignore=shutil.ignore_patterns("casebook.lock", "*.log"))
    cb = open_casebook(work, user="bench")
    try:
        with cb.ctx.db.read() as conn:  # the stored documents in the page cache, as a warm run
            conn.execute(text("SELECT sum(length(document)) FROM cases")).all()
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started, cpu = time.perf_counter(), time.process_time()
        cases = cb.search.reindex()
        wall, main_cpu = time.perf_counter() - started, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        cb.close()
    workers = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"cases": cases, "wall_s": wall, "main_cpu_s": main_cpu, "workers_cpu_s": workers,
            "load": load}


def main(argv: list[str] | None = None) -> int:
    from tests.bench.harness import cached_folder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    work = args.work or Path(f"/tmp/reindex{args.n // 1000}k/work")
    source = cached_folder(args.n)
    phases = _Phases()
    logging.getLogger("casebook.search").addHandler(phases)
    for _ in range(args.runs):
        r = time_rebuild(source, work)
        n = r["cases"]
        print(f"{n:,} cases: wall {r['wall_s']:.1f} s; CPU here {r['main_cpu_s']:.1f} s "
              f"({r['main_cpu_s'] * 1000 / n:.3f} ms/case), workers {r['workers_cpu_s']:.1f} s "
              f"({r['workers_cpu_s'] * 1000 / n:.3f} ms/case); load {r['load']:.2f}", flush=True)
        if phases.lines:
            print("  " + phases.lines.pop().split("; ", 1)[-1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
