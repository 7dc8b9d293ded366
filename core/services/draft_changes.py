"""What an autosaved draft changes, in words: the recovery offer names the fields ("Patient ›
Weight", "Labs › Laboratory results › row 2 › Specimen", "Labs › Laboratory results › row 8
added", each from its entry of the editor's section list) instead of only the case and a time,
so the clinician knows what "Recover" brings back.

Rows are numbered as the editor's tables show them (by their *when*, core.report.order), a
removed row as the stored case showed it. Only field names are given, never values: an
identifier field changed is named, its value is not shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from core.model import Case
from core.model.editor_sections import section_path as path_label
from core.model.fieldpath import parse_path
from core.model.labels import NF, RowNumber
from core.report.order import record_order

# not the clinician's changes: bookkeeping a save sets, and the id an edit never changes
_NOT_FIELDS = {"case_id", "version", "status", "locked_by", "locked_at", "schema_version"}
IN_STORED_ORDER = ("attachments",)  # the figures' cards, as stored (gui.editor.row_numbers)


def draft_changes(stored: Case | None, draft: Case,
                  typed: Mapping[str, str] | None = None) -> list[str]:
    """The fields ``draft`` holds otherwise than ``stored`` (None: a new case, against an empty
    one), each once, in the case's order; then the fields holding text typed and not stored
    (``typed``, path -> text): "Patient › Age at Day 0 (typed, not stored)"."""
    before = _content(stored if stored is not None else Case())
    found: list[tuple[str, str]] = []
    _walk(before, _content(draft), "", found)
    now, then = _row_numbers(draft), _row_numbers(stored)
    words: list[str] = []
    for path, what in found:
        if what == "removed":
            text = f"{path_label(path, then)} removed"
        else:
            text = path_label(_field_of(path), now) + (" added" if what == "added" else "")
        if text not in words:
            words.append(text)
    for path in typed or {}:
        text = f"{path_label(path, now)} (typed, not stored)"
        if text not in words:
            words.append(text)
    return words


def _content(case: Case) -> dict[str, Any]:
    return {k: v for k, v in case.model_dump(mode="json").items() if k not in _NOT_FIELDS}


def _walk(a: Any, b: Any, path: str, out: list[tuple[str, str]]) -> None:
    if a == b:
        return
    if isinstance(a, dict | None) and isinstance(b, dict | None):
        a, b = a or {}, b or {}
        for key in [*b, *(k for k in a if k not in b)]:
            _walk(a.get(key), b.get(key), f"{path}.{key}" if path else key, out)
        return
    if _rows(a) and _rows(b) and (a or b):
        _walk_rows(a, b, path, out)
        return
    out.append((path, "changed"))


def _rows(value: Any) -> bool:
    """A list of records (a table), not a list of values (one field)."""
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _walk_rows(a: list[Any], b: list[Any], path: str, out: list[tuple[str, str]]) -> None:
    """A row the draft holds unchanged is the same row, wherever it moved (a row removed
    above it); another is the stored row it is most alike (more than half its fields the
    same), compared field by field; what is left over was added (in the draft) or removed
    (from the stored case)."""
    unmatched = list(range(len(a)))
    new_rows = []
    for j, row in enumerate(b):
        same = next((i for i in unmatched if a[i] == row), None)
        if same is None:
            new_rows.append(j)
        else:
            unmatched.remove(same)
    for j in new_rows:
        scores = [(_alike(a[i], b[j]), i) for i in unmatched]
        score, i = max(scores, default=(0.0, -1))
        if score > 0.5:
            unmatched.remove(i)
            _walk(a[i], b[j], f"{path}[{j}]", out)
        else:
            out.append((f"{path}[{j}]", "added"))
    out.extend((f"{path}[{i}]", "removed") for i in unmatched)


def _alike(a: dict[str, Any], b: dict[str, Any]) -> float:
    keys = a.keys() | b.keys()
    return sum(a.get(k) == b.get(k) for k in keys) / len(keys) if keys else 1.0


def _field_of(path: str) -> str:
    """A missing-value reason ('Value (why missing)') is a change of its field ('Value')."""
    return path[:-len(NF)] if path.endswith(NF) else path


def _row_numbers(case: Case | None) -> RowNumber | None:
    """The number each table shows a row by: sorted by its when, entry order else."""
    if case is None:
        return None
    day0 = case.case_report.day0
    shown: dict[str, dict[int, int]] = {}

    def number(_model: type[BaseModel], list_path: str, row: int) -> int:
        if list_path not in shown:
            items = _items(case, list_path)
            order = range(len(items)) if list_path in IN_STORED_ORDER else record_order(
                items, day0)
            shown[list_path] = {stored: n + 1 for n, stored in enumerate(order)}
        return shown[list_path].get(row, row + 1)

    return number


def _items(case: Case, list_path: str) -> list[BaseModel]:
    value: Any = case
    for part in parse_path(list_path):
        try:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        except (AttributeError, IndexError, TypeError):
            return []
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, BaseModel)]
