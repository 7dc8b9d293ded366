"""The figure files an imported JSON file carries, put into the data folder's file store.

Each file is stored as its case is read (one case's files in memory at a time), after
``core.io.embedded`` checked it against its SHA-256; a file the store already holds sound is
left alone. The import is all or nothing, files too: when it fails, the files it added are
removed again (a file left by a crash in between is harmless: no case names it, as a removed
figure's file). A figure whose image neither the import nor the data folder holds is listed for
the user, naming the case and the figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.errors import Problem
from core.io.embedded import EmbeddedFile, figure_label
from core.io.screening import safe_text
from core.logs import get_logger
from core.model import Case
from core.store.backup_files import file_sha
from core.store.files import ACCEPTED, FileStore, sniff

log = get_logger("services")
MISSING_SHOWN = 50  # figures without their image named in the report (all are counted)


class ImportedFiles:
    def __init__(self, store: FileStore, problems: list[Problem]):
        self.files = store
        self.problems = problems
        self.added: list[str] = []  # hashes this import put into the store
        self.missing: list[str] = []
        self.missing_count = 0

    def store(self, source: str, case: Case, files: list[EmbeddedFile]) -> None:
        """Put the files of ``case`` into the store (a problem is appended for one that is
        not a file Casebook accepts)."""
        for item in files:
            if sniff(item.data) is None:
                self.problems.append(Problem(
                    source, case.case_id, item.where, f"the embedded file of {item.figure} is "
                    f"not a {ACCEPTED} file"))
                continue
            if self.problems or self._sound(item.sha256):
                continue
            existed = self.files.exists(item.sha256)
            self.files.put_stored(item.data, item.sha256)  # (over a damaged copy)
            if not existed:
                self.added.append(item.sha256)

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

    def _sound(self, sha256: str) -> bool:
        path = self.files.path(sha256)
        try:
            return path.is_file() and file_sha(path) == sha256
        except OSError:
            return False


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
