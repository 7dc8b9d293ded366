"""The figure files carried inside a Casebook JSON export.

Each attachment of an exported case whose file the data folder holds carries the file's bytes in
base64 as ``file_content``, beside its ``file_sha256`` (one copy a case when two attachments
name the same file). Keeping them in the case they belong to keeps export and import streaming:
one case, with its files, at a time. On import ``take_files`` removes them from the case before
it is screened and validated, and checks each one (base64, SHA-256); the importer stores them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CONTENT_KEY = "file_content"
MAX_FILE_BYTES = 200 * 1024 * 1024  # as core.store.files.MAX_BYTES: larger is refused there
_SHA = re.compile(r"^[0-9a-f]{64}$")
ReadFile = Callable[[str], "bytes | None"]  # a stored file's bytes by hash; None: not there


@dataclass(frozen=True)
class EmbeddedFile:
    sha256: str
    data: bytes
    where: str  # the field path of its content, e.g. attachments[2].file_content
    figure: str  # "Figure 2", or "attachment 3" for one without a figure number


def embed_files(doc: dict[str, Any], read: ReadFile) -> dict[str, Any]:
    """``doc`` (a case's JSON form) with each attachment's file in ``file_content``; ``doc``
    itself is not changed (it may be a cached form). A file ``read`` does not give is left
    out: the import names the figure whose image is missing."""
    rows = doc.get("attachments")
    if not rows:
        return doc
    out: list[Any] = []
    done: set[str] = set()
    for row in rows:
        sha = row.get("file_sha256") if isinstance(row, dict) else None
        data = read(sha) if isinstance(sha, str) and sha not in done else None
        if data is None:
            out.append(row)
            continue
        done.add(str(sha))
        out.append({**row, CONTENT_KEY: base64.b64encode(data).decode("ascii")})
    return {**doc, "attachments": out}


def figure_label(row: Any, index: int) -> str:
    number = row.get("figure_number") if isinstance(row, dict) else None
    if isinstance(number, int) and not isinstance(number, bool):
        return f"Figure {number}"
    return f"attachment {index + 1}"


def take_files(obj: Any) -> tuple[list[EmbeddedFile], list[tuple[str, str]]]:
    """Remove the ``file_content`` keys from the attachments of the raw case ``obj`` (before
    it is screened: a file is far longer than any text); (the files whose bytes match their
    SHA-256, (field path, problem) for each that does not or is not base64)."""
    rows = obj.get("attachments") if isinstance(obj, dict) else None
    if not isinstance(rows, list):
        return [], []
    files: list[EmbeddedFile] = []
    problems: list[tuple[str, str]] = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or CONTENT_KEY not in row:
            continue
        where = f"attachments[{i}].{CONTENT_KEY}"
        figure = figure_label(row, i)
        value = row.pop(CONTENT_KEY)
        found = _decoded(value, row.get("file_sha256"), figure)
        if isinstance(found, str):
            problems.append((where, found))
        else:
            files.append(EmbeddedFile(str(row["file_sha256"]), found, where, figure))
    return files, problems


def _decoded(value: Any, sha: Any, figure: str) -> bytes | str:
    """The bytes of an embedded file, or what is wrong with it."""
    what = f"the embedded file of {figure}"
    if not isinstance(sha, str) or not _SHA.match(sha):
        return f"{what} has no file_sha256 (64 hex digits) to check it against"
    if not isinstance(value, str):
        return f"{what} must be a text (the file's bytes in base64)"
    if len(value) > (MAX_FILE_BYTES // 3 + 1) * 4:
        return f"{what} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return f"{what} is not valid base64: the export file is damaged"
    if hashlib.sha256(data).hexdigest() != sha:
        return (f"{what} does not match its SHA-256 (file_sha256): the export file is "
                "damaged")
    return data

