"""Figures' files for the editor: storing them (off the UI thread) and their thumbnails.

Files go into the data folder's file store (``core.store.files.FileStore``: it checks the type,
strips the metadata and keeps the file under its SHA-256); the editor then adds or changes the
case's ``attachments`` row, so the normal save and its audit apply. A file the store refuses
(DICOM, an unknown type, unreadable) comes back as a message naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from core.errors import CasebookError
from core.logs import get_logger
from gui.background import BackgroundRunner, Task
from gui.progress import wait_visibly

if TYPE_CHECKING:
    from core.services.added_files import EditedFiles
    from core.services.figures import FileStore, StoredFile

FILE_FILTER = "Figures (*.png *.jpg *.jpeg *.tif *.tiff *.pdf);;All files (*)"
THUMB = QSize(180, 180)
NO_STORE = "Figures cannot be stored: no data folder is open."
STORING = "Storing the figure file you added…"
log = get_logger("gui.figures")


@dataclass(frozen=True)
class Outcome:
    """One file's result: stored (``stored``) or refused (``message`` names the file)."""

    name: str
    stored: StoredFile | None = None
    message: str = ""


Source = tuple[str, Path | bytes]  # a file's name and its path, or its bytes (a paste)


def store_all(files: FileStore | EditedFiles, sources: list[Source]) -> list[Outcome]:
    """Put every source into the store (through the editing session's ``EditedFiles``, which
    notes what it stored); a refusal is that file's message, not an error."""
    out = []
    for name, source in sources:
        try:
            stored = files.put_path(source) if isinstance(source, Path) \
                else files.put_bytes(source, name)
        except CasebookError as exc:
            out.append(Outcome(name, message=str(exc)))
        else:
            out.append(Outcome(name, stored))
    return out


def new_row(stored: StoredFile, name: str, number: int) -> dict[str, Any]:
    """A new figure's row: its file, the next figure number, not yet attested (its kind as the
    command line's ``figure add`` guesses it)."""
    from core.services.figures import file_fields

    kind = "document" if stored.media_type == "application/pdf" else "other"
    return {**file_fields(stored, name), "figure_number": number, "kind": kind,
            "deidentified": True, "no_full_face_attested": None}


def png_bytes(image: QImage) -> bytes:
    """A pasted image as PNG (the store strips and keeps it like any other file)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; Qt a str
    buffer.close()
    return bytes(data.data())


def size_text(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def thumbnail(files: FileStore, sha: str, media_type: str | None) -> QImage:
    """The file scaled to fit ``THUMB``: a PDF's first page, an image decoded at that size."""
    path = files.path(sha)
    if media_type == "application/pdf":
        from gui.pdf_pages import PdfPages

        pages = PdfPages(files.read(sha))
        try:
            return pages.render(0, THUMB)
        finally:
            pages.close()
    if not path.is_file():
        files.read(sha)  # raises the store's "missing, restore a backup" message
    reader = QImageReader(str(path))
    size = reader.size()
    if size.isValid() and (size.width() > THUMB.width() or size.height() > THUMB.height()):
        reader.setScaledSize(size.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise CasebookError(f"No preview: {reader.errorString()}")
    return image


class Thumbnails(QObject):
    """Thumbnails by file hash, made on a worker thread once and kept."""

    ready = Signal(str)  # the hash whose thumbnail (or failure) is now known

    def __init__(self, runner: BackgroundRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.images: dict[str, QImage] = {}
        self.failures: dict[str, str] = {}
        self._pending: set[str] = set()

    def get(self, files: FileStore | None, sha: str, media_type: str | None) -> QImage | None:
        """The thumbnail if made; else None, and it is being made (``ready`` follows)."""
        if sha in self.images or sha in self.failures or files is None:
            return self.images.get(sha)
        if sha not in self._pending:
            self._pending.add(sha)
            self.runner.start(lambda _progress: thumbnail(files, sha, media_type),
                              on_done=lambda image: self._done(sha, image, ""),
                              on_failed=lambda message: self._done(sha, None, message))
        return None

    def _done(self, sha: str, image: QImage | None, message: str) -> None:
        if not isValid(self):  # the editor went while the thumbnail was made
            return
        self._pending.discard(sha)
        if image is not None:
            self.images[sha] = image
        else:
            self.failures[sha] = message
        self.ready.emit(sha)

    def busy(self) -> bool:
        return bool(self._pending)


class _Job:
    """One ``Storer.store`` call: its task (outcome, ``ended``), handed over once."""

    def __init__(self, on_done: Callable[[list[Outcome]], None],
                 on_failed: Callable[[str], None]) -> None:
        self.on_done, self.on_failed = on_done, on_failed
        self.task: Task | None = None
        self.handed = False

    @property
    def outcomes(self) -> list[Outcome] | None:
        task = self.task
        return task.result if task is not None and task.error is None else None

    @property
    def error(self) -> str:
        return self.task.message if self.task is not None else ""


class Storer(QObject):
    """Stores files on a worker thread and hands the outcomes to ``on_done`` on the UI thread.

    ``finish`` waits for the files still being stored and hands their outcomes over at once:
    before the case is left or the app quits, a figure being added is in the case (its
    completion slot would run only after the window closed, where the runner drops it)."""

    def __init__(self, runner: BackgroundRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._jobs: list[_Job] = []

    @property
    def running(self) -> int:
        return len(self._jobs)

    def store(self, files: FileStore | EditedFiles, sources: list[Source],
              on_done: Callable[[list[Outcome]], None],
              on_failed: Callable[[str], None]) -> None:
        job = _Job(on_done, on_failed)
        self._jobs.append(job)
        job.task = self.runner.start(lambda _progress: store_all(files, sources),
                                     on_done=lambda _outcomes: self._hand_over(job),
                                     on_failed=lambda _message: self._hand_over(job))

    def finish(self) -> None:
        """Wait for every file still being stored; hand each outcome over now (UI thread)."""
        for job in list(self._jobs):
            assert job.task is not None  # set as the job is made
            wait_visibly(job.task.ended, STORING, self._window())
            self._hand_over(job)
            refused = [o.message for o in job.outcomes or [] if o.stored is None]
            for message in refused + ([job.error] if job.error else []):
                log.warning("a figure's file was not stored as its case was left: %s", message)

    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent.window() if isinstance(parent, QWidget) else None

    def _hand_over(self, job: _Job) -> None:
        if job.handed or not isValid(self):  # handed by finish; or the editor went meanwhile
            return
        job.handed = True
        self._jobs.remove(job)
        if job.outcomes is not None:
            job.on_done(job.outcomes)
        else:
            job.on_failed(job.error)
