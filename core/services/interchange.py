"""Import and export of case files (CASE-MODEL.md, "The JSON interchange format")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection

from core.errors import InvalidData, Problem
from core.io.consent_notice import undocumented
from core.io.dataset_absent import AbsentFields, absent_text
from core.io.dataset_mark import refusal
from core.io.dataset_older import kept_fields, older_text
from core.io.import_coding import ImportCoding
from core.io.import_kind import is_dataset
from core.io.interchange import iter_cases, write_export
from core.io.outputs import check_output_path
from core.io.screening import safe_text
from core.logs import get_logger
from core.model import Case
from core.services.case_ids import distinct_ids
from core.services.cases import CaseService, ReasonNeeded
from core.services.import_files import BrokenReferences, ImportedFiles
from core.services.import_status import DemotedCases
from core.services.importing import CHUNK, ImportWriter
from core.services.reason_rules import OverrideReasons, checked_reason
from core.services.report_text import warning_lines
from core.store import repository as repo
from core.store.audit import AuditEntry, utc_now
from core.store.engine import plain
from core.store.files import FileProblem, StoredFileProblem
from core.store.files_check import FIGURE_FILE_REMEDY, figure_label, file_problem_text

log = get_logger("services")

# "as_new": every case gets a new id; "as_new_if_taken": only a case whose id is stored already
ImportMode = Literal["refuse", "replace", "as_new", "as_new_if_taken"]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportReport:
    imported: int
    replaced: int
    files: int
    # "case X: Figure 2 ..." for each figure whose image neither the files imported nor this
    # data folder holds, X the id the case was stored under (at most MISSING_SHOWN;
    # ``missing_count`` counts them all)
    missing: list[str] = field(default_factory=list)
    missing_count: int = 0
    cleaned: int = 0  # figure files stored without their metadata, under a new SHA-256
    # (id in the file, id given) for each case "as_new_if_taken" gave a new id
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0  # "replace": cases the same as stored, left as they were
    # "case X: Responses › row 1 › Based on › CSF assessment ids: No CSF assessment ..." for
    # each reference to a record its case does not hold (the first REFERENCES_SHOWN)
    references: list[str] = field(default_factory=list)
    references_count: int = 0
    # "X: imported as a draft: 1 error blocks 'complete' (V42 ...)" for each case the file
    # calls complete or locked whose errors do not allow it (the first DEMOTED_SHOWN)
    demoted: list[str] = field(default_factory=list)
    demoted_count: int = 0
    # "case X: override V60 (Patient › Subdivision)" for each override reason that names the
    # patient (the first reason_rules.OVERRIDES_SHOWN): imported, and named as a finding
    override_reasons: list[str] = field(default_factory=list)
    override_reasons_count: int = 0
    # "ds: authors, references, statements: not in this dataset (exported before Casebook
    # had them); ..." for each dataset exported before some tables (core.io.dataset_older);
    # "ds: the column pt_x (X) is not in this dataset ...; 2 stored cases keep their values
    # of it, unchanged ..." for each dataset whose files have no column for some fields (its
    # dictionary does not list them) and that replaced stored cases (core.io.dataset_absent)
    older: list[str] = field(default_factory=list)
    # the values read as the form reads them (``core.io.import_coding``): drug names given
    # their ATC code, response categories and EGIL subgroups matched to their list
    coded: ImportCoding = field(default_factory=ImportCoding)


class InterchangeService:
    def __init__(self, cases: CaseService):
        self.cases = cases
        self.ctx = cases.ctx
        self.chunk = CHUNK  # cases an import commits at a time (importing.ImportWriter)

    def import_files(self, paths: Iterable[Path], mode: ImportMode = "refuse",
                     on_progress: Progress | None = None, *,
                     reason: str | None = None) -> ImportReport:
        """Read, validate and write the files case by case (memory holds one batch of cases,
        not the files), committed ``self.chunk`` cases at a time behind a marker
        (``importing.ImportWriter``); keep nothing unless everything is valid: an invalid
        case anywhere undoes it all. Replacing a locked case needs ``reason``
        (``ReasonNeeded`` otherwise): it is an amendment. ``on_progress(done, total)``: the
        kilobytes read of the files' total, below it until every case is written and checked:
        the report of the total comes inside the last transaction, before its commit, so an
        error it raises (the app's Cancel) still undoes the import whole; after it the import
        is stored. The figure files a JSON file carries go into the data folder's file store
        as their case is read, and are removed again when the import fails
        (``import_files.ImportedFiles``); the report names the figures whose image neither
        the files nor the store hold, and the cases stored as drafts though the file calls
        them complete or locked: errors block 'complete' (``import_status``). A
        de-identified dataset (``core.io.dataset_mark``) replaces no stored case: its file
        is named with why, and nothing is kept. A dataset exported before some of today's
        tables is read without them, and a case it replaces keeps its stored rows of them
        (``core.io.dataset_older``; the report's ``older`` says so); so does a case it
        replaces keep its stored values of the fields the dataset has no column for (its
        dictionary does not list them: ``core.io.dataset_absent``), said there too."""
        paths = [Path(p) for p in paths]
        reason = checked_reason(reason)  # one line, bounded (the identifiers: as it writes)
        sizes = [_size(p) for p in paths]
        total = sum(sizes) // 1024 or 1
        source = safe_text(", ".join(p.name for p in paths), 500)
        problems: list[Problem] = []
        seen: dict[str, int] = {}  # case id -> index of the file it is in
        files = ImportedFiles(self.ctx.files, problems, self.ctx.db)
        references = BrokenReferences()
        override_reasons = OverrideReasons()
        demoted = DemotedCases(self.cases.completion_blockers)
        olders: dict[str, list[str]] = {}  # a dataset's source -> the tables it predates
        absents: dict[str, list[AbsentFields]] = {}  # -> the fields it has no column for
        coding = ImportCoding()

        def note(case_id: str) -> str | None:  # what a case's audit entries add to their reason
            return "; ".join(n for n in (files.audit_note(case_id), coding.note(case_id))
                             if n) or None
        writer = ImportWriter(self.ctx, mode, utc_now(), f"imported from {source}", reason,
                              chunk=self.chunk, note=note,
                              given_id=files.given_id, demoted=demoted)

        def items() -> Iterator[tuple[Case, str]]:
            for number, path in enumerate(paths):
                name = safe_text(str(path), 4000)
                done_before = sum(sizes[:number])

                def read(at: int, done_before: int = done_before) -> None:
                    if on_progress:
                        on_progress(min((done_before + at) // 1024, total - 1), total)
                if is_dataset(path):  # a dataset folder, .zip or workbook (also renamed)
                    from core.io.dataset_read import iter_dataset_cases  # (issue 18)

                    def marked(marks: list[str], name: str = name) -> None:
                        writer.marks[name] = marks  # de-identified: replaces no stored case

                    def older(tables: list[str], name: str = name) -> None:
                        olders[name] = tables  # read without them; replaced cases keep theirs
                        writer.older[name] = kept_fields(tables)

                    def absent(fields: list[AbsentFields], name: str = name) -> None:
                        absents[name] = writer.absent[name] = fields  # replaced: kept

                    cases = iter_dataset_cases(path, problems, read, marked,
                                               new_ids=mode == "as_new", on_older=older,
                                               on_absent=absent)
                else:
                    cases = iter_cases(path, problems, read, files.store)
                for case in cases:
                    coding.apply(case)  # before it is checked: as the form would store it
                    files.check_missing(case)  # named by its id here (files.given_id)
                    references.check(case)
                    override_reasons.check(case)
                    if case.case_id in seen:
                        problems.append(Problem(
                            name, case.case_id, "case_id", "the same case id appears twice "
                            f"(also in {safe_text(str(paths[seen[case.case_id]]), 4000)})"))
                    else:
                        seen[case.case_id] = number
                    if problems:
                        writer.stop()
                    yield case, name

        def check() -> None:
            if problems:
                raise InvalidData(problems)
            if writer.collisions:
                raise InvalidData(writer.collisions)
            if writer.refused:
                raise InvalidData([Problem(src, None, "", refusal(writer.marks[src], len(ids),
                                                                  ids))
                                   for src, ids in writer.refused.items()])
            if writer.locked:
                raise ReasonNeeded(writer.locked, writer.identifiers)
            if on_progress:  # the point of no return: the last commit follows
                on_progress(total, total)

        try:
            with files.kept_only_on_success(lambda: writer.finished):
                writer.run(items(), check)
        except KeyboardInterrupt:  # Ctrl+C: it stops the import, unless it came after the
            if not writer.finished:  # last commit: then the import is stored, and said so
                raise
        return ImportReport(writer.imported, writer.replaced, len(paths), files.missing,
                            files.missing_count, len(files.cleaned), writer.renamed,
                            writer.unchanged, references.named, references.count,
                            demoted.named, demoted.count, override_reasons.named,
                            override_reasons.count,
                            [*(older_text(src, names, writer.kept.get(src, 0))
                               for src, names in olders.items()),
                             *(absent_text(src, [c for f in fields for c in f.columns],
                                           writer.kept_absent.get(src, 0),
                                           dictionary=not any(f.refusal for f in fields))
                               for src, fields in absents.items()
                               if writer.kept_absent.get(src) or not writer.marks.get(src))],
                            coding)

    def export_cases(self, path: Path, case_ids: list[str] | None = None, *,
                     force: bool = False, on_progress: Progress | None = None,
                     without_image: list[str] | None = None,
                     no_consent: list[str] | None = None) -> int:
        """Write the cases (all, or the ids given) to a JSON file, atomically, one case at a
        time (memory does not grow with the number of cases); ``force``: replace a file that
        is there. OutputError for a refused path or a failed write. ``without_image``: gets
        each figure exported without its image, its stored file missing or damaged ("Figure
        2 ('Smear') of case X: its image file 7d3528f90dd7… is missing from the data
        folder"; see ``without_image_text``). ``no_consent``: gets the id of each case whose
        consent is not documented (``core.io.consent_notice``: the warning's, the file
        holds each case's consent status and no notice)."""
        path = check_output_path(path, self.ctx.paths.root, force=force)
        written: list[str] = []  # the ids recorded in the audit entry (2,000 characters)
        shown = done = 0
        absent: dict[str, StoredFileProblem] = {}  # the current case's files not exported

        def read_file(sha256: str) -> bytes | None:
            try:
                return self.ctx.files.read(sha256)
            except FileProblem as exc:  # the export carries the figure without its image
                log.warning("exported without its file: %s", exc)
                absent[sha256] = exc if isinstance(exc, StoredFileProblem) else \
                    StoredFileProblem(str(exc), sha256, "unreadable", str(exc))
                return None
        with self.ctx.db.read() as conn:
            ids = distinct_ids(case_ids) if case_ids is not None else _all_ids(conn)

            def each(case: Case) -> None:
                nonlocal shown, done
                done += 1
                if absent:
                    if without_image is not None:
                        without_image.extend(_figures_without_image(case, absent))
                    absent.clear()
                if no_consent is not None and undocumented(case.consent.status):
                    no_consent.append(case.case_id)
                if shown < 2000:
                    written.append(case.case_id)
                    shown += len(case.case_id) + 1
                if on_progress:
                    on_progress(done, len(ids))
            cases = (repo.load_case(conn, case_id) for case_id in ids)
            count = write_export(path, cases, force=force, on_case=each,
                                 read_file=read_file)
        with self.ctx.write() as (conn, audit):
            audit.append(conn, self.ctx.user, [AuditEntry(
                "export", None, None, None, f"{count} case(s) to {Path(path).name}",
                ",".join(written)[:2000] or None)])
        return count

    def iter_cases(self, case_ids: list[str] | None = None) -> Iterable[Case]:
        """The cases (all not in the trash, or the ids given, each once)."""
        with self.ctx.db.read() as conn:
            for case_id in distinct_ids(case_ids) if case_ids is not None else _all_ids(conn):
                yield repo.load_case(conn, case_id)


def _figures_without_image(case: Case, absent: dict[str, StoredFileProblem]) -> list[str]:
    """The figures of ``case`` whose file (one of ``absent``) the export left out."""
    out = []
    for i, row in enumerate(case.attachments):
        problem = absent.get(row.file_sha256 or "")
        if problem is not None:
            out.append(f"{figure_label(case.case_id, row.figure_number, i + 1, row.caption)}: "
                       f"{file_problem_text(problem.sha256, problem.problem, problem.why)}")
    return out


def without_image_text(figures: list[str], shown: int = 50) -> list[str]:
    """The warning for figures exported without their image, or [] when there are none."""
    return warning_lines(
        f"Warning: {len(figures)} figure(s) were exported without their image (its file is "
        f"missing from or damaged in this data folder); for each, {FIGURE_FILE_REMEDY}, then "
        "export again:", figures[:shown], len(figures))


def _all_ids(conn: Connection) -> list[str]:
    """The ids of the cases not in the trash, in id order (only the ids: ~60 bytes a case)."""
    return [row[0] for row in plain(
        conn, "SELECT id FROM cases WHERE trashed_at IS NULL ORDER BY id")]


def _size(path: Path) -> int:
    from core.io.dataset_read import dataset_size

    return dataset_size(path)  # a CSV folder: its files
