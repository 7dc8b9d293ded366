"""Placeholder values (synthetic, not patient data): which records and fields hold them, and
the mark and note the PDF, the kit's manuscript and the editor's timeline print for them.
Plain (no reportlab): the editor's feedback reads it too."""

from __future__ import annotations

from typing import Any, cast

from pydantic import BaseModel

from core.model import Case, Record
from core.model.fieldpath import parse_path

PLACEHOLDER_MARK = "†"
PLACEHOLDER_NOTE = f"{PLACEHOLDER_MARK} placeholder values (synthetic, not patient data)."


def is_placeholder(record: BaseModel, name: str | None = None) -> bool:
    """True when the record (or, with ``name``, that field of it) holds placeholder values:
    the record's provenance is placeholder, or it lists placeholder fields (the field)."""
    if not isinstance(record, Record):
        return False
    if record.src == "placeholder":
        return True
    fields = record.placeholder_fields or []
    return name in fields if name is not None else bool(fields)


def from_placeholder(case: Case, path: str) -> bool:
    """Whether the record at ``path`` (``csf_assessments[2]``, ``hsct``) holds placeholder
    values, or, for a path to a value (``outcome.death_day``), that field of its record."""
    record, node = None, cast(Any, case)
    for part in parse_path(path):
        try:
            node = node[part] if isinstance(part, int) else getattr(node, part)
        except (IndexError, AttributeError, TypeError):
            return False
        if isinstance(node, Record):
            record = node
        elif not isinstance(node, list):  # a value: that field of its record
            return record is not None and is_placeholder(record, str(part))
    return record is not None and is_placeholder(record)
