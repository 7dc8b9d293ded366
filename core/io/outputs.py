"""Files and folders Casebook writes for the user: checked first, then written atomically.

``check_output_path`` refuses a target inside the data folder (after resolving ``..`` and
symlinks), device files, FIFOs and sockets, a folder where a file is expected (and the other
way round), an existing file or non-empty folder unless ``force``, and a missing parent folder.
``atomic_open`` / ``atomic_write_bytes`` / ``atomic_write_text`` write a temporary file in the
target's folder, flush, fsync, rename it over the target and fsync the folder;
``atomic_folder`` builds a temporary folder beside the target and renames it at the end. The
temporary file or folder is removed on every failure, a full disk included, and the old target
is left as it was. Every problem is an ``OutputError`` whose message names the path.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal

from core.errors import CasebookError
from core.logs import get_logger

log = get_logger("outputs")
Kind = Literal["file", "folder"]
TEMP_SUFFIX = ".casebook-part"  # a file or folder being written
OLD_SUFFIX = ".casebook-old"  # a replaced folder, deleted once the new one is in place
PathLike = str | os.PathLike[str]


class OutputError(CasebookError):
    """An output path that is refused, or a write that failed. The message names the path."""

    def __init__(self, path: PathLike, message: str, reason: str | None = None):
        self.path = Path(path)
        self.reason = reason  # a failed write: why (e.g. "the disk is full")
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:  # raised in report worker processes
        return (type(self), (self.path, str(self), self.reason))


# -- checking -------------------------------------------------------------------------------
def check_output_path(path: PathLike, data_dir: PathLike, *, force: bool, kind: Kind = "file",
                      allow_inside: PathLike | None = None) -> Path:
    """The absolute path to write ``path`` to (its folder resolved), or OutputError.

    ``allow_inside``: a folder of the data folder where new outputs are allowed (backups/).
    """
    given = Path(path).expanduser()
    if given.name in ("", ".", ".."):
        given = given.resolve()
    parent = given.parent
    if not parent.exists():
        raise OutputError(path, f"The folder {parent} does not exist, so {path} cannot be "
                          "written. Create the folder first.")
    if not parent.is_dir():
        raise OutputError(path, f"{parent} is not a folder, so {path} cannot be written.")
    target = parent.resolve() / given.name
    real = Path(os.path.realpath(target))
    _refuse_data_folder(path, target, real, Path(data_dir), allow_inside, kind)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if os.path.lexists(target) and not force:  # a symlink to nowhere: it would be replaced
            raise OutputError(path, _exists(path)) from None
        return target
    except OSError as exc:
        raise OutputError(path, f"{path} cannot be examined ({exc.strerror or exc}).") from exc
    _refuse_existing(path, target, st, force=force, kind=kind)
    return target


def _refuse_data_folder(path: PathLike, target: Path, real: Path, data_dir: Path,
                        allow_inside: PathLike | None, kind: Kind) -> None:
    root = Path(os.path.realpath(data_dir))
    allowed = Path(os.path.realpath(allow_inside)) if allow_inside else None
    for candidate in (target, real):
        if _within(candidate, root) and not (allowed and _within(candidate, allowed)
                                             and not _within(allowed, candidate)):
            shown = f"{path}" if candidate == Path(path) else f"{path} (that is {candidate})"
            # the data folder itself is not "inside" it (report -o <data folder> read so)
            where = "the data folder" if _within(root, candidate) else "inside the data folder"
            raise OutputError(path, f"Refused to write {shown}: it is {where} {root}, where "
                              "Casebook keeps its own files. Choose a place outside the data "
                              "folder.")
    if kind == "folder" and (_within(root, target) or _within(root, real)):
        raise OutputError(path, f"Refused to write the folder {path}: the data folder {root} "
                          "is inside it.")


def _within(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or lies inside it, by name or by identity (bind mounts, another
    spelling of the same folder on a case-insensitive disk)."""
    if path == folder or folder in path.parents:
        return True
    try:
        folder_stat = os.stat(folder)
    except OSError:
        return False
    for candidate in (path, *path.parents):
        try:
            if os.path.samestat(os.stat(candidate), folder_stat):
                return True
        except OSError:
            continue
    return False


def _refuse_existing(path: PathLike, target: Path, st: os.stat_result, *, force: bool,
                     kind: Kind) -> None:
    special = _special_kind(st.st_mode)
    if special:
        raise OutputError(path, f"Refused to write {path}: it is {special}, not a "
                          f"{'folder' if kind == 'folder' else 'file'}.")
    if kind == "file":
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(path, f"{path} is a folder: give the name of a file to write.")
        if not force:
            raise OutputError(path, _exists(path))
        return
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(path, f"{path} is a file, not a folder: give the name of a folder.")
    if _has_entries(target) and not force:
        raise OutputError(path, f"The folder {path} already exists and is not empty; add "
                          "--force to replace it (what it holds now is deleted).")
    if force and _has_entries(target) and _precious(target):
        raise OutputError(path, f"Refused to replace {path}: it is your home folder or the top "
                          "of a disk. Give a new folder.")


def _special_kind(mode: int) -> str | None:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "a special file"
    return None


def _exists(path: PathLike) -> str:
    return f"{path} already exists; add --force to replace it."


def _has_entries(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return any(True for _ in entries)


def _precious(folder: Path) -> bool:
    real = Path(os.path.realpath(folder))
    return real == real.parent or real == Path(os.path.realpath(Path.home()))


# -- writing files --------------------------------------------------------------------------
@contextmanager
def atomic_open(path: PathLike, mode: str = "wb", *, force: bool, durable: bool = True,
                encoding: str | None = None, newline: str | None = None) -> Iterator[IO[Any]]:
    """A file object on a temporary file beside ``path``; on a clean exit it is flushed,
    fsynced and renamed over ``path`` (``force``: replacing a file there). ``durable=False``
    skips the fsyncs (for files inside an ``atomic_folder``, which syncs them all at the end).
    """
    path = Path(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise write_error(path, exc) from exc
    temporary = Path(name)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            _set_mode(fh.fileno(), path)
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        _place_file(temporary, path, force)
    except OSError as exc:
        _remove(temporary)
        raise write_error(path, exc) from exc
    except BaseException:
        _remove(temporary)
        raise
    if durable:
        sync_folder(path.parent)


def atomic_write_bytes(path: PathLike, data: bytes, *, force: bool, durable: bool = True) -> None:
    with atomic_open(path, "wb", force=force, durable=durable) as fh:
        fh.write(data)


def atomic_write_text(path: PathLike, text: str, *, force: bool, encoding: str = "utf-8",
                      newline: str | None = None) -> None:
    with atomic_open(path, "w", force=force, encoding=encoding, newline=newline) as fh:
        fh.write(text)


def _set_mode(fd: int, path: Path) -> None:
    """What ``open()`` would give the file (the umask's), or the mode of the file replaced,
    instead of mkstemp's owner-only 0600."""
    if not hasattr(os, "fchmod"):
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    os.fchmod(fd, mode)


def _umask() -> int:
    """The process's umask, read without changing it (os.umask would, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _place_file(temporary: Path, path: Path, force: bool) -> None:
    """Rename ``temporary`` to ``path``; without ``force`` only if nothing is there (a hard link
    refuses an existing name atomically; file systems without links fall back to a check)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISLNK(st.st_mode):
        raise OutputError(path, f"Refused to write {path}: it is "
                          f"{_special_kind(st.st_mode) or 'a folder'} now.")
    if force:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputError(path, _exists(path)) from None
    except OSError:
        if os.path.lexists(path):
            raise OutputError(path, _exists(path)) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _remove(temporary: Path) -> None:
    try:
        temporary.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove the temporary file %s: %s", temporary, exc)


def sync_folder(folder: PathLike) -> None:
    """fsync a folder so a rename in it survives a power cut (POSIX; best effort)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.debug("fsync of the folder %s: %s", folder, exc)
    finally:
        os.close(fd)


# -- writing folders ------------------------------------------------------------------------
@contextmanager
def atomic_folder(target: PathLike, *, force: bool) -> Iterator[Path]:
    """A temporary folder beside ``target`` to fill; on a clean exit its files are fsynced
    and it is renamed to ``target``. An existing empty folder is replaced; a non-empty one
    only with ``force`` (it is moved aside, then deleted once the new one is in place)."""
    target = Path(target)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                     dir=target.parent))
    except OSError as exc:
        raise write_error(target, exc) from exc
    try:
        os.chmod(work, 0o777 & ~_umask())
        yield work
        _sync_tree(work)
        _swap_in(work, target, force)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise write_error(target, exc) from exc
    except OutputError as exc:  # a file inside failed: name the folder the user gave
        shutil.rmtree(work, ignore_errors=True)
        if exc.reason is None or not _within(exc.path, work):
            raise
        raise OutputError(target, _write_message(target, exc.reason), exc.reason) from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    sync_folder(target.parent)


def _sync_tree(folder: Path) -> None:
    flags = os.O_RDONLY if os.name == "posix" else os.O_RDWR  # Windows flushes writable handles
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), flags)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        sync_folder(root)


def _swap_in(work: Path, target: Path, force: bool) -> None:
    if not os.path.lexists(target):
        os.rename(work, target)
        return
    if not target.is_dir():
        raise OutputError(target, f"{target} is a file, not a folder: give the name of a folder.")
    if _has_entries(target) and not force:
        raise OutputError(target, f"The folder {target} already exists and is not empty; add "
                          "--force to replace it (what it holds now is deleted).")
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}{OLD_SUFFIX}")
    os.rename(target, old)
    try:
        os.rename(work, target)
    except OSError:
        os.rename(old, target)
        raise
    if old.is_symlink():
        old.unlink()
    else:
        shutil.rmtree(old, ignore_errors=True)


# -- messages -------------------------------------------------------------------------------
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this disk or this account allows",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "its folder has disappeared",
}


def write_error(path: PathLike, exc: OSError) -> OutputError:
    """A failed write as a plain message naming the path; the details go to the log."""
    log.warning("writing %s failed: %r", path, exc)
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    return OutputError(path, _write_message(path, reason), reason)


def _write_message(path: PathLike, reason: str) -> str:
    return (f"{path} could not be written: {reason}. Nothing was written there (anything that "
            "was there before is unchanged).")
