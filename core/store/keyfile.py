"""The audit key outside the data folder (issue 13): backups do not carry it, so the user keeps a
copy of it with ``casebook audit key export`` (File › Export audit key…) and gives it back when
a backup is restored where that key is not (``casebook restore FILE --key KEYFILE``).

A key file holds the key as hexadecimal text, like ``config/audit.key``. A key replaced by a
restore is kept as ``config/audit-<fingerprint>.key``, so the backup made just before that
restore (signed with it) can still be restored.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from core.errors import CasebookError
from core.io.outputs import atomic_open, check_output_path, sync_folder
from core.paths import DataPaths
from core.store.audit import inspect_key, read_key
from core.store.manifest import key_fingerprint


class KeyFileError(CasebookError):
    """A key file that cannot be read, is not a key, or a key that cannot be exported."""


def export_key(paths: DataPaths, target: Path, *, force: bool) -> Path:
    """Write the data folder's audit key to ``target`` (outside the data folder; ``force``:
    replace a file there) atomically, readable by its owner only. Returns the path written."""
    key = read_key(paths.audit_key)
    if key is None:
        raise KeyFileError(f"There is no usable audit key at {paths.audit_key}, so there is "
                           "nothing to export.")
    target = check_output_path(target, paths.root, force=force)
    with atomic_open(target, "w", force=force, encoding="ascii") as fh:
        if hasattr(os, "fchmod"):
            os.fchmod(fh.fileno(), 0o600)
        fh.write(key.hex() + "\n")
    return target


def read_key_file(path: Path) -> bytes:
    """The key in a file the user gave; KeyFileError naming the file when it is not one."""
    key, problem = inspect_key(Path(path))
    if key is not None:
        return key
    if problem == "missing":
        raise KeyFileError(f"The key file {path} does not exist.")
    if problem and problem.startswith("unreadable"):
        raise KeyFileError(f"The key file {path} cannot be read {problem[len('unreadable '):]}.")
    what = "it is empty" if problem == "empty" else "what it holds is not a key"
    raise KeyFileError(f"{path} is not a Casebook audit key ({what}; a key file holds the "
                       "hexadecimal text written by `casebook audit key export`).")


def known_key(paths: DataPaths, fingerprint: str | None) -> bytes | None:
    """This folder's key, or a key it had before a restore replaced it, whose fingerprint is
    ``fingerprint``; None when it has none."""
    if not fingerprint:
        return None
    for path in (paths.audit_key, retired_key_path(paths, fingerprint)):
        key = read_key(path)
        if key is not None and key_fingerprint(key) == fingerprint:
            return key
    return None


def retired_key_path(paths: DataPaths, fingerprint: str) -> Path:
    return paths.audit_key.with_name(f"audit-{fingerprint}.key")


def install_key(paths: DataPaths, key: bytes) -> None:
    """Make ``key`` the folder's audit key; a different key there is kept under its
    fingerprint (an unreadable key file is renamed aside), never lost."""
    current = paths.audit_key
    own = read_key(current)
    if own == key:
        return
    current.parent.mkdir(parents=True, exist_ok=True)
    if own is not None:
        retired = retired_key_path(paths, key_fingerprint(own))
        if read_key(retired) != own:
            write_key_file(retired, own)
    elif current.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        os.replace(current, current.with_name(f"{current.name}.replaced-{stamp}"))
    write_key_file(current, key)


def write_key_file(path: Path, key: bytes) -> None:
    """``path`` holding ``key`` (owner-only), replaced atomically through ``<name>.tmp``."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o600)
            fh.write(key.hex())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)
