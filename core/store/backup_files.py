"""The attached files (figures, documents) in a backup, and back into the data folder.

A backup holds each file of the data folder's file store as ``file-<sha256>`` beside its
database (plain names: a zip holds no folders, and the signed manifest lists plain names), so the
manifest's signature and checksums cover them like the database. A restore copies them back
into ``<data folder>/files`` (files already there and sound are left alone).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from core.logs import get_logger
from core.store.files import FileStore

log = get_logger("store")
FILE_PREFIX = "file-"
_NAME = re.compile(r"^file-([0-9a-f]{64})$")


def file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_store_files(store_root: Path, folder: Path) -> int:
    """Copy every sound file of the store at ``store_root`` into the backup ``folder``; a file
    whose bytes no longer hash to its name is left out (logged; ``casebook check`` names it)."""
    store = FileStore(store_root)
    copied = 0
    for sha in store.all_hashes():
        target = folder / f"{FILE_PREFIX}{sha}"
        shutil.copyfile(store.path(sha), target)
        if file_sha(target) != sha:
            target.unlink()
            log.warning("attached file %s is damaged (its bytes no longer match its name): "
                        "left out of the backup", sha)
            continue
        copied += 1
    return copied


def backup_file_names(folder: Path) -> list[str]:
    """The attached files' names in the backup ``folder``, sorted."""
    return sorted(p.name for p in folder.iterdir() if _NAME.match(p.name))


def restore_store_files(folder: Path, store_root: Path) -> int:
    """Copy the backup's files into the store (verified by their hash); the number copied."""
    store = FileStore(store_root)
    restored = 0
    for name in backup_file_names(folder):
        sha = name[len(FILE_PREFIX):]
        target = store.path(sha)
        if target.is_file() and file_sha(target) == sha:
            continue
        source = folder / name
        if file_sha(source) != sha:  # the signed manifest was checked: never expected
            log.warning("attached file %s in the backup is damaged: not restored", sha)
            continue
        store.put_stored(source.read_bytes(), sha)
        restored += 1
    return restored
