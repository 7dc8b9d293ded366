"""How long a verified backup of 10,000 cases takes (a measurement, not a test).

Run: ``.venv/bin/python -m tests.reliability.measure_backup [CASES]``. Builds a data folder in
a temporary directory by cloning the reference cases with new ids (``CaseService.import_cases``),
then times a backup into the backups folder and one into a zip, each with its quick check,
snapshot and verification (integrity_check, case count, audit chain), and a verified restore.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from core.model import Case, new_case_id
from core.services import open_casebook
from tests.conftest import REFERENCE_CASEBOOK


def clones(count: int) -> list[Case]:
    import json

    docs = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"]
    templates = [Case.model_validate(d) for d in docs]
    return [templates[n % len(templates)].model_copy(update={"case_id": new_case_id()})
            for n in range(count)]


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main(count: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cb = open_casebook(Path(tmp) / "home", user="bench")
        cb.settings.automatic_backups = False
        items = clones(count)
        for start in range(0, count, 1000):
            cb.cases.import_cases(items[start:start + 1000], source="measure")
        size = cb.paths.database.stat().st_size / 1e6
        print(f"{cb.cases.count_cases()} cases, {cb.audit.count()} audit entries, {size:.0f} MB")
        folder = timed("backup to a folder", cb.backups.create)
        timed("backup to a zip", lambda: cb.backups.create(Path(tmp) / "copy.zip"))
        timed("newest good backup (checksum)", cb.backups.newest_good)
        timed("restore (verify, keep current, copy)", lambda: cb.backups.restore(folder))
        cb.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
