"""How long moving many locked cases to the trash takes in the service (a quick measurement,
not a test: ``python -m tests.measure_trash_many [cases]``).

Stores that many generated locked cases (``core.synth``, with a name, a record number and an
attachment's file name each), then trashes them all with one reason: one ``trash_case`` a
case (one transaction each, as the app did on its UI thread), and ``trash_cases`` (one
transaction), restoring them between the runs (``restore_cases`` timed too)."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable

from core.services import open_casebook
from core.synth import generate_cases
from tests.measure_reason_identifiers import with_identifiers

REASON = "Entered twice by mistake"


def timed(label: str, count: int, work: Callable[[], object]) -> None:
    start = time.perf_counter()
    work()
    took = time.perf_counter() - start
    print(f"{label}: {took * 1000:.0f} ms for {count:,} cases, {took * 1000 / count:.2f} ms "
          "a case")


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        casebook = open_casebook(folder, user="measure")
        try:
            cases = [with_identifiers(c, i).model_copy(update={"status": "locked"})
                     for i, c in enumerate(generate_cases(count))]
            casebook.cases.import_cases(cases)
            ids = [c.case_id for c in cases]
            del cases
            service = casebook.cases

            def one_by_one() -> None:
                for case_id in ids:
                    service.trash_case(case_id, REASON)

            timed("trash_case a case (one transaction each)", count, one_by_one)
            if not hasattr(service, "trash_cases"):
                return
            timed("restore_cases (one transaction)", count, lambda: service.restore_cases(ids))
            timed("trash_cases (one transaction)", count,
                  lambda: service.trash_cases(ids, REASON))
        finally:
            casebook.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
