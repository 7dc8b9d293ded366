"""Store benchmarks: open and save reference case 1, import 10,000 cases from JSON."""

from __future__ import annotations

import time

from tests.bench.harness import Measure, scratch_folder, timed


def open_and_save() -> list[Measure]:
    from core.services import open_casebook
    from core.services.demo import reference_cases
    from core.settings import Settings, save_settings

    folder = scratch_folder("save")
    save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
    cb = open_casebook(folder, user="bench")
    try:
        case1 = reference_cases()[0].model_copy(update={"version": 0})
        stored = cb.cases.save_case(case1)
        opened = Measure("Open reference case 1", "informational", "ms")
        opened.samples = timed(lambda: cb.cases.open_case(stored.case_id), 50)
        saved = Measure("Save reference case 1 (incl. audit + index)", "< 30 ms", "ms", limit=30)
        state = {"case": stored}

        def save_once() -> None:
            case = state["case"].model_copy(deep=True)
            case.csf_assessments[2].wbc_per_uL = (case.csf_assessments[2].wbc_per_uL or 0) + 1
            state["case"] = cb.cases.save_case(case)

        saved.samples = timed(save_once, 50)
        return [opened, saved]
    finally:
        cb.close()


def import_10k() -> list[Measure]:
    from core.io.interchange import write_export
    from core.services import open_casebook
    from core.settings import Settings, save_settings
    from core.synth import generate_cases
    from tests.bench.harness import CACHE, generator_version

    source = CACHE / f"export-gen{generator_version()}-10000.json"
    if not source.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        write_export(source, generate_cases(10_000, seed=11))
    folder = scratch_folder("import")
    save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
    cb = open_casebook(folder, user="bench")
    try:
        start = time.perf_counter()
        report = cb.interchange.import_files([source])
        seconds = time.perf_counter() - start
    finally:
        cb.close()
    m = Measure("Import 10,000 cases from JSON", "< 60 s", "s", [seconds], limit=60,
                note=f"{report.imported} imported")
    return [m]


def run() -> list[Measure]:
    return open_and_save() + import_10k()
