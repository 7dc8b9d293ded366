"""What the editor needs to know about a model field, read from the model (ARCHITECTURE 1).

``record_fields(Model)`` lists the fields a form or table shows, each as a ``FieldSpec`` with
its kind (text, number, when, enum, ...), label, unit, vocabulary and requiredness. Adding a
field to the model makes it appear in the editor without new code.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from core.model import Coded, field_meta, is_bookkeeping
from core.model.bounds import Bound, typed_bound
from core.model.when import When

Kind = Literal["text", "narrative", "int", "float", "bool", "when", "enum", "enum_list",
               "text_list", "int_list", "coded", "model", "model_list"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    label: str
    unit: str | None = None
    help: str | None = None
    vocab: str | None = None
    req: str = "O"
    options: tuple[str, ...] = ()
    model: type[BaseModel] | None = None  # nested model (kind model / model_list)
    optional: bool = True  # None allowed (an empty list then means "none")
    ge: float | None = None
    le: float | None = None
    above: bool = False  # ge itself is refused too (a dose is above 0)
    scope: str | None = None  # the field of the same record whose code narrows ``vocab``

    @property
    def is_simple(self) -> bool:
        return self.kind not in ("model", "model_list")

    @property
    def bound(self) -> Bound:
        """The range a typed value must be in (core.model.bounds.typed_bound)."""
        return Bound(self.ge, self.le, self.above)

    @property
    def title(self) -> str:
        """The label with its unit, for table headers."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


# Picked from a vocabulary in the editor only (the stored value stays a code): (model, field)
# -> (vocabulary, the field of the same record whose code narrows it to the entries "CODE-…",
# or to those naming it among their "scopes": vocab_source.in_scope). Patient › Subdivision
# takes the names of the case's country's subdivisions (Bavaria -> DE-BY); a response's
# Category lists its Scope's categories (core.model.closed_lists.NARROWED_BY).
SCOPED_VOCABS = {("Patient", "subdivision"): ("subdivision", "country"),
                 ("ResponseAssessment", "category"): ("response_category", "scope")}


@cache
def record_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Every visible field of a record model (not its bookkeeping), in model order."""
    out = []
    for name, info in model.model_fields.items():
        if is_bookkeeping(model, name):
            continue
        spec = field_spec(model, name, info.annotation)
        if spec is not None:
            out.append(spec)
    notes = [s for s in out if s.name == "note"]  # the free note goes last
    return tuple([s for s in out if s.name != "note"] + notes)


def simple_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    return tuple(s for s in record_fields(model) if s.is_simple)


def nested_fields(model: type[BaseModel], kind: str) -> tuple[FieldSpec, ...]:
    return tuple(s for s in record_fields(model) if s.kind == kind)


def field_spec(model: type[BaseModel], name: str, annotation: Any) -> FieldSpec | None:
    meta = field_meta(model, name)
    base, optional = _strip_optional(annotation)
    kind, options, nested = _classify(base)
    if kind is None:
        return None
    if kind == "text" and meta.get("narrative"):
        kind = "narrative"
    # The range a typed value must be in, as a dataset's cell takes it (core.model.bounds: an
    # age of 150 or an ICE score of 11 is refused where it is typed; an MRD fraction is <= 1).
    bound = typed_bound(model, name)
    vocab, scope = SCOPED_VOCABS.get((model.__name__, name), (meta.get("vocab"), None))
    return FieldSpec(name=name, kind=kind, label=meta["label"], unit=meta.get("unit"),
                     help=meta.get("help"), vocab=vocab, req=meta.get("req", "O"),
                     options=options, model=nested, optional=optional, ge=bound.low,
                     le=bound.high, above=bound.above, scope=scope)


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else annotation), len(rest) < len(args)
    return annotation, False


def _classify(base: Any) -> tuple[Kind | None, tuple[str, ...], type[BaseModel] | None]:
    origin = typing.get_origin(base)
    if origin is typing.Annotated:
        base = typing.get_args(base)[0]
        origin = None
    if origin is Literal:
        return "enum", tuple(str(a) for a in typing.get_args(base)), None
    if origin is list:
        return _classify_list(typing.get_args(base)[0])
    scalar = {bool: "bool", int: "int", float: "float", str: "text", When: "when"}
    if base in scalar:
        return scalar[base], (), None  # type: ignore[return-value]
    if isinstance(base, type) and issubclass(base, Coded):
        return "coded", (), None
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "model", (), base
    return None, (), None


def _classify_list(item: Any) -> tuple[Kind | None, tuple[str, ...], type[BaseModel] | None]:
    if typing.get_origin(item) is Literal:
        return "enum_list", tuple(str(a) for a in typing.get_args(item)), None
    if item is str:
        return "text_list", (), None
    if item is int:
        return "int_list", (), None
    if isinstance(item, type) and issubclass(item, BaseModel):
        return "model_list", (), item
    return None, (), None


def first_when_field(model: type[BaseModel]) -> str | None:
    """The field that dates a record (day, start_day, onset_day...): rows sort by it."""
    for spec in record_fields(model):
        if spec.kind == "when":
            return spec.name
    return None
