"""One field-path syntax everywhere a field is named: ``csf_assessments[2].wbc_per_uL``.

Used by validation findings, the problems panel, the audit trail and import errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
PathPart = str | int


def format_path(parts: Iterable[PathPart]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_path(path: str) -> list[PathPart]:
    parts: list[PathPart] = []
    for m in _TOKEN.finditer(path):
        parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    return parts


def value_at(doc: Any, parts: Sequence[PathPart], missing: Any = None) -> Any:
    """What a JSON form (dicts and lists) holds at ``parts``; ``missing`` when nothing does."""
    for part in parts:
        try:
            doc = doc[part]
        except (KeyError, IndexError, TypeError):
            return missing
    return doc


def flatten(doc: Any, prefix: tuple[PathPart, ...] = ()) -> dict[str, Any]:
    """Leaves of a JSON-like document keyed by field path (empty containers are leaves)."""
    out: dict[str, Any] = {}
    _flatten_into(doc, format_path(prefix), out)
    return out


def _flatten_into(doc: Any, path: str, out: dict[str, Any]) -> None:
    """``flatten`` with each path built once as text (``format_path`` of the parts so far)."""
    if isinstance(doc, dict) and doc:
        for key, value in doc.items():
            _flatten_into(value, f"{path}[{key}]" if isinstance(key, int)
                          else f"{path}.{key}" if path else str(key), out)
    elif isinstance(doc, list) and doc:
        for i, value in enumerate(doc):
            _flatten_into(value, f"{path}[{i}]", out)
    else:
        out[path] = doc


def error_path(loc: Sequence[PathPart]) -> str:
    """A pydantic error location as a field path (drops validator-internal parts)."""
    parts = [p for p in loc if isinstance(p, int) or not str(p).startswith(("function-", "lax-"))]
    return format_path(parts)


def identifier_fields(model: type[BaseModel]) -> set[str]:
    out = set()
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("identifier"):
            out.add(name)
    return out


def is_identifier_path(path: str) -> bool:
    """True for fields flagged as identifiers (patient name, record number, birth date, an
    attachment's original file name)."""
    if path.startswith("attachments["):
        from core.model.report import Attachment

        parts = parse_path(path)
        return len(parts) >= 3 and parts[2] in _patient_identifiers(Attachment)
    if not path.startswith("patient"):  # most paths: no parsing
        return False
    from core.model.report import Patient

    parts = parse_path(path)
    return len(parts) >= 2 and parts[0] == "patient" and parts[1] in _patient_identifiers(Patient)


_CACHE: dict[type, set[str]] = {}


def _patient_identifiers(model: type[BaseModel]) -> set[str]:
    if model not in _CACHE:
        _CACHE[model] = identifier_fields(model)
    return _CACHE[model]
