"""Building blocks of the case record: the record base class and field metadata.

Field metadata (label, unit, help, vocabulary, identifier flag, requiredness, derived flag,
role) lives on the model fields so that forms, the PDF and the index can be built from the model.
A field whose role is ``"bookkeeping"`` keeps the record (provenance, placeholders, versions,
the lock), not clinical content: the editor, the PDF, the search index and the identifier scan
all leave it out (``is_bookkeeping``).
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import to_json

from core.model.lines import normalise_lines

MissingReason = Literal["not_reported", "unknown", "not_done", "not_applicable", "pending"]
MISSING_REASONS: tuple[str, ...] = MissingReason.__args__  # type: ignore[attr-defined]
Provenance = Literal["entered", "reported", "inferred", "derived", "placeholder", "synthetic"]
Req = Literal["R", "C", "O"]
BOOKKEEPING = "bookkeeping"  # a field's role: see the module docstring
RECORD_ID = "record id"  # a field's role: the number other records refer to it by
CODE = "code"  # a field's role: free-form codes (no Literal, no vocabulary) printed as words


FacetKind = Literal["code", "number", "date"]


@dataclass(frozen=True)
class Facet:
    """How search sees a field (``F(..., facet=Facet(...))``): its values are index rows under
    ``name`` (``core.model.facets``), and with a ``help`` it is the filter ``name:``, with a
    row in the filter panel, generated for every such field (``core.search.filters``,
    ``gui.search_filters``). The facets' declarations are part of the index version, so a
    change reindexes a folder when it is opened (``core.search.index``).

    ``kind``: "code" (a coded value or a short text, matched exactly, folded), "number" (a
    whole number 0-99,999,999, matched by range: ``age:18..40``) or "date" (matched by range
    of days: ``day0:2022..2023``)."""

    name: str
    kind: FacetKind = "code"
    help: str | None = None  # the filter's line in the help; None: rows only (hand filter)
    label: str | None = None  # the filter panel's label (default: the field's label)
    choices: tuple[str, ...] = ()  # the panel's choices for a code
    values: dict[str, str] | None = None  # the values a code filter takes -> stored value;
    # when given, any other value is refused with "use <use>"
    use: str | None = None
    hint: str | None = None  # the panel's placeholder (a range's lower bound)
    unit: str | None = None  # of the number rows (default: the field's unit)

    def extra(self) -> dict[str, Any]:
        """The facet as JSON-schema metadata (what ``field_facet`` reads back)."""
        out = {k: v for k, v in asdict(self).items() if v not in (None, (), {})}
        if self.choices:
            out["choices"] = list(self.choices)
        return out


@dataclass(frozen=True)
class DerivedValue:
    """A value the clinical engine derives for a record (``Record.DERIVED``): the editor shows
    it read-only beside ``beside`` (else after the record's date), labelled ``label``; with a
    ``pdf`` rank it is a column of the record's PDF table, ranked among the fields' ``pdf``
    ranks. ``in_json``: the key may appear in imported JSON (accepted and discarded,
    ``Record.DERIVED_KEYS``); ``shown``: False for a value that is no column of the editor's
    table (bookkeeping of automatic events; a record edited only in a form)."""

    key: str
    label: str
    beside: str | None = None
    pdf: int | None = None
    in_json: bool = True
    shown: bool = True


def F(
    label: str,
    *,
    default: Any = None,
    unit: str | None = None,
    help: str | None = None,
    vocab: str | None = None,
    req: Req = "O",
    identifier: bool = False,
    narrative: bool = False,
    role: str | None = None,
    col: int | None = None,
    pdf: int | None = None,
    facet: Facet | None = None,
    ge: float | None = None,
    le: float | None = None,
    **kwargs: Any,
) -> Any:
    """A model field with Casebook metadata in its JSON-schema extra."""
    extra: dict[str, Any] = {"label": label, "req": req}
    if unit:
        extra["unit"] = unit
    if help:
        extra["help"] = help
    if vocab:
        extra["vocab"] = vocab
    if identifier:
        extra["identifier"] = True
    if narrative:
        extra["narrative"] = True
    if role:
        extra["role"] = role
    if col is not None:
        extra["col"] = col
    if pdf is not None:
        extra["pdf"] = pdf
    if facet is not None:
        extra["facet"] = facet.extra()
    factory = kwargs.pop("default_factory", None)
    if factory is not None:
        return Field(default_factory=factory, json_schema_extra=extra, ge=ge, le=le, **kwargs)
    return Field(default=default, json_schema_extra=extra, ge=ge, le=le, **kwargs)


class WritesMissing(BaseModel):
    """A model whose dumps carry the missing-value reasons of the records in it.

    Each record's ``nf`` ({field: reason}) is written after the record's own keys as
    ``<field>_nf``, sorted by field. This is done on the dumped dict in one pass over the
    model (``_add_nf``), not by a per-record serializer: pydantic calls a wrap serializer
    back into Python for every record, which cost about three quarters of a case's dump.
    """

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        out = super().model_dump(**kwargs)
        skip: frozenset[str] = frozenset()
        if kwargs.get("exclude_none"):  # which top-level fields were left out on purpose
            include, exclude = kwargs.get("include"), kwargs.get("exclude")
            if include is not None:
                skip = frozenset(type(self).model_fields) - frozenset(include)
            if exclude is not None:
                skip |= frozenset(exclude)
        _add_nf(self, out, bool(kwargs.get("exclude_none")), skip)
        return out

    def model_dump_json(self, *, indent: int | None = None,
                        ensure_ascii: bool = False, **kwargs: Any) -> str:
        doc = self.model_dump(mode="json", **kwargs)  # pydantic's JSON: infinity and NaN null
        return to_json(doc, indent=indent, ensure_ascii=ensure_ascii,
                       inf_nan_mode="null").decode()


def _add_nf(model: BaseModel, out: dict[str, Any], nulls: bool = False,
            skip: frozenset[str] = frozenset()) -> None:
    """Add the ``<field>_nf`` keys of ``model`` and of every record inside it to its dump.
    ``nulls``: the dump left out None values (``exclude_none``); a field whose default is not
    None but holds None is written as null all the same (``_write_nulls``), except the names
    in ``skip`` (left out of the top-level dump by ``include``/``exclude``)."""
    for name in _model_fields(type(model)):
        value = getattr(model, name)
        sub = out.get(name)
        if sub is None or value is None:
            continue
        if isinstance(value, BaseModel):
            if isinstance(sub, dict):
                _add_nf(value, sub, nulls)
        elif isinstance(value, (list, tuple)) and isinstance(sub, list) and \
                len(sub) == len(value):
            for item, item_out in zip(value, sub, strict=True):
                if isinstance(item, BaseModel) and isinstance(item_out, dict):
                    _add_nf(item, item_out, nulls)
    if nulls and null_over_default(type(model)):
        _write_nulls(model, out, skip)
    nf = getattr(model, "nf", None) if isinstance(model, Record) else None
    if nf:
        for key in sorted(nf):  # the same data gives the same JSON, whatever the nf order
            out[f"{key}_nf"] = nf[key]


def _write_nulls(model: BaseModel, out: dict[str, Any], skip: frozenset[str]) -> None:
    """Write null for each field of ``model`` that holds None though its default is not None
    (a disease classification the user cleared): left out, it would read back as the
    default. A field holding a value, or None by default, is dumped as before (the same
    bytes). The keys stay in field order."""
    cleared = [name for name in null_over_default(type(model))
               if name not in skip and name not in out and getattr(model, name) is None]
    if not cleared:
        return
    dumped = dict(out)
    out.clear()
    for name in type(model).model_fields:
        if name in dumped:
            out[name] = dumped.pop(name)
        elif name in cleared:
            out[name] = None
    out.update(dumped)  # any other key, after (none expected)


_NULL_OVER_DEFAULT: dict[type, tuple[str, ...]] = {}


def null_over_default(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold None but default to something else (cached)."""
    names = _NULL_OVER_DEFAULT.get(cls)
    if names is None:
        names = tuple(name for name, info in cls.model_fields.items()
                      if not info.exclude and not info.is_required()
                      and type(None) in typing.get_args(info.annotation)
                      and info.get_default(call_default_factory=True) is not None)
        _NULL_OVER_DEFAULT[cls] = names
    return names


_MODEL_FIELDS: dict[type, tuple[str, ...]] = {}


def _model_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose type holds a model (cached per class)."""
    names = _MODEL_FIELDS.get(cls)
    if names is None:
        names = tuple(name for name, info in cls.model_fields.items()
                      if name != "nf" and _holds_model(info.annotation))
        _MODEL_FIELDS[cls] = names
    return names


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


class Record(WritesMissing):
    """Base of every entity: provenance, missing-value reasons, placeholder bookkeeping.

    Missing-value reasons are kept in ``nf`` ({field: reason}) and written in JSON as the
    sibling key ``<field>_nf``, as in the reference format. Keys listed in ``DERIVED_KEYS``
    are derived by the app: accepted on import and discarded (they are recomputed).
    """

    # defer_build: validators are built on first use, not at import (the app's start-up
    # imports the model but validates no case before its window shows: ~100 ms saved).
    model_config = ConfigDict(extra="forbid", defer_build=True, validate_assignment=False,
                              populate_by_name=True)
    DERIVED_KEYS: ClassVar[frozenset[str]] = frozenset()  # from DERIVED (in_json ones)
    DERIVED: ClassVar[tuple[DerivedValue, ...]] = ()  # what the engine derives for the record

    src: Provenance = F("Provenance", default="entered", req="R", role=BOOKKEEPING,
                        help="Where the values of this entry come from")
    placeholder_fields: list[str] | None = F("Placeholder fields", default=None, role=BOOKKEEPING)
    inferred_fields: list[str] | None = F("Inferred fields", default=None, role=BOOKKEEPING)
    note: str | None = F("Note", default=None, narrative=True)
    nf: dict[str, MissingReason] = Field(default_factory=dict, exclude=True,
                                         json_schema_extra={"role": BOOKKEEPING})

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "DERIVED" in cls.__dict__:  # the import keys are the derived values' own
            cls.DERIVED_KEYS = frozenset(d.key for d in cls.DERIVED if d.in_json)

    @model_validator(mode="before")
    @classmethod
    def _collect_nf(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        accepted = _nf_keys(cls)
        if accepted.isdisjoint(data) and cls.DERIVED_KEYS.isdisjoint(data):
            return data  # most records (tested without making a set per record)
        nf_keys = data.keys() & accepted
        data = dict(data)
        for key in cls.DERIVED_KEYS:
            data.pop(key, None)
        nf = dict(data.get("nf") or {})
        for key in sorted(nf_keys):  # a set: sorted, so the order is the same every run
            nf[key[:-3]] = data.pop(key)
        if nf:
            data["nf"] = nf
        return data

    @model_validator(mode="after")
    def _check_nf_fields(self) -> Record:
        for key in self.nf:
            if key not in type(self).model_fields:
                raise ValueError(f"missing-value reason given for unknown field '{key}'")
        normalise_lines(self)  # a tab or line break pasted into a title: one space
        return self


_NF_KEYS: dict[type, frozenset[str]] = {}


def _nf_keys(cls: type[BaseModel]) -> frozenset[str]:
    """The ``<field>_nf`` keys a record class accepts (cached per class)."""
    keys = _NF_KEYS.get(cls)
    if keys is None:
        keys = frozenset(f"{name}_nf" for name in cls.model_fields if name != "nf")
        _NF_KEYS[cls] = keys
    return keys


class Coded(BaseModel):
    """A coded value: code, label, vocabulary and its version."""

    model_config = ConfigDict(extra="forbid", defer_build=True, frozen=True)

    code: str
    label: str | None = None
    system: str | None = None
    version: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_code(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"code": data}
        return data

    def __str__(self) -> str:
        return f"{self.code} {self.label}" if self.label else self.code


@functools.cache
def field_meta(model: type[BaseModel], name: str) -> Mapping[str, Any]:
    """Casebook metadata of one field (label, unit, help, vocab, req, identifier...). Cached
    per model and field (a model's fields and their metadata never change): read-only."""
    info = model.model_fields[name]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    meta: dict[str, Any] = {"label": name.replace("_", " ").capitalize(), "req": "O"}
    meta.update(extra)
    return MappingProxyType(meta)


@functools.cache
def is_bookkeeping(model: type[BaseModel], name: str) -> bool:
    """True for a field that keeps the record rather than holding clinical content."""
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and extra.get("role") == BOOKKEEPING


@functools.cache
def column_rank(model: type[BaseModel], name: str) -> int | None:
    """Where a field stands among a table's columns ("col" in its metadata): 1 for what the
    clinician enters first, then 2, 3...; None for a field that follows the ranked ones, in
    model order. A table shows its values beside it (gui.editor.table_model)."""
    extra = model.model_fields[name].json_schema_extra
    rank = extra.get("col") if isinstance(extra, dict) else None
    return rank if isinstance(rank, int) else None


@functools.cache
def pdf_rank(model: type[BaseModel], name: str) -> int | None:
    """Where a field stands among the columns of its record's PDF table ("pdf" in its
    metadata: 1, 2, 3...); None for a field that is not a column (core.report.columns)."""
    extra = model.model_fields[name].json_schema_extra
    rank = extra.get("pdf") if isinstance(extra, dict) else None
    return rank if isinstance(rank, int) else None


def derived_values(model: type) -> tuple[DerivedValue, ...]:
    """The values the clinical engine derives for a record type, in reading order."""
    return tuple(getattr(model, "DERIVED", ()))


def derived_value(model: type, key: str) -> DerivedValue | None:
    """One derived value of a record type by its key, or None."""
    return next((d for d in derived_values(model) if d.key == key), None)


def is_code(model: type[BaseModel], name: str) -> bool:
    """True for a field of free-form codes (``role=CODE``: no Literal, no vocabulary file)
    that output prints as words, like the vocabulary codes (``CN_VI_left``)."""
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and extra.get("role") == CODE


def is_record_id(model: type[BaseModel], name: str) -> bool:
    """True for a record's own id (other records refer to it): a table's last column."""
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and extra.get("role") == RECORD_ID


def field_facet(model: type[BaseModel], name: str) -> Facet | None:
    """The search facet of a field (``F(facet=...)``), or None."""
    extra = model.model_fields[name].json_schema_extra
    found = extra.get("facet") if isinstance(extra, dict) else None
    if not isinstance(found, dict):
        return None
    data: dict[str, Any] = dict(found)
    data["choices"] = tuple(data.get("choices") or ())
    return Facet(**data)
