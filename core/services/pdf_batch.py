"""The PDF case summaries of several cases saved at once into a new folder (the app's File ›
Save PDFs of selected cases…): written into a temporary folder renamed at the end, so a batch
stopped part way (the app's Cancel, between two PDFs) leaves no PDF; an identified PDF leaves
its ``pdf-save`` audit entry once the folder is in place, as ``casebook report --all`` does."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from core.io.outputs import atomic_folder
from core.model import Case
from core.report import render_many
from core.services.reports import (
    SAVED,
    record_identified_output,
    record_status,
    report_options,
    unconfirmed_hits,
)

if TYPE_CHECKING:
    from core.services import Casebook

POOL_FROM = 8  # cases from which the batch renders in worker processes (each takes ~2 s to
# start: fewer cases render sooner in this one)


@dataclass
class PdfBatch:
    folder: Path
    written: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # case id -> why its PDF is not made
    masked: int = 0  # possible identifiers masked (de-identified)


def save_pdfs(cb: Casebook, case_ids: list[str], folder: Path, *, deidentified: bool,
              progress: Callable[[int, int], None] | None = None) -> PdfBatch:
    """One PDF per case into ``folder`` (new: checked by the caller), ``<case id>.pdf`` or
    ``<case id>-deid.pdf``. ``progress(done, total)`` after each PDF; an exception it raises
    stops the batch there and removes every PDF made (the folder is not made)."""
    options = report_options(deidentified, cb.audit)
    batch = PdfBatch(folder)
    versions: dict[str, int] = {}

    def noted(cases: Iterable[Case]) -> Iterator[Case]:
        for case in cases:
            versions[case.case_id] = case.version
            if deidentified:
                batch.masked += len(unconfirmed_hits(case, options))
            yield case

    def report(done: int, _total: int | None, _case_id: str) -> None:
        if progress is not None:
            progress(done, len(case_ids))

    with atomic_folder(folder, force=False) as work:
        result = render_many(noted(cb.interchange.iter_cases(case_ids)), options, work,
                             progress=report, workers=0 if len(case_ids) >= POOL_FROM else 1,
                             records=lambda case: record_status(cb.audit, case.case_id))
    batch.written = [folder / p.name for p in result.written]
    batch.failed = result.failed
    if not deidentified:
        others = len(batch.written) - 1  # the PDFs saved, not the cases asked for
        for path in batch.written:
            record_identified_output(cb.audit, SAVED, path.stem, versions[path.stem],
                                     f"saved as {path.name} (with {others} other case(s), "
                                     "Save PDFs of selected cases)")
    return batch


def new_folder(parent: Path, name: str) -> Path:
    """``parent/name``, or ``name (2)``, ``name (3)``... when it exists."""
    folder, number = parent / name, 1
    while folder.exists():
        number += 1
        folder = parent / f"{name} ({number})"
    return folder
