"""Store benchmarks: open and save reference case 1, import cases from JSON, each save and import
beside its floor (interleaved: tests/bench/harness.py); the first save of a new case beside a
re-save, in a new folder and (not under BENCH_QUICK) in the cached 100k-case folder."""

from __future__ import annotations

import cProfile
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tests.bench.harness import (
    CommitFloor,
    Measure,
    clock,
    interleave,
    quick,
    scratch_folder,
    timed,
    with_floor,
)

if TYPE_CHECKING:
    from core.services import Casebook

SAVE_RATIO = 10
NEW_CASE_RATIO = 2
IMPORT_RATIO = 4


def open_and_save(rounds: int = 50) -> list[Measure]:
    from core.services import open_casebook
    from core.services.demo import reference_cases
    from core.settings import Settings, save_settings
    from core.store.heads import settle
    from core.store.repository import stored_values
    from tests.bench.profiles import top_functions

    folder = scratch_folder("save")
    save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
    cb = open_casebook(folder, user="bench")
    floor = CommitFloor(folder / "floor.db")
    try:
        case1 = reference_cases()[0].model_copy(update={"version": 0})
        stored = cb.cases.save_case(case1)
        opened = Measure("Open reference case 1", "informational", "ms")
        opened.samples = timed(lambda: cb.cases.open_case(stored.case_id), rounds)
        state = {"case": stored}

        def save_once(profiler: cProfile.Profile | None = None) -> tuple[float, float]:
            case = state["case"].model_copy(deep=True)  # the edit, outside the timing
            case.csf_assessments[2].wbc_per_uL = (case.csf_assessments[2].wbc_per_uL or 0) + 1
            if profiler:
                profiler.enable()
            wall_cpu = clock(lambda: state.update(case=cb.cases.save_case(case)))
            if profiler:
                profiler.disable()
            return wall_cpu

        def floor_once() -> tuple[float, float]:
            doc = stored_values(state["case"])["document"]
            settle()  # the save's head write after its commit (a writer thread's) is done:
            # not timed with the floor's commit, which it would slow down
            return clock(lambda: floor.commit(doc))

        a, b = interleave(save_once, floor_once, rounds, warmup=3)
        saved = with_floor(Measure(
            "Save reference case 1 (incl. audit + index)", f"<= {SAVE_RATIO}x floor", "ms",
            ratio_limit=SAVE_RATIO, note="save_case only (the edit's copy is not timed)",
            floor_name="bare WAL+FULL commit of the same document bytes, empty table"), a, b)
        if saved.met is False:
            profiler = cProfile.Profile()
            for _ in range(20):
                save_once(profiler)
            saved.profile = top_functions(profiler)
        return [opened, saved, new_case_save(cb, save_once, rounds)]
    finally:
        floor.close()
        cb.close()


def new_case_save(cb: Casebook, resave: Callable[[], tuple[float, float]],
                  rounds: int, created: list[str] | None = None) -> Measure:
    """Issue 20: the first save of reference case 1 as a new case (a fresh case id, version 0)
    beside a re-save of it with one value changed, both through CaseService.save_case. The ids
    of the cases made go to ``created``."""
    from core.model.case import new_case_id
    from core.services.demo import reference_cases
    from tests.bench.profiles import top_functions

    case1 = reference_cases()[0]

    def create_once(profiler: cProfile.Profile | None = None) -> tuple[float, float]:
        case = case1.model_copy(update={"version": 0, "case_id": new_case_id()})  # not timed
        if created is not None:
            created.append(case.case_id)
        if profiler:
            profiler.enable()
        wall_cpu = clock(lambda: cb.cases.save_case(case))
        if profiler:
            profiler.disable()
        return wall_cpu

    a, b = interleave(create_once, resave, rounds, warmup=3)
    m = with_floor(Measure(
        "New-case save of reference case 1", f"<= {NEW_CASE_RATIO}x re-save", "ms",
        ratio_limit=NEW_CASE_RATIO, note="first save (version 0, fresh id) incl. audit + index",
        floor_name="re-save of reference case 1 (one value changed)"), a, b)
    if m.met is False:
        profiler = cProfile.Profile()
        for _ in range(20):
            create_once(profiler)
        m.profile = top_functions(profiler)
    return m


def new_case_save_in(folder: Path, n: int, rounds: int) -> Measure:
    """The new-case save beside a re-save in a folder of ``n`` cases (issue 20: at 100k and
    1M). The cases it makes are purged after, and the re-saves toggle one value (+1, -1, ...)
    and end even, so the folder keeps its cases as they were."""
    from core.services import open_casebook
    from core.services.demo import reference_cases

    cb = open_casebook(folder, user="bench")
    case_id, step, created = reference_cases()[0].case_id, [1], []

    def resave() -> tuple[float, float]:
        case = cb.cases.open_case(case_id)  # the edit, outside the timing
        csf = case.csf_assessments[2]
        csf.wbc_per_uL = (csf.wbc_per_uL or 0) + step[0]
        step[0] = -step[0]
        return clock(lambda: cb.cases.save_case(case))
    try:
        m = new_case_save(cb, resave, rounds, created)
        if step[0] < 0:  # an odd number of re-saves: one more puts the value back
            resave()
    finally:
        try:
            for made in created:
                cb.cases.trash_case(made)
                cb.cases.purge_case(made, "bench: new-case save measure")
        finally:
            cb.close()
    m.name = f"New-case save of reference case 1, {n:,} cases"
    return m


def export_file(n: int, seed: int = 11) -> Path:
    from core.io.interchange import write_export
    from core.synth import generate_cases
    from tests.bench.harness import CACHE, generator_version

    source = CACHE / f"export-gen{generator_version()}-{n}.json"
    if not source.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        write_export(source, generate_cases(n, seed=seed))
    return source


def parse_and_insert(source: Path, db: Path) -> int:
    """The import's floor: json.load of the file, then each document inserted as text into an
    empty one-table WAL+FULL database in one transaction."""
    with source.open(encoding="utf-8") as fh:
        cases = json.load(fh)["cases"]
    db.unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, doc TEXT NOT NULL)")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO t VALUES (?, ?)",
                         ((c["case_id"], json.dumps(c, ensure_ascii=False)) for c in cases))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(cases)


def import_into_new_casebook(source: Path) -> int:
    from core.services import open_casebook
    from core.settings import Settings, save_settings

    folder = scratch_folder("import")
    save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
    cb = open_casebook(folder, user="bench")
    try:
        return cb.interchange.import_files([source]).imported
    finally:
        cb.close()


def import_cases(n: int, rounds: int) -> list[Measure]:
    from core.services import open_casebook
    from core.settings import Settings, save_settings
    from tests.bench.profiles import cprofile_top

    source = export_file(n)
    imported: list[int] = []

    def import_once() -> tuple[float, float]:
        folder = scratch_folder("import")
        save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
        cb = open_casebook(folder, user="bench")
        try:
            return clock(lambda: imported.append(cb.interchange.import_files([source]).imported))
        finally:
            cb.close()

    def floor_once() -> tuple[float, float]:
        db = scratch_folder("import-floor") / "floor.db"
        return clock(lambda: parse_and_insert(source, db))

    a, b = interleave(import_once, floor_once, rounds, warmup=0)
    m = with_floor(Measure(f"Import {n:,} cases from JSON", f"<= {IMPORT_RATIO}x floor", "s",
                           ratio_limit=IMPORT_RATIO, note=f"{imported[-1]} imported",
                           floor_name="json.load of the file + bare inserts of the documents"),
                   a, b, scale=1 / 1000)
    if m.met is False:
        small = export_file(200)
        m.profile = cprofile_top(lambda: import_into_new_casebook(small))
        m.profile.insert(0, "(profile of a 200-case import into a new casebook)")
    return [m]


def run() -> list[Measure]:
    from tests.bench.harness import cached_folder

    import_n, import_rounds = (2_000, 3) if quick() else (10_000, 3)
    at_scale = [] if quick() else [new_case_save_in(cached_folder(100_000), 100_000, 20)]
    return open_and_save(30 if quick() else 50) + at_scale + import_cases(import_n,
                                                                           import_rounds)
