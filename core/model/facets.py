"""The case's search facets, read from the model: every field declared with
``F(..., facet=Facet(...))``, wherever it sits in the case (a top-level field, a section's
field, a field of every row of a table), and its values in one case.

The store writes these values as index rows (``core.store.indexing``), the search makes the
filters with a ``help`` from them (``core.search.filters``), the filter panel its rows
(``gui.search_filters``), and the index version includes their declarations
(``facets_digest``): a field added or changed here needs no other code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from core.model.base import Coded, Facet, field_facet, field_meta
from core.model.bounds import model_bound
from core.model.case import Case
from core.model.when import When


@dataclass(frozen=True)
class FacetField:
    """One field with a facet: where it is in a case and what it writes."""

    facet: Facet
    path: tuple[str, ...]  # field names from the case (a list's items are walked through)
    label: str  # the field's label
    unit: str | None  # of its number rows
    ge: float | None = None  # the model's bounds of a number (Lansky 0-100), if any
    le: float | None = None


def facet_values(case: BaseModel) -> list[tuple[FacetField, Any]]:
    """Every value of every field with a facet in ``case``, with its field (one walk: the
    rows of a table are visited once for all its fields)."""
    out: list[tuple[FacetField, Any]] = []
    _collect(case, _tree(type(case)), out)
    return out


def row_value(found: FacetField, value: Any) -> str | float | None:
    """A value as its index row holds it: a code (a coded value's code), a number, or a
    date as YYYYMMDD; None when it has none."""
    if found.facet.kind == "code":
        return value.code if isinstance(value, Coded) else str(value)
    number = date_number(value) if found.facet.kind == "date" else value
    if isinstance(number, (int, float)) and not isinstance(number, bool):
        return float(number)
    return None


Tree = dict[str, tuple[list[FacetField], "Tree"]]


@cache
def _tree(root: type[BaseModel]) -> Tree:
    """The facet fields as a tree of field names: (the fields ending here, the subtree)."""
    tree: Tree = {}
    for found in facet_fields(root):
        node = tree
        for depth, name in enumerate(found.path, 1):
            here, sub = node.setdefault(name, ([], {}))
            if depth == len(found.path):
                here.append(found)
            node = sub
    return tree


def _collect(item: Any, tree: Tree, out: list[tuple[FacetField, Any]]) -> None:
    for name, (here, sub) in tree.items():
        value = getattr(item, name, None)
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else (value,)
        for found in here:
            out += [(found, v) for v in values if v is not None]
        if sub:
            for v in values:
                if v is not None:
                    _collect(v, sub, out)


def date_number(value: object) -> int | None:
    """A date (or the first day of a partial date) as YYYYMMDD."""
    if isinstance(value, When):
        found = value.date_range()
        value = found[0] if found else None
    if isinstance(value, dt.date):
        return value.year * 10000 + value.month * 100 + value.day
    return None


@cache
def facet_fields(root: type[BaseModel] = Case) -> tuple[FacetField, ...]:
    """Every field with a facet in the model, in model order (depth first)."""
    out: list[FacetField] = []
    _walk(root, (), out, frozenset())
    return tuple(out)


def _walk(model: type[BaseModel], path: tuple[str, ...], out: list[FacetField],
          seen: frozenset[type]) -> None:
    seen = seen | {model}  # a model holding itself is walked once
    for name, info in model.model_fields.items():
        facet = field_facet(model, name)
        if facet is not None:
            meta = field_meta(model, name)
            unit = facet.unit or meta.get("unit")
            ge, le = _bounds(model, name)
            out.append(FacetField(facet, (*path, name), str(facet.label or meta["label"]),
                                  unit if facet.kind != "date" else "yyyymmdd", ge, le))
        for sub in _models_in(info.annotation):
            if sub not in seen:
                _walk(sub, (*path, name), out, seen)


def _bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    bound = model_bound(model, name)
    return bound.low, bound.high


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [] if annotation is Coded else [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def filter_fields(root: type[BaseModel] = Case) -> dict[str, FacetField]:
    """The fields that are filters (a facet with a help), by filter name (the first field
    declaring a name holds its help; others with the same name add values only)."""
    out: dict[str, FacetField] = {}
    for field in facet_fields(root):
        if field.facet.help and field.facet.name not in out:
            out[field.facet.name] = field
    return out


def facets_digest(root: type[BaseModel] = Case) -> str:
    """A short hash of every facet declaration and where it is: it changes when a facet is
    added, removed, moved or changed."""
    text = json.dumps([[f.path, f.unit, f.facet.extra()] for f in facet_fields(root)],
                      sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:8]
