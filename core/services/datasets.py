"""Dataset exports for other tools (issue 18): Casebook's JSON, the CSV dataset with its
REDCap data dictionary and the FHIR R4 Bundle (``core.io.fhir``), de-identified on request.
Every export is recorded in the audit trail with its format and options."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from core.errors import CasebookError
from core.io.consent_notice import warning_lines
from core.io.dataset_csv import is_zip, write_csv_dataset
from core.io.deident import Deidentifier, DeidOptions, Hit, load_key
from core.io.outputs import check_output_path
from core.model import Case
from core.services.case_ids import distinct_ids
from core.services.interchange import InterchangeService
from core.services.search import MAX_LIMIT, SearchService
from core.store.audit import AuditEntry
from core.store.engine import plain

FORMATS = ("json", "csv", "xlsx", "fhir", "odm")
Progress = Callable[[int, int], None]


class UnknownFormat(CasebookError):
    def __init__(self, name: str):
        super().__init__(f"Unknown export format '{name}'; the formats are: "
                         f"{', '.join(FORMATS)}.")


@dataclass(frozen=True)
class ExportResult:
    format: str
    cases: int
    path: Path
    files: tuple[str, ...] = ()
    confirmed: int = 0  # possible identifiers the user let through
    without_image: tuple[str, ...] = ()  # JSON: figures exported without their image
    # the Casebook ids of the cases whose consent is not documented (rule V56): the export
    # carries a notice (``core.io.consent_notice``), the command line and the app a warning
    no_consent: tuple[str, ...] = ()
    # the Casebook ids of the cases whose subdivision was left out (rule V60, the option
    # ``drop_rare_subdivision``)
    rare_left_out: tuple[str, ...] = ()

    def rare_note(self) -> list[str]:
        """What the command line and the app say of the subdivisions left out."""
        if not self.rare_left_out:
            return []
        return [f"The subdivision was left out of {len(self.rare_left_out)} case(s): a rare "
                "combination with the age (rule V60); the country stays."]

    def consent_warning(self) -> list[str]:
        return warning_lines(self.no_consent, self.cases, self.format)


class DatasetService:
    def __init__(self, interchange: InterchangeService):
        self.interchange = interchange
        self.ctx = interchange.ctx

    def export(self, path: Path, fmt: str, case_ids: list[str] | None = None,
               options: DeidOptions | None = None, *, force: bool = False,
               confirmed: Iterable[Hit] = (), confirm_all: bool = False,
               on_progress: Progress | None = None) -> ExportResult:
        """Export the cases (all not in the trash, or the ids given, each once) to ``path`` in
        ``fmt``. UnknownFormat, OutputError (a refused path, a failed write), IdentifiersFound (a
        de-identified export whose free text holds possible identifiers not confirmed)."""
        options = options or DeidOptions()
        if fmt not in FORMATS:
            raise UnknownFormat(fmt)
        if fmt == "json":
            if options.any:
                raise CasebookError("De-identification options apply to the csv, xlsx, fhir "
                                    "and odm formats; a JSON export is the whole record, to "
                                    "import back.")
            without_image: list[str] = []
            no_consent: list[str] = []
            count = self.interchange.export_cases(path, case_ids, force=force,
                                                  on_progress=on_progress,
                                                  without_image=without_image,
                                                  no_consent=no_consent)
            return ExportResult(fmt, count, Path(path), without_image=tuple(without_image),
                                no_consent=tuple(no_consent))
        path = check_output_path(path, self.ctx.paths.root, force=force,
                                 kind="file" if is_zip(Path(path))
                                 or fmt in ("fhir", "xlsx", "odm") else "folder")
        ids = distinct_ids(case_ids) if case_ids is not None else self._all_ids()
        done = 0

        def each(_case: Case) -> None:
            nonlocal done
            done += 1
            if on_progress:
                on_progress(done, len(ids))

        deid = Deidentifier(options, load_key(self.ctx.paths.root))
        write = write_csv_dataset
        if fmt == "fhir":  # the FHIR writer needs the clinical engine: loaded here, not at start
            from core.io.fhir import write_fhir_dataset

            write = write_fhir_dataset
        elif fmt == "xlsx":  # openpyxl: loaded for an Excel export only
            from core.io.dataset_xlsx import write_xlsx_dataset

            write = write_xlsx_dataset
        elif fmt == "odm":
            from core.io.odm import write_odm_dataset

            write = write_odm_dataset
        report = write(path, self.interchange.iter_cases(ids), deid, force=force,
                       confirmed=confirmed, confirm_all=confirm_all, on_case=each)
        summary = f"{report.cases} case(s) as {fmt} to {path.name}; {options.describe()}"
        left_out = tuple(sorted(deid.rare_left_out))
        if left_out:
            summary += (f"; the subdivision left out of {len(left_out)} case(s), a rare "
                        "combination with the age (rule V60)")
        if report.confirmed:
            summary += f"; {report.confirmed} possible identifier(s) confirmed"
        with self.ctx.write() as (conn, audit):
            audit.append(conn, self.ctx.user, [AuditEntry(
                "export", None, None, None, summary, ",".join(report.written)[:2000] or None)])
        return ExportResult(fmt, report.cases, path, tuple(report.files), report.confirmed,
                            no_consent=tuple(c.case_id for c in report.consent.cases),
                            rare_left_out=left_out)

    def _all_ids(self) -> list[str]:
        with self.ctx.db.read() as conn:
            return [row[0] for row in plain(
                conn, "SELECT id FROM cases WHERE trashed_at IS NULL ORDER BY id")]


def found_ids(search: SearchService, text: str) -> list[str]:
    """The ids of every case a search finds (the app's "cases the search finds"), page by
    page; none for a query with an error."""
    ids: list[str] = []
    while True:
        result = search.search(text, len(ids), MAX_LIMIT, "updated", as_you_type=True,
                               every=True)
        if result.error or not result.hits:
            return ids
        ids += [hit.case_id for hit in result.hits]
        if len(ids) >= result.total:
            return ids
