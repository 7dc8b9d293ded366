"""Demo data for newcomers: the two reference cases plus N generated synthetic cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import CasebookError
from core.model import Case
from core.services.cases import CaseService
from core.store import repository as repo
from resources import resource_path

DEMO_SEED = 2023
DEMO_PROVENANCES = {"synthetic", "placeholder"}


@dataclass(frozen=True)
class DemoReport:
    added: int
    already_there: int


def reference_cases() -> list[Case]:
    doc = json.loads(resource_path("demo", "reference-cases.casebook.json").read_text("utf-8"))
    return [Case.model_validate(c) for c in doc["cases"]]


def fill_demo(cases: CaseService, count: int = 200,
              on_progress: Callable[[int, int], None] | None = None) -> DemoReport:
    """Add the demo cases that are not there yet; refuse a folder holding real cases."""
    from core.synth import generate_cases

    with cases.ctx.db.read() as conn:
        kinds = repo.provenances(conn)
    real = sum(n for kind, n in kinds.items() if kind not in DEMO_PROVENANCES)
    if real:
        raise CasebookError(
            f"This data folder holds {real} case(s) entered by a person; demo data is only "
            "added to an empty folder or one holding demo data. Use another --data-dir.")
    # The reference cases are written last: the list shows the most recently changed cases
    # first, so a newcomer sees them at the top, not after every generated case.
    items = list(generate_cases(count, seed=DEMO_SEED)) + reference_cases()
    existing = cases.existing_ids([c.case_id for c in items])
    fresh = [c for c in items if c.case_id not in existing]
    for start in range(0, len(fresh), 2000):
        cases.import_cases(fresh[start:start + 2000], source="demo data")
        if on_progress:
            on_progress(min(start + 2000, len(fresh)), len(fresh))
    return DemoReport(len(fresh), len(existing))
