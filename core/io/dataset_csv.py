"""The CSV dataset: a folder (or a .zip) with one UTF-8 CSV file (with a byte-order mark, for
Excel) per entity in long form and ``data_dictionary.csv`` beside them (``core.io.tables``,
``core.io.dictionary``); when a case's consent is not documented, ``consent_notice.txt`` too
(``core.io.consent_notice``: import reads only the CSV files).

Every file is written whole or not at all: the folder is built beside the target and renamed
into place (``core.io.outputs.atomic_folder``); a zip is built from such a folder and written
atomically. The cases are read one at a time, so memory does not grow with their number.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from core.io.consent_notice import FILE_NAME as NOTICE_FILE
from core.io.consent_notice import ConsentCheck
from core.io.dataset_derived import case_derived
from core.io.dataset_plan import RowPlan
from core.io.deident import (
    Deidentifier,
    Hit,
    IdentifiersFound,
    scan_unconfirmed,
)
from core.io.dictionary import CASE_ID, FILE_NAME, HEADERS, dataset_columns, dictionary_rows
from core.io.outputs import atomic_folder, atomic_open, write_error
from core.io.spreadsheet_text import RISKY_FIRST, safe
from core.io.tables import tables
from core.model import Case


@dataclass(frozen=True)
class Accepted:
    """The possible identifiers the user confirmed may be exported (``every``: all found)."""

    hits: list[Hit]
    every: bool = False


@dataclass
class DatasetReport:
    cases: int = 0
    files: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # the Casebook ids of the cases
    confirmed: int = 0  # possible identifiers the user let through
    consent: ConsentCheck = field(default_factory=ConsentCheck)  # consent not documented

    def scan(self, case: Case, deid: Deidentifier, accepted: Accepted) -> list[Hit]:
        """A de-identified export's identifier scan of ``case``: the hits not accepted (those
        accepted are counted)."""
        if not deid.options.any:
            return []
        left, let_through = scan_unconfirmed(case, deid.options, accepted.hits, accepted.every)
        self.confirmed += let_through
        return left

    def wrote(self, case: Case, on_case: Callable[[Case], None] | None,
              exported_id: str) -> None:
        self.cases += 1
        self.written.append(case.case_id)
        self.consent.check(case.case_id, exported_id, case.consent.status)
        if on_case:
            on_case(case)


NUMERIC_KINDS = frozenset({"integer", "number", "day", "yesno", "row"})  # never text


def is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def write_csv_dataset(path: Path, cases: Iterable[Case], deid: Deidentifier, *,
                      force: bool = False, confirmed: Iterable[Hit] = (),
                      confirm_all: bool = False,
                      on_case: Callable[[Case], None] | None = None) -> DatasetReport:
    """Write the dataset to the folder ``path`` (a zip when it ends in .zip). With any
    de-identification option the free text is scanned first, case by case as it is written:
    identifiers found (other than ``confirmed``; with ``confirm_all`` none) raise
    ``IdentifiersFound`` and nothing is written. OutputError when it cannot be written."""
    accepted = Accepted(list(confirmed), confirm_all)
    if is_zip(path):
        try:
            work = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        except OSError as exc:
            raise write_error(path, exc) from exc
        try:
            report = _write_files(work, cases, deid, accepted, on_case)
            with atomic_open(path, "wb", force=force) as fh:
                _zip(work, report.files, fh)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return report
    with atomic_folder(path, force=force) as work:
        return _write_files(work, cases, deid, accepted, on_case)


def _zip(folder: Path, names: list[str], fh: IO[bytes]) -> None:
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            zf.write(folder / name, name)


def _write_files(folder: Path, cases: Iterable[Case], deid: Deidentifier,
                 accepted: Accepted, on_case: Callable[[Case], None] | None) -> DatasetReport:
    report = DatasetReport()
    layout = [(t, dataset_columns(t, deid.options)) for t in tables()]
    plans = [RowPlan(table, columns) for table, columns in layout]
    # the cells that may hold text (not the numbers): an apostrophe before a would-be formula
    texts = [[0, *(i + 1 for i, c in enumerate(columns) if c.kind not in NUMERIC_KINDS)]
             for _, columns in layout]
    hits: list[Hit] = []
    with ExitStack() as stack:
        writers = []
        for table, columns in layout:
            # with a byte-order mark: Excel on Windows reads the file as UTF-8 only then
            fh = stack.enter_context(open(folder / f"{table.name}.csv", "w",
                                          encoding="utf-8-sig", newline=""))
            writer = csv.writer(fh)
            writer.writerow([CASE_ID, *(c.name for c in columns)])
            writers.append(writer)
            report.files.append(f"{table.name}.csv")
        for case in cases:
            hits += report.scan(case, deid, accepted)
            frame = deid.case_frame(case)
            written = deid.exported(case)  # its age derived; de-identified, top-coded
            found = case_derived(case)  # the engine's values, once per case
            for plan, writer, text_at in zip(plans, writers, texts, strict=True):
                rows = []
                for key, record, stored in plan.written_rows(case, written):
                    values = plan.texts(record, frame.day0, frame.shift)
                    plan.derived(values, key, found)
                    if plan.has_kept:
                        values[-1] = plan.kept(case, stored, values)
                    row = [frame.case_id, key, *values]
                    for i in text_at:
                        if row[i][:1] in RISKY_FIRST:
                            row[i] = safe(row[i])
                    rows.append(row)
                writer.writerows(rows)
            report.wrote(case, on_case, frame.case_id)
    if hits:
        raise IdentifiersFound(hits, deid.options)
    with open(folder / FILE_NAME, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows(dictionary_rows(deid.options, apostrophe=True))
    report.files.append(FILE_NAME)
    notice = report.consent.notice_lines(report.cases, deid.options.hash_ids)
    if notice:  # beside the tables, where whoever opens the folder or the zip sees it
        with open(folder / NOTICE_FILE, "w", encoding="utf-8-sig", newline="\r\n") as fh:
            fh.write("\n".join(notice) + "\n")
        report.files.append(NOTICE_FILE)
    return report

