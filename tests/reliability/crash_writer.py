"""A writer for the crash test: saves cases in a loop until it is killed.

``python crash_writer.py DATA_DIR SEED`` runs one writer. It prints ``ready`` once open, then
after every save has returned (committed) ``<case_id> <version>``, flushed. The content of a
case at version v is known from its id and v alone (title ``crash <id> v<v>``, age v % 90), so
the test can check that each reported save is present and intact.

``python crash_writer.py --serve`` imports and warms everything up once (in a scratch folder),
then for each ``DATA_DIR SEED`` line on stdin forks a fresh writer process: the child prints
``pid <n>`` and runs the writer; when it has died the server prints ``done``. Forking a
warmed-up process makes each writer start in milliseconds instead of seconds; the child opens
its own database connections after the fork, so it is a writer like any other.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import traceback
from pathlib import Path

from core.model import Case, new_case_id
from core.services import open_casebook

REFERENCE = Path(__file__).parents[1] / "data" / "reference-cases.casebook.json"


def expected_title(case_id: str, version: int) -> str:
    return f"crash {case_id} v{version}"


def expected_age(version: int) -> int:
    return version % 90


def with_content(case: Case, version: int) -> Case:
    case = case.model_copy(deep=True)
    case.case_report.title = expected_title(case.case_id, version)
    case.patient.age_at_day0 = expected_age(version)
    return case


def template() -> Case:
    doc = json.loads(REFERENCE.read_text(encoding="utf-8"))["cases"][0]
    return Case.model_validate(doc).model_copy(update={"version": 0, "status": "draft"})


def save_one(cb, rng: random.Random, ids: list[str], base: Case) -> Case:
    if not ids or rng.random() < 0.25:
        new = base.model_copy(update={"case_id": new_case_id()})
        stored = cb.cases.save_case(with_content(new, 1))
        ids.append(stored.case_id)
        return stored
    current = cb.cases.open_case(rng.choice(ids))
    return cb.cases.save_case(with_content(current, current.version + 1))


def write_forever(data_dir: str, seed: int, saves: int | None = None) -> None:
    cb = open_casebook(data_dir, user="crash-writer")
    cb.maintenance.quick_check()  # as the app does after start-up, while connected
    rng = random.Random(seed)
    ids = [s.case_id for s in cb.cases.list_cases()]
    base = template()
    print("ready", flush=True)
    done = 0
    while saves is None or done < saves:
        stored = save_one(cb, rng, ids, base)
        print(f"{stored.case_id} {stored.version}", flush=True)
        done += 1
    cb.close()


def warm_up() -> None:
    """Load everything a save needs (imports, vocabularies, caches) before forking."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.devnull, "w") as quiet:
            stdout, sys.stdout = sys.stdout, quiet
            try:
                write_forever(tmp, 0, saves=3)
            finally:
                sys.stdout = stdout


def serve() -> None:
    warm_up()
    print("serving", flush=True)
    for line in sys.stdin:
        data_dir, seed = line.split()
        pid = os.fork()
        if pid == 0:
            _child(data_dir, int(seed))
        os.waitpid(pid, 0)
        print("done", flush=True)


def _child(data_dir: str, seed: int) -> None:
    try:
        print(f"pid {os.getpid()}", flush=True)
        write_forever(data_dir, seed)
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(1)


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        write_forever(sys.argv[1], int(sys.argv[2]))
