"""The edited case as a JSON-like document, addressed by field path, with change signals.

Widgets and item models never hold case data of their own: they read the document through
``CaseDocument.get`` and change it only through undo commands (commands.py), which call the
primitive operations below. Every primitive emits a signal so views update themselves.
"""

from __future__ import annotations

import copy
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QObject, Signal

from core.model import Case
from core.model.base import null_over_default
from core.model.fieldpath import PathPart, format_path, parse_path

MISSING_SUFFIX = "_nf"


class CaseDocument(QObject):
    """The case being edited, as ``Case.model_dump(mode="json")`` (every key present once a
    case is loaded; before that an empty document, which reads as an empty case)."""

    value_changed = Signal(str)  # field path of the changed value (or record, for missing reasons)
    rows_inserted = Signal(str, int, int)  # list path, first index, count
    rows_removed = Signal(str, int, int)
    rows_restored = Signal(str, int, int)  # after rows_inserted, when an Undo put them back
    reset = Signal()
    changed = Signal()  # after any change

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc: dict[str, Any] = {}  # no model work at start-up: the shell loads a case

    # -- whole document --------------------------------------------------------------------
    def load(self, case: Case) -> None:
        self.replace(case.model_dump(mode="json"))

    def replace(self, doc: dict[str, Any]) -> None:
        """The whole document at once (a case loaded, a recovered draft or its Undo)."""
        self.doc = doc
        self.reset.emit()
        self.changed.emit()

    def to_case(self) -> Case:
        return Case.model_validate(pruned(self.doc))

    # -- reading ---------------------------------------------------------------------------
    def get(self, path: str | list[PathPart]) -> Any:
        cur: Any = self.doc
        for part in _parts(path):
            if cur is None:
                return None
            try:
                cur = cur[part]
            except (KeyError, IndexError, TypeError):
                return None
        return cur

    def rows(self, list_path: str) -> list[dict[str, Any]]:
        value = self.get(list_path)
        return value if isinstance(value, list) else []

    def missing_reason(self, path: str) -> str | None:
        record_path, name = split_field(path)
        record = self.get(record_path) if record_path else self.doc
        return record.get(name + MISSING_SUFFIX) if isinstance(record, dict) else None

    # -- primitive changes (called by undo commands) ---------------------------------------
    def set(self, path: str, value: Any, reason: str | None = None) -> None:
        """Set a field's value and its missing-value reason (one signal for both)."""
        parts = _parts(path)
        container = self._container(parts[:-1], create=value is not None or reason is not None)
        if container is None:
            return
        container[parts[-1]] = copy.deepcopy(value)
        key = f"{parts[-1]}{MISSING_SUFFIX}"
        if reason is None:
            container.pop(key, None)
        else:
            container[key] = reason
        self._prune_empty(parts[:-1])
        self.value_changed.emit(path)
        self.changed.emit()

    def insert_rows(self, list_path: str, index: int, rows: list[dict[str, Any]]) -> None:
        parts = _parts(list_path)
        parent = self._container(parts[:-1], create=True)
        assert parent is not None
        if not isinstance(parent.get(parts[-1]), list):
            parent[parts[-1]] = []
        target = parent[parts[-1]]
        target[index:index] = copy.deepcopy(rows)
        self.rows_inserted.emit(list_path, index, len(rows))
        self.changed.emit()

    def remove_rows(self, list_path: str, index: int, count: int) -> list[dict[str, Any]]:
        target = self.get(list_path)
        removed: list[dict[str, Any]] = copy.deepcopy(target[index:index + count])
        del target[index:index + count]
        self.rows_removed.emit(list_path, index, count)
        self.changed.emit()
        return removed

    # -- helpers ---------------------------------------------------------------------------
    def _container(self, parts: list[PathPart], *, create: bool) -> Any:
        cur: Any = self.doc
        for part in parts:
            nxt = cur[part] if _has(cur, part) else None
            if nxt is None:
                if not create or isinstance(part, int):
                    return None
                nxt = {}
                cur[part] = nxt
            cur = nxt
        return cur

    def _prune_empty(self, parts: list[PathPart]) -> None:
        """A nested optional entry (e.g. hsct, basis_refs) left without any value becomes null."""
        while parts and isinstance(parts[-1], str):
            node = self.get(parts)
            if not isinstance(node, dict) or any(v not in (None, {}) for v in node.values()):
                return
            parent = self.get(parts[:-1])
            parent[parts[-1]] = None
            parts = parts[:-1]


def pruned(doc: Any) -> Any:
    """The document without null values (what validation and storage see), except the
    fields whose default is not None (``null_over_default``): a null there is a value the
    user cleared, which validation would otherwise replace with the default."""
    if isinstance(doc, dict):
        keep = _kept_nulls()
        return {k: pruned(v) for k, v in doc.items() if v is not None or k in keep}
    if isinstance(doc, list):
        return [pruned(v) for v in doc]
    return doc


@lru_cache(maxsize=1)
def _kept_nulls() -> frozenset[str]:
    """The names of the fields, anywhere in the case, that may be None over a default (less
    a name that another model's field of that name refuses None for)."""
    names: set[str] = set()
    strict: set[str] = set()
    seen: set[type] = set()

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.add(annotation)
            names.update(null_over_default(annotation))
            for name, info in annotation.model_fields.items():
                if type(None) not in typing.get_args(info.annotation):
                    strict.add(name)
                walk(info.annotation)
            return
        for arg in typing.get_args(annotation):
            walk(arg)

    walk(Case)
    return frozenset(names - strict)


def split_field(path: str) -> tuple[str, str]:
    """``csf_assessments[2].wbc_per_uL`` -> (``csf_assessments[2]``, ``wbc_per_uL``)."""
    parts = parse_path(path)
    return format_path(parts[:-1]), str(parts[-1])


def _parts(path: str | list[PathPart]) -> list[PathPart]:
    return list(_parsed(path)) if isinstance(path, str) else list(path)


@lru_cache(maxsize=8192)
def _parsed(path: str) -> tuple[PathPart, ...]:
    """Paths repeat on every paint and sort (a 500-row table reads thousands of cells)."""
    return tuple(parse_path(path))


def _has(container: Any, part: PathPart) -> bool:
    if isinstance(part, int):
        return isinstance(container, list) and 0 <= part < len(container)
    return isinstance(container, dict) and part in container
