"""A writer that stays open while other processes read: ``python live_writer.py DATA_DIR``.

It opens the store and does what the app does after start-up while connected (a save, the
quick check, a backup, audit verification, a search, the case list), prints ``ready <case_id>``
and then, for each ``save`` line on stdin, saves a new case and prints ``saved <case_id>``
once the save has committed. The test kills it with SIGKILL at the end.
"""

from __future__ import annotations

import sys

from core.model import new_case_id
from core.services import open_casebook
from tests.reliability.crash_writer import template, with_content


def main(data_dir: str) -> None:
    cb = open_casebook(data_dir, user="live-writer")
    base = template()

    def save_new() -> str:
        case = base.model_copy(update={"case_id": new_case_id()})
        return cb.cases.save_case(with_content(case, 1)).case_id

    first = save_new()
    assert cb.maintenance.quick_check() == []
    cb.backups.create()
    assert cb.maintenance.verify_audit().ok
    cb.search.search("blinatumomab")
    cb.cases.list_cases()
    print(f"ready {first}", flush=True)
    for line in sys.stdin:
        if line.strip() == "save":
            print(f"saved {save_new()}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
