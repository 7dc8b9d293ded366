"""How long the reason dialog's identifier check takes for many stored cases (a quick
measurement, not a test: ``python -m tests.measure_reason_identifiers [cases]``).

Stores that many generated cases (``core.synth``) with a name, a record number, a birth date
and an attachment's file name each, then times ``stored_reason_problem`` over all of them:
now (the identifiers read from the stored JSON) and as it was (each case loaded whole,
validated, dumped and flattened), and the app's reason dialog check once the identifiers are
read (in the background: ``Casebook.reason_identifiers``)."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable

from core.model import Case
from core.services import open_casebook
from core.services.reason_rules import names_patient, stored_reason_problem
from core.store import repository as repo
from core.synth import generate_cases

REASON = "Entered twice by mistake"


def with_identifiers(case: Case, index: int) -> Case:
    doc = case.to_json_dict()
    doc["patient"].update(name=f"Patient Number{index}", record_number=f"MRN-{index:06d}",
                          birth_date=f"19{index % 90 + 10}-03-1{index % 10}")
    doc.setdefault("attachments", []).append({"kind": "photo", "caption": "Smear",
                                              "file_name": f"scan-{index}.png"})
    return Case.model_validate(doc)


def timed(label: str, count: int, check: Callable[[], object]) -> None:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        check()
        best = min(best, time.perf_counter() - start)
    print(f"{label}: {best * 1000:.1f} ms for {count:,} cases, "
          f"{best * 1000 / count:.3f} ms a case")


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        casebook = open_casebook(folder, user="measure")
        try:
            cases = [with_identifiers(c, i) for i, c in enumerate(generate_cases(count))]
            casebook.cases.import_cases(cases)
            ids = [c.case_id for c in cases]
            del cases
            ctx = casebook.ctx

            def before() -> object:  # the old stored_reason_problem's work
                with ctx.db.read() as conn:
                    docs = [repo.load_case(conn, case_id).to_json_dict() for case_id in ids]
                return names_patient(REASON, docs)

            timed("before (load_case, to_json_dict, flatten)", count, before)
            timed("now (stored JSON, identifier sections)", count,
                  lambda: stored_reason_problem(ctx, REASON, ids))
            # the app: read in the background (reason_identifiers), then the dialog's check
            check = casebook.identifiers_check(casebook.reason_identifiers(ids))
            timed("the dialog's check, identifiers read before", count, lambda: check(REASON))
        finally:
            casebook.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
