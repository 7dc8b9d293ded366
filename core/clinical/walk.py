"""Walking a case generically: every record with its field path, and what each field holds.

Used for the day number of every *when*, the identifier scan of every free text and the
required-field check, so none of them needs to know the sections by name.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel

from core.model import diagnostics as dx
from core.model import report as rp
from core.model import treatment as tx
from core.model.base import field_meta, is_bookkeeping
from core.model.when import When

# Free text that is code-like, or not about the patient: never scanned for identifiers (nor is
# bookkeeping, see is_bookkeeping). Keyed by the model that declares the field (its subclasses
# inherit it), so a new free-text field of the same name elsewhere (a ``reason``, a ``path``)
# is scanned.
_NOT_PATIENT_TEXT: dict[type[BaseModel], tuple[str, ...]] = {
    rp.Patient: ("country", "subdivision", "bsa_method"),
    rp.HistoryItem: ("icd10",),
    rp.ClinicalFinding: ("unit",),
    rp.Consent: ("ethics_reference",),
    rp.Attachment: ("file_sha256",),
    # The manuscript's authors and references: about the writers and the literature, not the
    # patient (a de-identified dataset drops the authors' columns, core.io.tables)
    rp.Author: ("name", "degrees", "affiliations", "orcid", "email", "contribution"),
    rp.Reference: ("key", "authors", "title", "journal", "volume", "issue", "pages", "pmid",
                   "doi", "citation"),
    rp.RuleOverride: ("rule_id", "path", "match", "reason"),
    dx.Diagnosis: ("who_haem5_type", "icc_type"),
    dx.ImmunophenotypePanel: ("egil_subgroup",),
    dx.ImmunophenotypeMarker: ("marker",),
    dx.Cytogenetics: ("iscn", "fish_probe", "additional_abnormalities"),
    dx.MolecularTest: ("control_gene",),
    dx.MolecularVariant: ("gene", "hgvs_c", "hgvs_p", "short", "significance"),
    dx.NeuroExam: ("cranial_nerve_palsy",),
    dx.Neuroimaging: ("sequences",),
    dx.LabResult: ("analyte", "unit_entered", "loinc"),
    tx.DrugAdministration: ("drug_inn", "atc"),
    tx.Attribution: ("drug_inn",),
    tx.CellularTherapy: ("atc", "product"),
}
NOT_PATIENT_TEXT: frozenset[tuple[type[BaseModel], str]] = frozenset(
    (model, name) for model, names in _NOT_PATIENT_TEXT.items() for name in names)


def is_patient_text(model: type[BaseModel], name: str) -> bool:
    """False for bookkeeping, and for a field listed in NOT_PATIENT_TEXT for ``model`` or a
    model it derives from."""
    return not is_bookkeeping(model, name) \
        and not any((base, name) in NOT_PATIENT_TEXT for base in model.__mro__)


@dataclass(frozen=True)
class FieldInfo:
    name: str
    kind: Literal["when", "text", "texts", "model", "models", "ints", "other"]
    req: str
    label: str
    narrative: bool
    identifier: bool
    patient_text: bool = True  # False: code-like or not about the patient (NOT_PATIENT_TEXT)

    @property
    def is_free_text(self) -> bool:
        return self.kind in ("text", "texts") and not self.identifier and self.patient_text


def _unwrap(annotation: Any) -> list[Any]:
    """The non-None alternatives of an annotation, with Annotated[...] removed."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [] if annotation is type(None) else [annotation]


def _kind(annotation: Any) -> str:
    options = _unwrap(annotation)
    if len(options) != 1:
        return "other"
    only = options[0]
    origin = typing.get_origin(only)
    if origin is list:
        inner = _unwrap(typing.get_args(only)[0])
        item = inner[0] if len(inner) == 1 else None
        if item is str:
            return "texts"
        if item is int:
            return "ints"
        return "models" if isinstance(item, type) and issubclass(item, BaseModel) else "other"
    if only is When:
        return "when"
    if only is str:
        return "text"
    if isinstance(only, type) and issubclass(only, BaseModel):
        return "model"
    return "other"


@cache
def fields_of(model: type[BaseModel]) -> tuple[FieldInfo, ...]:
    out = []
    for name, info in model.model_fields.items():
        if name == "nf":
            continue
        meta = field_meta(model, name)
        out.append(FieldInfo(name, _kind(info.annotation), str(meta.get("req", "O")),  # type: ignore[arg-type]
                             str(meta["label"]), bool(meta.get("narrative")),
                             bool(meta.get("identifier")), is_patient_text(model, name)))
    return tuple(out)


def records(obj: BaseModel, path: str = "") -> list[tuple[str, BaseModel]]:
    """Every model inside ``obj`` (``obj`` first), with its field path."""
    out = [(path, obj)]
    for f in _nested_fields(type(obj)):
        value = getattr(obj, f.name, None)
        if value is None:
            continue
        sub = f"{path}.{f.name}" if path else f.name
        if f.kind == "model":
            out += records(value, sub)
        else:
            for i, item in enumerate(value):
                out += records(item, f"{sub}[{i}]")
    return out


@cache
def free_text_fields(model: type[BaseModel]) -> tuple[FieldInfo, ...]:
    return tuple(f for f in fields_of(model) if f.is_free_text)


@cache
def required_fields(model: type[BaseModel]) -> tuple[FieldInfo, ...]:
    return tuple(f for f in fields_of(model) if f.req == "R")


@cache
def _nested_fields(model: type[BaseModel]) -> tuple[FieldInfo, ...]:
    return tuple(f for f in fields_of(model) if f.kind in ("model", "models"))


@cache
def fields_of_kind(model: type[BaseModel], kinds: frozenset[str]) -> tuple[FieldInfo, ...]:
    return tuple(f for f in fields_of(model) if f.kind in kinds)


def iter_fields(items: list[tuple[str, BaseModel]], kinds: frozenset[str]
                ) -> Iterator[tuple[str, BaseModel, FieldInfo, Any]]:
    """(path of the field, its record, field info, value) for fields of the given kinds."""
    for path, record in items:
        for f in fields_of_kind(type(record), kinds):
            value = getattr(record, f.name)
            if value is not None:
                yield (f"{path}.{f.name}" if path else f.name), record, f, value
