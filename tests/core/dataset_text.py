"""The text of an exported dataset, whatever its form: a CSV folder's files, a zip's members or
one file (Excel, ODM, FHIR), to look for what must or must not be written."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any


def export_text(service: Any, tmp_path: Path, name: str, fmt: str, target: str,
                options: Any) -> str:
    """The text of ``service``'s dataset export (``fmt``, ``options``) into a new folder
    ``name`` of ``tmp_path``, as the file or folder ``target``."""
    path = tmp_path / name / target
    path.parent.mkdir()
    service.export(path, fmt, None, options, confirm_all=True)
    return exported_text(path)


def exported_text(path: Path) -> str:
    if path.is_dir():
        return "".join(p.read_text(encoding="utf-8") for p in sorted(path.rglob("*.csv")))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    return path.read_text(encoding="utf-8")


_RANDOM_HEX = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{8,}")


def without_random_ids(text: str) -> str:
    """``text`` without UUIDs (whole: a group of four digits such as 1961 in one was left
    before) and runs of 8+ hex digits (keyed hashes): their digits change with the data
    folder's key and hold '1961' now and then, which is not the birth year."""
    return _RANDOM_HEX.sub("", text)
