"""Import and export at scale (issue 20): peak memory (RSS) of ``casebook import`` and
``casebook export`` of generated cases, each in a process of its own, the largest size of the
WAL during the import, that two exports give the same bytes (canonical JSON), and that the
import is complete (this was the 10k-case import test of ``make test``: every case stored, the
last one as in the file, the audit trail verified).
BENCH_QUICK=1: 10,000 cases only; otherwise 10,000 and 100,000."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import threading
from pathlib import Path

from core.services.importing import CHUNK
from tests.bench.bench_store import export_file
from tests.bench.harness import ROOT, Measure, PeakRss, each_size, quick, scratch_folder

RSS_LIMIT_MB = 400
WAL_LIMIT_MB = 256  # an import must not grow the WAL to gigabytes (issue 20)


def run_cli(folder: Path, *args: str, wal: Path | None = None) -> tuple[float, int]:
    """(peak RSS in MB, largest size of ``wal`` seen) of ``casebook ARGS`` run in a process
    of its own; raises when it fails."""
    proc = subprocess.Popen([sys.executable, "-m", "core.cli", "--data-dir", str(folder), *args],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    largest = [0]
    done = threading.Event()

    def watch() -> None:
        while wal is not None and not done.wait(0.2):
            try:
                largest[0] = max(largest[0], wal.stat().st_size)
            except OSError:
                pass
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    with PeakRss(proc.pid) as peak:  # the child's own peak: see PeakRss
        _, status, _usage = os.wait4(proc.pid, 0)
    done.set()
    watcher.join()
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"casebook {' '.join(args)} failed: {err[-500:]}")
    return peak.mb, largest[0]


def complete(folder: Path, source: Path, n: int) -> bool:
    """Every case stored, the last one as in the file, the audit trail verified."""
    from core.services import open_casebook
    from core.services.listing import ListQuery

    cb = open_casebook(folder, user="bench")
    try:
        last = cb.cases.list_cases(ListQuery(limit=1, sort="case_id", descending=True))[0]
        stored = cb.cases.open_case(last.case_id).to_json_dict()
        original = last_case(source)
        stored.pop("version"), original.pop("version")
        return cb.cases.count_cases() == n and stored == original and \
            cb.maintenance.verify_audit().ok
    finally:
        cb.close()


def last_case(source: Path) -> dict:
    """The case with the largest id in the file (in the case list's natural order: SYN-10
    after SYN-9), read case by case."""
    from core.io.interchange import iter_cases
    from core.store.id_order import case_id_key

    best = None
    for case in iter_cases(source, []):
        if best is None or case_id_key(case.case_id) > case_id_key(best.case_id):
            best = case
    assert best is not None
    return best.to_json_dict()


def transfer(n: int) -> list[Measure]:
    from core.settings import Settings, save_settings

    source = export_file(n)
    folder = scratch_folder("transfer")
    save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
    imported, wal = run_cli(folder, "import", str(source), wal=folder / "casebook.db-wal")
    out, again = folder.parent / "transfer-out.json", folder.parent / "transfer-again.json"
    exported, _ = run_cli(folder, "export", "-o", str(out), "--force")
    run_cli(folder, "export", "-o", str(again), "--force")  # canonical: the same bytes again
    same = filecmp.cmp(out, again, shallow=False)
    ok = complete(folder, source, n)
    out.unlink(missing_ok=True)
    again.unlink(missing_ok=True)
    size = source.stat().st_size / 2**20
    return [
        Measure(f"Import {n:,} cases: peak memory", f"< {RSS_LIMIT_MB} MB", "MB", [imported],
                limit=RSS_LIMIT_MB, note=f"casebook import, file {size:,.0f} MB"),
        Measure(f"Import {n:,} cases: largest WAL", f"< {WAL_LIMIT_MB} MB", "MB",
                [wal / 2**20], limit=WAL_LIMIT_MB,
                note=f"committed {CHUNK:,} cases at a time behind a marker, checkpointed "
                "between (one transaction: ~31 KB a case, 3 GB at 100k)"),
        Measure(f"Export {n:,} cases: peak memory", f"< {RSS_LIMIT_MB} MB", "MB", [exported],
                limit=RSS_LIMIT_MB, note="casebook export"),
        Measure(f"Export {n:,} cases: canonical", "same bytes twice", "ok",
                [1.0 if same else 0.0], limit=0.5, lower_is_better=False,
                note="1: two casebook export runs of the same folder wrote identical files"),
        Measure(f"Import {n:,} cases: complete", "all stored, audit verified", "ok",
                [1.0 if ok else 0.0], limit=0.5, lower_is_better=False,
                note="1: the count, the last case and the audit trail as they should be"),
    ]


def run() -> list[Measure]:
    sizes = (10_000,) if quick() else (10_000, 100_000)
    return each_size("Import and export", sizes, transfer)
