"""The PDF case summaries of several cases saved at once into a new folder: the one flow behind
the app's File › Save PDFs of selected cases… and ``casebook report --all``. Written into a
temporary folder renamed at the end, so a batch stopped part way (the app's Cancel, Ctrl+C,
between two PDFs) leaves no PDF; an identified PDF leaves its ``pdf-save`` audit entry once the
folder is in place."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from core.io.outputs import atomic_folder
from core.model import Case
from core.report import Hit, render_many
from core.services.case_ids import distinct_ids
from core.services.reports import (
    SAVED,
    as_recorded,
    masked_hits,
    record_identified_output,
    record_status,
    report_options,
)

if TYPE_CHECKING:
    from core.services import Casebook

POOL_FROM = 8  # cases from which the batch renders in worker processes (each takes ~2 s to
# start: fewer cases render sooner in this one)
SELECTED = "Save PDFs of selected cases"  # how the app's batch is named in the audit trail


@dataclass
class PdfBatch:
    folder: Path
    written: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # case id -> why its PDF is not made
    masked: list[tuple[str, list[Hit]]] = field(default_factory=list)  # de-identified: the
    # possible identifiers masked, per case

    @property
    def masked_count(self) -> int:
        return sum(len(hits) for _, hits in self.masked)


def save_pdfs(cb: Casebook, case_ids: list[str] | None, folder: Path, *, deidentified: bool,
              progress: Callable[[int, int], None] | None = None, force: bool = False,
              source: str = SELECTED) -> PdfBatch:
    """One PDF per case into ``folder`` (checked by the caller; ``force``: an existing one is
    replaced), ``<case id>.pdf`` or ``<case id>-deid.pdf``; ``case_ids`` None: every case not
    in the trash. ``progress(done, total)`` after each PDF; an exception it raises (Cancel,
    Ctrl+C) stops the batch there and removes every PDF made (the folder is not made). Each
    identified PDF written gets a ``pdf-save`` entry naming ``source`` and how many other PDFs
    were saved with it."""
    options = report_options(deidentified, cb.audit)  # identified: the audit anchor
    batch = PdfBatch(folder)
    versions: dict[str, int] = {}
    case_ids = None if case_ids is None else distinct_ids(case_ids)  # one PDF a case
    total = cb.cases.count_cases() if case_ids is None else len(case_ids)

    def noted(cases: Iterable[Case]) -> Iterator[Case]:
        for case in cases:
            versions[case.case_id] = case.version
            batch.masked += masked_hits(case, options)
            yield case

    def report(done: int, _total: int | None, _case_id: str) -> None:
        if progress is not None:
            progress(done, total)

    with atomic_folder(folder, force=force) as work:
        result = render_many(noted(cb.interchange.iter_cases(case_ids)), options, work,
                             progress=report, workers=0 if total >= POOL_FROM else 1,
                             records=lambda case: record_status(cb.audit, case.case_id),
                             adjust=None if deidentified else lambda case, o: as_recorded(
                                 cb.audit, case, o))
    batch.written = [folder / p.name for p in result.written]
    batch.failed = result.failed
    if not deidentified:
        others = len(batch.written) - 1  # the PDFs saved, not the cases asked for
        for path in batch.written:
            record_identified_output(cb.audit, SAVED, path.stem, versions[path.stem],
                                     f"saved as {path.name} (with {others} other case(s), "
                                     f"{source})")
    return batch


def new_folder(parent: Path, name: str) -> Path:
    """``parent/name``, or ``name (2)``, ``name (3)``... when it exists."""
    folder, number = parent / name, 1
    while folder.exists():
        number += 1
        folder = parent / f"{name} ({number})"
    return folder
