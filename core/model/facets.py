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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from core.model.base import Coded, Facet, field_facet, field_meta
from core.model.case import Case
from core.model.when import When


@dataclass(frozen=True)
class FacetField:
    """One field with a facet: where it is in a case and what it writes."""

    facet: Facet
    path: tuple[str, ...]  # field names from the case (a list's items are walked through)
    label: str  # the field's label
    unit: str | None  # of its number rows

    def values(self, case: BaseModel) -> Iterator[Any]:
        """The field's values in ``case`` (every row's, for a field of a table)."""
        items: list[Any] = [case]
        for name in self.path:
            found: list[Any] = []
            for item in items:
                value = getattr(item, name, None)
                if isinstance(value, (list, tuple)):
                    found += [v for v in value if v is not None]
                elif value is not None:
                    found.append(value)
            items = found
        yield from items

    def code_values(self, case: BaseModel) -> Iterator[str]:
        for value in self.values(case):
            yield value.code if isinstance(value, Coded) else str(value)

    def number_values(self, case: BaseModel) -> Iterator[float]:
        for value in self.values(case):
            number = date_number(value) if self.facet.kind == "date" else value
            if isinstance(number, (int, float)) and not isinstance(number, bool):
                yield float(number)


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
            out.append(FacetField(facet, (*path, name), str(facet.label or meta["label"]),
                                  unit if facet.kind != "date" else "yyyymmdd"))
        for sub in _models_in(info.annotation):
            if sub not in seen:
                _walk(sub, (*path, name), out, seen)


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
