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

from collections.abc import Iterator
from contextlib import contextmanager

from core.errors import CasebookError, Problem
from core.io.embedded import EmbeddedFile, figure_label
from core.io.screening import safe_text
from core.logs import get_logger
from core.model import Case
from core.store.files import ACCEPTED, FileStore, StoredFile, sniff

log = get_logger("services")
_KIND = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF",
         "application/pdf": "PDF"}
MISSING_SHOWN = 50  # figures without their image named in the report (all are counted)


class ImportedFiles:
    def __init__(self, store: FileStore, problems: list[Problem]):
        self.files = store
        self.problems = problems
        self.added: list[str] = []  # hashes this import put into the store
        self.missing: list[str] = []
        self.missing_count = 0
        self.cleaned: dict[str, StoredFile] = {}  # hash in the file -> the file stored cleaned

    def store(self, source: str, case: Case, files: list[EmbeddedFile]) -> None:
        """Put the files of ``case`` into the store (a problem is appended for one that is
        not a file Casebook accepts). Each is stripped of its metadata as an attached file
        is: bytes that come out the same (Casebook's own exports) are kept as they are; a
        file that held metadata is stored cleaned, under its new hash, and the case's
        attachments (this case's and those of later cases naming the same file) are
        rewritten to name it (hash, size, pixels)."""
        for item in files:
            found = sniff(item.data)
            if found is None:
                self.problems.append(Problem(
                    source, case.case_id, item.where, f"the embedded file of {item.figure} is "
                    f"not a {ACCEPTED} file"))
                continue
            declared = {a.media_type for a in case.attachments
                        if a.file_sha256 == item.sha256 and a.media_type} - {found}
            if declared:
                self.problems.append(Problem(
                    source, case.case_id, item.where, f"the embedded file of {item.figure} is "
                    f"a {_KIND.get(found, found)} file ({found}) but its media_type says "
                    f"{', '.join(sorted(declared))}: the export file is damaged"))
                continue
            if self.problems:
                continue
            try:
                stored, created = self.files.put_clean(
                    item.data, f"The embedded file of {item.figure} of case {case.case_id}")
            except CasebookError as exc:  # unreadable, too large in pixels...
                self.problems.append(Problem(source, case.case_id, item.where, str(exc)))
                continue
            if created:
                self.added.append(stored.sha256)
            if stored.sha256 != item.sha256:
                log.info("import: the file of %s of case %s carried metadata: stored "
                         "without it as %s", item.figure, case.case_id, stored.sha256[:12])
                self.cleaned[item.sha256] = stored
        self._name_cleaned(case)

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

    def check_missing(self, case: Case, new_id: bool = False) -> None:
        """Note each attachment of ``case`` whose file the store does not hold (``new_id``:
        the case is given a new id, so it is named as in the file)."""
        for i, row in enumerate(case.attachments):
            if not row.file_sha256 or self.files.exists(row.file_sha256):
                continue
            self.missing_count += 1
            if len(self.missing) < MISSING_SHOWN:
                legend = f" ('{safe_text(row.caption, 40)}')" if row.caption else ""
                given = " (imported with a new id)" if new_id else ""
                self.missing.append(f"case {case.case_id}{given}: "
                                    f"{figure_label({'figure_number': row.figure_number}, i)}"
                                    f"{legend}")

    @contextmanager
    def kept_only_on_success(self) -> Iterator[None]:
        """Remove the files this import added when the block raises."""
        try:
            yield
        except BaseException:
            self.remove_added()
            raise
        if self.missing_count:
            log.warning("imported %d figure(s) without their image: %s", self.missing_count,
                        "; ".join(self.missing[:5]))

    def remove_added(self) -> None:
        for sha in self.added:
            try:
                self.files.path(sha).unlink(missing_ok=True)
            except OSError as exc:  # harmless: no case names it
                log.warning("a file of the failed import could not be removed (%s)", exc)
        self.added = []


def missing_images_text(missing: list[str], count: int) -> list[str]:
    """The warning for figures imported without their image (``missing``: the first ones
    named, of ``count``), or [] when there are none."""
    if not count:
        return []
    more = count - len(missing)
    return [f"Warning: {count} figure(s) were imported without their image (the imported "
            "file holds none for them, nor does this data folder): restore them from a "
            "backup of the workstation they came from, or attach them again:",
            *(f"  {line}" for line in missing),
            *([f"  ... and {more} more"] if more > 0 else [])]
