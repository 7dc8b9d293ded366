"""The figure files an imported JSON file carries, put into the data folder's file store.

Each file is stored as its case is read (one case's files in memory at a time), after
``core.io.embedded`` checked it against its SHA-256, stripped of its metadata as an attached
file is (a file that held some is stored cleaned and its case names the cleaned file); a file
the store already holds sound is left alone. The import is all or nothing, files too: when it fails, the files it added are
removed again (a file left by a crash in between is harmless: no case names it, as a removed
figure's file). A figure whose image neither the import nor the data folder holds is listed for
the user, naming the case and the figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from core.errors import CasebookError, Problem
from core.io.embedded import EmbeddedFile, figure_label
from core.io.screening import safe_text
from core.logs import get_logger
from core.model import Case
from core.model.model_errors import path_place
from core.services.added_files import AddedFiles
from core.services.report_text import warning_lines
from core.store.engine import Database
from core.store.files import ACCEPTED, FileStore, StoredFile, sniff

log = get_logger("services")
_KIND = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF",
         "application/pdf": "PDF"}
MISSING_SHOWN = 50  # figures without their image named in the report (all are counted)


class ImportedFiles(AddedFiles):
    """The files an import stored; a failed import takes back those it created
    (``AddedFiles.remove_added``)."""

    def __init__(self, store: FileStore, problems: list[Problem], db: Database | None = None):
        super().__init__(store, db)
        self.problems = problems
        self._missing: list[tuple[str, str]] = []  # (case id in the file, "Figure 1 ('…')")
        self._missing_ids: set[str] = set()  # the case ids (in the file) of ``_missing``
        self._stored_as: dict[str, str] = {}  # id in the file -> id given, for those named
        self.missing_count = 0
        self.cleaned: dict[str, StoredFile] = {}  # hash in the file -> the file stored cleaned
        self.cleaned_of: dict[str, int] = {}  # case id -> its files stored cleaned

    def store(self, source: str, case: Case, files: list[EmbeddedFile]) -> None:
        """Put the files of ``case`` into the store (a problem is appended for one that is
        not a file Casebook accepts). Each is stripped of its metadata as an attached file
        is: bytes that come out the same (a PNG Casebook exported) are kept as they are; any
        other file (a JPEG: re-encoded, it does not come out the same) is stored cleaned,
        under its new hash, and the case's
        attachments (this case's and those of later cases naming the same file) are
        rewritten to name it (hash, size, pixels)."""
        for item in files:
            wrong = file_type_problem(case, item)
            if wrong is not None:
                self.problems.append(Problem(source, case.case_id, item.where, wrong,
                                             path_place(item.where)))
                continue
            if self.problems:
                continue
            try:
                stored, created = self.files.put_clean(
                    item.data, f"The embedded file of {item.figure} of case {case.case_id}",
                    owner=self)
            except CasebookError as exc:  # unreadable, too large in pixels...
                self.problems.append(Problem(source, case.case_id, item.where, str(exc),
                                             path_place(item.where)))
                continue
            if created:
                self.added.append(stored.sha256)
            if stored.sha256 != item.sha256:
                log.info("import: the file of %s of case %s carried metadata: stored "
                         "without it as %s", item.figure, case.case_id, stored.sha256[:12])
                self.cleaned[item.sha256] = stored
                self.cleaned_of[case.case_id] = self.cleaned_of.get(case.case_id, 0) + 1
        self._name_cleaned(case)

    def audit_note(self, case_id: str) -> str | None:
        """What the audit entries of case ``case_id`` add to their reason: its figure files
        stored without their metadata, if any."""
        count = self.cleaned_of.get(case_id)
        return f"{cleaned_text(count)} (new SHA-256)" if count else None

    def _name_cleaned(self, case: Case) -> None:
        """The attachments of ``case`` whose file was stored cleaned name the cleaned file."""
        if not self.cleaned or not any(a.file_sha256 in self.cleaned
                                       for a in case.attachments):
            return
        rows = []
        for row in case.attachments:
            stored = self.cleaned.get(row.file_sha256 or "")
            if stored is not None:
                row = row.model_copy(update={
                    "file_sha256": stored.sha256, "byte_size": stored.byte_size,
                    "width_px": stored.width_px, "height_px": stored.height_px,
                    "metadata_stripped": True})
            rows.append(row)
        case.attachments = rows

    def check_missing(self, case: Case) -> None:
        """Note each attachment of ``case`` (as read from the file, before the import may
        give it a new id: ``given_id``) whose file the store does not hold."""
        for i, row in enumerate(case.attachments):
            if not row.file_sha256 or self.files.exists(row.file_sha256):
                continue
            self.missing_count += 1
            if len(self._missing) < MISSING_SHOWN:
                legend = f" ('{safe_text(row.caption, 40)}')" if row.caption else ""
                label = figure_label({"figure_number": row.figure_number}, i)
                self._missing.append((case.case_id, f"{label}{legend}"))
                self._missing_ids.add(case.case_id)

    def given_id(self, old: str, new: str) -> None:
        """The import stores the case ``old`` (its id in the file) as ``new``: the figures
        named missing name it by ``new``. Only the ids named are kept (at most
        MISSING_SHOWN cases), not every case of an import as new."""
        if old in self._missing_ids:
            self._stored_as[old] = new

    @property
    def missing(self) -> list[str]:
        """'case X: Figure 2 ('Smear')' for the first MISSING_SHOWN figures without their
        image, X the id the case was stored under ('case HC-… (SYN-2023-4 in the file): …'
        for a case given a new id)."""
        out = []
        for case_id, figure in self._missing:
            new = self._stored_as.get(case_id)
            named = f"{new} ({case_id} in the file)" if new else case_id
            out.append(f"case {named}: {figure}")
        return out

    @contextmanager
    def kept_only_on_success(self, stored: Callable[[], bool] = lambda: False
                             ) -> Iterator[None]:
        """Remove the files this import added when the block raises before the import was
        stored (``stored()``: its last chunk committed, e.g. a Ctrl+C just after)."""
        try:
            yield
        except BaseException:
            if not stored():
                self.remove_added()
                raise
            self.files.release(self.added, self)
            raise
        self.files.release(self.added, self)
        if self.missing_count:
            log.warning("imported %d figure(s) without their image: %s", self.missing_count,
                        "; ".join(self.missing[:5]))


def file_type_problem(case: Case, item: EmbeddedFile) -> str | None:
    """What is wrong with the type of ``item``, a file ``case`` carries: it is no file
    Casebook accepts, or of another type than the media_type of a figure naming it says;
    None when neither (import and ``casebook validate`` both check it)."""
    found = sniff(item.data)
    if found is None:
        return f"the embedded file of {item.figure} is not a {ACCEPTED} file"
    declared = {a.media_type for a in case.attachments
                if a.file_sha256 == item.sha256 and a.media_type} - {found}
    if declared:
        return (f"the embedded file of {item.figure} is a {_KIND.get(found, found)} file "
                f"({found}) but its media_type says {', '.join(sorted(declared))}: the "
                "export file is damaged")
    return None


def cleaned_text(count: int) -> str:
    """'2 figure file(s) stored without their metadata' (re-encoded: a new SHA-256)."""
    return f"{count} figure file(s) stored without their metadata"


def cleaned_files_text(count: int) -> list[str]:
    """The report's line for the figure files an import stored cleaned, or []."""
    if not count:
        return []
    return [f"{cleaned_text(count)} (re-encoded or rewritten, so under a new SHA-256; the "
            "figures name the stored file)."]


def missing_images_text(missing: list[str], count: int) -> list[str]:
    """The warning for figures imported without their image (``missing``: the first ones
    named, of ``count``), or [] when there are none."""
    return warning_lines(
        f"Warning: {count} figure(s) were imported without their image (the imported file "
        "holds none for them, nor does this data folder): restore them from a backup of the "
        "workstation they came from, or attach them again:", missing, count)


REFERENCES_SHOWN = 20  # broken references named in the report (all are counted)


class BrokenReferences:
    """The references an import's cases make to records they do not hold (a response based
    on 'CSF assessment 1' where no CSF assessment has Id 1): imported all the same, as a
    draft holds any error, and named in the report (rule V33 lists them in the editor)."""

    def __init__(self) -> None:
        self.named: list[str] = []
        self.count = 0

    def check(self, case: Case) -> None:
        from core.clinical.references import broken_references
        from core.clinical.row_numbers import shown_path, shown_row_numbers

        rows = shown_row_numbers(case)  # as the editor's tables number them
        for path, message in broken_references(case):
            self.count += 1
            if len(self.named) < REFERENCES_SHOWN:
                self.named.append(f"case {case.case_id}: {shown_path(case, path, rows)}: "
                                  f"{message}")


def broken_references_text(named: list[str], count: int) -> list[str]:
    """The warning for references to records a case does not hold, or [] when none."""
    return warning_lines(
        f"Warning: {count} reference(s) name a record the case does not hold (rule V33; the "
        "case is imported, and Problems lists them):", named, count)
