"""A stored case read for its index rows, validated only where the indexers look (issue 20).

Validating a whole stored document was most of a case's cost in the bulk rebuild (1.2-2 ms of
~3 ms), yet the index rows read a few sections: the facets (diagnoses, drugs, adverse events,
variants, Day 0, the patient's sex and age) and the clinical derivations behind them. The full
text is built from the JSON itself (``documents.json_case_text``). ``stored_case`` gives a
``Case`` whose sections are validated on first access, each by its own field's type (the
same validation the whole case would get: the case model has no validator of its own besides
``_legacy``, applied to the whole document first). Whatever an indexer reads is therefore
exactly what ``Case.model_validate_json`` would give, with no list of sections to keep up.

A document the model no longer reads is left out (``UnreadableCase``) when the fault is in
its top-level keys or in a section an indexer reads; one whose fault is elsewhere only is
indexed (its text and facets), where the full validation left it out.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import from_json

from core.model import Case


class UnreadableCase(BaseException):
    """A stored document the model does not read. Not an ``Exception``: the clinical engine
    turns any ``Exception`` into an engine error indexed with the case, and a case whose
    section does not validate is left out instead (as full validation left it out)."""


class _OnDemand(Case):
    """A case whose sections are validated when first read (from ``_raw``, its JSON form)."""

    __slots__ = ("_raw",)

    def __getattr__(self, name: str) -> Any:
        fields = type(self).model_fields
        if name not in fields:
            return super().__getattr__(name)  # type: ignore[misc]  # pydantic's, not typed
        raw = object.__getattribute__(self, "_raw")
        if name in raw:
            try:
                value = _adapter(name).validate_python(raw[name])
            except ValidationError as exc:
                raise UnreadableCase(f"{name}: {exc}") from exc
        elif fields[name].is_required():
            raise UnreadableCase(f"{name}: missing")
        else:
            value = fields[name].get_default(call_default_factory=True)
        self.__dict__[name] = value
        return value


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    info = Case.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:  # its constraints too
        annotation = Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation)


def stored_case(document: str | bytes, version: int, status: str) -> tuple[Case, dict[str, Any]]:
    """The case of a stored document (sections validated on demand) and its JSON form, with
    the version and status of its row. ``UnreadableCase`` when the model does not read it."""
    try:
        doc = _parsed(document)
    except ValueError as exc:
        raise UnreadableCase(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise UnreadableCase("not a JSON object")
    doc = Case._legacy(doc)  # type: ignore[operator]  # the model's own "before" validator
    unknown = doc.keys() - Case.model_fields.keys()
    if unknown:
        raise UnreadableCase(f"unknown fields: {', '.join(sorted(unknown))}")
    case = _OnDemand.__new__(_OnDemand)
    object.__setattr__(case, "__dict__", {"version": version, "status": status})
    object.__setattr__(case, "__pydantic_fields_set__", set(doc))
    object.__setattr__(case, "__pydantic_extra__", None)
    object.__setattr__(case, "__pydantic_private__", None)
    object.__setattr__(case, "_raw", doc)
    case.case_id  # noqa: B018 - validated now: an unreadable id leaves the case out
    return case, doc


def _parsed(document: str | bytes) -> Any:
    """``json.loads(document)``, by pydantic's JSON parser (about twice as fast, a quarter of
    a case's cost in the rebuild): the same values for any document it reads; one it refuses
    (a lone surrogate escape, which ``json`` reads) goes to ``json``."""
    try:
        return from_json(document)
    except ValueError:
        return json.loads(document)
