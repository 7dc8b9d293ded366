"""Attached files (figures, documents) kept in the data folder by content hash.

Each file is checked by its magic bytes (PNG, JPEG, TIFF, PDF; DICOM and anything else is
refused), stripped of its metadata on the way in (images are re-encoded from their pixels, so
EXIF, XMP, ICC profiles, text chunks and comments stay behind; a PDF loses its Info dictionary
and XMP streams), and stored under the SHA-256 of the stripped bytes as
``<root>/<sha[:2]>/<sha>``, written atomically. Putting the same file twice stores it once.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from core.errors import CasebookError

MAX_BYTES = 200 * 1024 * 1024  # a figure larger than this is surely a mistake
ACCEPTED = "PNG, JPEG, TIFF or PDF"
_SHA = re.compile(r"^[0-9a-f]{64}$")
# The files an import created, each by the import (its ``owner``), until it ends: a put of one
# by anyone else (an attach of the same picture, written or found there sound) takes it off,
# so a failed import removes only the files no one else has used (``remove_added``). One lock
# guards this, writing and removing a file.
_PUTS = threading.Lock()
_watched: dict[str, object] = {}  # file path -> the owner that created it


class FileProblem(CasebookError):
    """A file cannot be attached (wrong type, unreadable, too large) or is not in the store."""


class StoredFileProblem(FileProblem):
    """A stored file cannot be used: ``problem`` is "missing", "damaged" or "unreadable"
    (``why`` says how, for "unreadable"); a caller that knows which figure names it."""

    def __init__(self, message: str, sha256: str, problem: str, why: str = ""):
        super().__init__(message)
        self.sha256, self.problem, self.why = sha256, problem, why


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    media_type: str
    byte_size: int
    width_px: int | None
    height_px: int | None
    metadata_stripped: bool


def sniff(data: bytes) -> str | None:
    """The media type of ``data`` by its magic bytes, or None if it is none we accept."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _refusal(data: bytes, name: str) -> FileProblem:
    if len(data) >= 132 and data[128:132] == b"DICM":
        why = ("is a DICOM file, which is not accepted (its header carries patient "
               "identifiers): export the image as PNG, JPEG or TIFF and attach that")
    elif not data:
        why = "is empty"
    elif data.startswith((b"GIF8", b"BM", b"RIFF")) or data[4:12] in (b"ftypheic", b"ftypmif1"):
        why = f"is an image type that is not accepted: convert it to {ACCEPTED}"
    else:
        why = f"is not a {ACCEPTED} file (its first bytes say otherwise)"
    return FileProblem(f"{name} {why}.")


def source_stat(path: Path) -> os.stat_result:
    """The stat of a file to attach; FileProblem naming the path when it is missing, a folder,
    not a regular file (a pipe or device, which would block or never end) or unreadable."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileProblem(f"No such file: {path}") from None
    except OSError as exc:
        raise FileProblem(f"{path} could not be read: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise FileProblem(f"{path} is a folder, not a file: give the path of the file to "
                          "attach.")
    if not stat.S_ISREG(st.st_mode):
        raise FileProblem(f"{path} is not a regular file (a pipe, socket or device): give "
                          "the path of the file to attach.")
    if not os.access(path, os.R_OK):
        raise FileProblem(f"{path} could not be read: permission denied.")
    return st


class FileStore:
    """The files folder of one data folder (``<data folder>/files``)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    # --- reading -----------------------------------------------------------------------
    def path(self, sha256: str) -> Path:
        if not _SHA.match(sha256 or ""):
            raise FileProblem(f"{sha256!r} is not a file hash (64 hex digits).")
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        try:
            return self.path(sha256).is_file()
        except FileProblem:
            return False

    def read(self, sha256: str) -> bytes:
        """The stored bytes, checked against their hash: a damaged file is never used."""
        try:
            data = self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise StoredFileProblem(f"The attached file {sha256[:12]}… is missing from "
                                    f"{self.root}; restore a backup.", sha256,
                                    "missing") from None
        except OSError as exc:
            why = f"{exc.strerror or exc}"
            raise StoredFileProblem(f"The attached file {sha256[:12]}… could not be read: "
                                    f"{why}.", sha256, "unreadable", why) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoredFileProblem(f"The attached file {sha256[:12]}… is damaged (its bytes "
                                    "no longer match its SHA-256); restore a backup or attach "
                                    "the file again.", sha256, "damaged")
        return data

    def all_hashes(self) -> list[str]:
        """Every stored file's name (hash), sorted."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.glob("??/*") if _SHA.match(p.name))

    # --- writing -----------------------------------------------------------------------
    def put_path(self, path: Path, owner: object | None = None) -> StoredFile:
        """Store the file at ``path`` (see ``put_clean``; ``owner``: see ``remove_added``)."""
        path = Path(path)
        try:
            size = source_stat(path).st_size
            if size > MAX_BYTES:
                raise FileProblem(f"{path.name} is {size // (1024 * 1024)} MB; files over "
                                  f"{MAX_BYTES // (1024 * 1024)} MB are not accepted.")
            data = path.read_bytes()
        except FileProblem:
            raise
        except OSError as exc:
            raise FileProblem(f"{path} could not be read: {exc.strerror or exc}.") from None
        return self.put_clean(data, path.name, owner)[0]

    def put_bytes(self, data: bytes, name: str) -> StoredFile:
        return self.put_clean(data, name)[0]

    def put_clean(self, data: bytes, name: str,
                  owner: object | None = None) -> tuple[StoredFile, bool]:
        """Store ``data`` stripped of its metadata; (the stored file, whether this put
        created it: the store held no copy). ``owner``: see ``remove_added``."""
        if len(data) > MAX_BYTES:
            raise FileProblem(f"{name} is {len(data) // (1024 * 1024)} MB; files over "
                              f"{MAX_BYTES // (1024 * 1024)} MB are not accepted.")
        media_type = sniff(data)
        if media_type is None:
            raise _refusal(data, name)
        from core.store.stripping import quiet_libraries, strip_image, strip_pdf

        with quiet_libraries():  # pypdf's "EOF marker not found" goes to the log, not the screen
            if media_type == "application/pdf":
                clean, width, height = strip_pdf(data, name), None, None
            else:
                clean, width, height = strip_image(data, name, media_type)
        sha = hashlib.sha256(clean).hexdigest()
        created = self._put(clean, sha, always=False, owner=owner)
        return StoredFile(sha, media_type, len(clean), width, height, True), created

    def put_stored(self, data: bytes, sha256: str) -> bool:
        """Put back bytes this store held before (a restore): written as they are, over a
        damaged copy; FileProblem when they do not hash to ``sha256``. True: the store held
        no copy."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise FileProblem(f"The file {sha256[:12]}… does not match its hash.")
        return self._put(data, sha256, always=True)

    def _put(self, data: bytes, sha: str, *, always: bool, owner: object | None = None) -> bool:
        """Write the file (``always``, or when the store holds no sound copy: a damaged one is
        put right); True when the store held no copy."""
        target = self.path(sha)
        key = str(target)
        with _PUTS:
            created = not target.exists()
            if always or not _sound(target, sha):
                _write_atomic(target, data)
            if created and owner is not None:
                _watched[key] = owner
            elif _watched.get(key) is not owner:
                _watched.pop(key, None)  # used by another: no longer only its creator's
            return created

    def remove_added(self, sha256: str, owner: object) -> bool:
        """Remove a file ``owner`` created (``put_clean``), unless someone else put it since
        (an attach of the same picture uses it); True when it is gone. OSError when it
        cannot be removed."""
        target = self.path(sha256)
        with _PUTS:
            if _watched.get(str(target)) is not owner:
                return False
            target.unlink(missing_ok=True)
            del _watched[str(target)]
            return True

    def release(self, hashes: list[str], owner: object) -> None:
        """``owner`` is done with the files it created: they are no longer watched."""
        with _PUTS:
            for sha in hashes:
                key = str(self.path(sha))
                if _watched.get(key) is owner:
                    del _watched[key]


def _sound(path: Path, sha256: str) -> bool:
    """Whether ``path`` is a file whose bytes hash to ``sha256``."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest() == sha256
    except OSError:
        return False


def _write_atomic(target: Path, data: bytes) -> None:
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # a name of its own: two threads storing the same picture at once (pasted twice)
        # never write into one temporary file, nor rename it from under each other
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise FileProblem(f"The file could not be stored in {target.parent}: "
                          f"{exc.strerror or exc}.") from None
    try:
        fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
