"""A case as flat tables, generated from the model: one table per entity, in long form.

Every record type of the case is a table (``Table``): the sections holding one record
(case report, patient, outcome...) and every list of records, a list inside a record included
(a treatment line's drug administrations are a table of their own). A row is the case id, the
row key (the record's position: ``2`` for the second lab, ``2.1`` for the first drug of the
second line) and the record's fields (``Column``): a coded value gives a code column and a
label column (a ``Coded`` also its system and version), a date gives the day relative to Day 0
and the calendar date where it is known, a list of values is one cell (`` | `` between
values), a yes/no is 1 or 0. A record held inside a record (a publication, a CRS grading) adds
its fields to its parent's row. Bookkeeping fields (``core.model.base.is_bookkeeping``) are not
exported; a value is written as the record holds it. The values the clinical engine derives for
the record (``Record.DERIVED``) follow its own columns, ``<prefix>_<key>_derived``
(``core.io.dataset_derived``: filled in by the writers, never read back).

De-identification (``core.io.deident``) acts on the rows: the columns carry the metadata it
needs (identifier, narrative, date).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from core.io.dataset_derived import DERIVED_PART, DERIVED_SUFFIX, exported_derived
from core.io.text_fields import is_free_text, is_identifying
from core.model import Case, Coded, Record, When
from core.model.base import field_meta, is_bookkeeping, is_code
from core.model.codes import code_label
from core.model.labels import PART_TITLES

Kind = Literal["case_id", "row", "text", "notes", "integer", "number", "yesno", "code",
               "label", "day", "date"]
MAX_NAME = 26  # REDCap's limit on a variable name
LIST_SEP = " | "
# short prefixes of the variable names (``lab_value``); a table not listed gets its initials
PREFIXES = {
    "case_report": "rep", "patient": "pt", "history_items": "hx", "clinical_findings": "find",
    "timeline": "tl", "diagnoses": "dx", "diagnostic_reasoning": "reas", "bm_assessments": "bm",
    "immunophenotype_panels": "ipt", "immunophenotype_markers": "mark", "cytogenetics": "cyto",
    "molecular_tests": "mol", "molecular_variants": "var", "mrd_assessments": "mrd",
    "csf_assessments": "csf", "neuro_exams": "neuro", "neuroimaging": "img",
    "neuroimaging_lesions": "les", "labs": "lab", "treatment_lines": "line",
    "treatment_administrations": "drug", "treatment_modifications": "mod",
    "radiotherapy": "rt", "procedures": "proc", "hsct": "hsct", "cellular_therapies": "cell",
    "response_assessments": "resp", "adverse_events": "ae", "adverse_attribution": "attr",
    "outcome": "out", "patient_perspective": "pp", "consent": "cons", "attachments": "att",
    "authors": "auth", "references": "ref", "statements": "stmt",
}
# Which text columns a de-identified export leaves out: core.io.text_fields


@dataclass(frozen=True)
class Column:
    """One column of a table: its variable name, what it holds and the field it comes from."""

    name: str  # the REDCap variable name: lower case, <= 26 characters, unique in the dataset
    kind: Kind
    label: str
    path: tuple[str, ...] = ()  # the field inside the table's record (a nested record's too)
    unit: str | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (code, label) of a closed list
    identifier: bool = False
    narrative: bool = False
    required: bool = False
    part: str = "value"  # value, label (of a code), day, date, code/system/version (Coded)
    labeller: Callable[[str], str] | None = None  # a code column's: the label of a code
    of: str | None = None  # a label column: the variable of its code column
    minimum: float | None = None  # the field's bounds (ge, le) of a number
    maximum: float | None = None
    help: str | None = None  # the field's help, as the form shows it
    several: bool = False  # a list of values in one cell (`` | `` between them)


@dataclass
class Table:
    """One entity: the file ``<name>.csv``, the records at ``location`` in the case."""

    name: str
    model: type[BaseModel]
    location: tuple[str, ...]  # list or section fields from the case down to the records
    label: str
    columns: list[Column] = field(default_factory=list)


def _optional_inner(annotation: Any) -> Any:
    """``X | None`` -> X (an Annotated When is kept whole)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _is_when(annotation: Any) -> bool:
    return annotation is When or (typing.get_origin(annotation) is typing.Annotated
                                  and typing.get_args(annotation)[0] is When)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) \
        else None


def _list_item(annotation: Any) -> Any | None:
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None


def _literal_codes(annotation: Any) -> tuple[str, ...] | None:
    if typing.get_origin(annotation) is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return None


def _vocab_labeller(name: str) -> Callable[[str], str]:
    def label(code: str) -> str:
        from core.model.vocab import VocabularyError, vocabulary

        try:
            found = vocabulary(name).label(code)
        except VocabularyError:
            found = None
        return found or code_label(code)
    return label


def _unit_label(code: str) -> str:
    """A unit code's label as the PDF prints it (``ug/d`` -> ``µg/day``, ``mg/m2`` -> ``mg/m²``)."""
    from core.report.format import unit_label

    return unit_label(code)  # the code itself when it has no label


@cache
def tables() -> tuple[Table, ...]:
    """Every table of the dataset, in the order of the case's sections, names unique."""
    out: list[Table] = []
    for name, info in Case.model_fields.items():
        if is_bookkeeping(Case, name):
            continue
        inner = _optional_inner(info.annotation)
        item = _list_item(inner)
        model = _model_of(item if item is not None else inner)
        if model is None or not issubclass(model, Record):
            continue  # overrides: confirmations of rule findings, not data
        _add_table(out, name, model, (name,))
    used: set[str] = {"case_id"}
    for table in out:
        _name_columns(table, used)
    return tuple(out)


_RECORD_FIELDS = frozenset(Record.model_fields)


def _add_table(out: list[Table], name: str, model: type[BaseModel],
               location: tuple[str, ...], label: str | None = None) -> None:
    """``label``: a nested list's (its parent table's and its field's); a section's is its
    title, as the editor shows it ("Bone-marrow assessments", not "Bm assessments")."""
    table = Table(name, model, location,
                  label or PART_TITLES.get(name) or name.replace("_", " ").capitalize())
    out.append(table)
    children: list[tuple[str, type[BaseModel], tuple[str, ...], str]] = []
    table.columns = list(_columns(model, (), "", children, location))
    # named without a key's own "derived_" (``bm_category_derived``)
    table.columns += [Column(d.key.removeprefix("derived_"), "text",
                             d.label.removesuffix(" (derived)") + DERIVED_SUFFIX,
                             path=(d.key,), part=DERIVED_PART) for d in exported_derived(model)]
    if "nf" in model.model_fields:  # the missing-value reasons, visible in every export
        table.columns.append(Column("", "text", f"{table.label}: missing-value reasons",
                                    path=("nf",), part="nf"))
    for child_name, child_model, child_location, child_label in children:
        _add_table(out, child_name, child_model, child_location,
                   f"{table.label} › {child_label}")


def _columns(model: type[BaseModel], path: tuple[str, ...], label_prefix: str,
             children: list[tuple[str, type[BaseModel], tuple[str, ...], str]],
             location: tuple[str, ...]) -> Iterator[Column]:
    fields = sorted(model.model_fields.items(), key=lambda f: f[0] in _RECORD_FIELDS)
    for name, info in fields:  # the fields every record has (its note) after its own
        if name == "nf" or is_bookkeeping(model, name):
            continue
        meta = field_meta(model, name)
        here = (*path, name)
        label = label_prefix + str(meta["label"])
        common: dict[str, Any] = {
            "path": here, "unit": meta.get("unit"),
            "identifier": is_identifying(model, name),
            "narrative": is_free_text(model, name),
            "required": meta.get("req") == "R",
            "minimum": _bound(info.metadata, "ge"), "maximum": _bound(info.metadata, "le"),
            "help": meta.get("help")}
        inner = _optional_inner(info.annotation)
        item = _list_item(inner)
        common["several"] = item is not None
        sub = _model_of(item) if item is not None else None
        if sub is not None:
            children.append((_child_name(location[0], name), sub, (*location, name), label))
            continue
        single = _model_of(inner)
        if single is Coded:
            for part in ("code", "label", "system", "version"):
                yield Column("_".join(here), "code" if part == "code" else "text",
                             f"{label}: {part}", part=part, **common)
            continue
        if single is not None:
            yield from _columns(single, here, f"{label}: ", children, location)
            continue
        yield from _value_columns(model, name, inner, label, common)


def _bound(metadata: list[Any], name: str) -> float | None:
    for item in metadata:
        value = getattr(item, name, None)
        if isinstance(value, (int, float)):
            return value
    return None


def _value_columns(model: type[BaseModel], name: str, inner: Any, label: str,
                   common: dict[str, Any]) -> Iterator[Column]:
    key = "_".join(common["path"])
    item = _list_item(inner)
    codes = _literal_codes(item if item is not None else inner)
    vocab = field_meta(model, name).get("vocab")
    if _is_when(inner):
        yield Column(key, "day", f"{label} (day relative to Day 0)", part="day",
                     **common)
        yield Column(key, "date", f"{label} (calendar date)", part="date", **common)
    elif codes is not None:
        words = _unit_label if name.endswith("unit") else code_label  # ug/d: µg/day, as the PDF
        choices = tuple((c, words(c)) for c in codes)
        yield Column(key, "code", label, choices=choices, labeller=words, **common)
        yield Column(key, "label", f"{label} (label)", part="label", labeller=words,
                     **common)
    elif vocab or is_code(model, name):
        labeller = _vocab_labeller(str(vocab)) if vocab else code_label
        yield Column(key, "code", label, labeller=labeller, **common)
        yield Column(key, "label", f"{label} (label)", part="label", labeller=labeller,
                     **common)
    elif inner is bool:
        yield Column(key, "yesno", label, **common)
    elif inner is int:
        yield Column(key, "integer", label, **common)
    elif inner is float:
        yield Column(key, "number", label, **common)
    else:
        notes = bool(field_meta(model, name).get("narrative"))
        yield Column(key, "notes" if notes else "text", label, **common)


def _child_name(parent: str, name: str) -> str:
    stem = parent.split("_")[0] if "_" in parent else parent
    return f"{stem}_{name}"


def _name_columns(table: Table, used: set[str]) -> None:
    """Give every column its variable name: the table's prefix, the field's path and the
    part's suffix (``lab_analyte_label``), shortened to 26 characters before the suffix."""
    prefix = PREFIXES.get(table.name) or "".join(w[0] for w in table.name.split("_"))
    renamed: dict[tuple[tuple[str, ...], str], str] = {}
    named: list[Column] = [Column(row_name(table), "row", f"{table.label}: row key")]
    used.add(named[0].name)
    for col in table.columns:
        suffix = "" if col.part == "value" else f"_{col.part}"
        name = _unique(_variable(f"{prefix}_{col.name}", suffix), used)
        renamed[(col.path, col.part)] = name
        of = None
        if col.part == "label":
            of = renamed.get((col.path, "value")) or renamed.get((col.path, "code"))
        named.append(replace(col, name=name, of=of))
    table.columns = named


def row_name(table: Table) -> str:
    prefix = PREFIXES.get(table.name) or "".join(w[0] for w in table.name.split("_"))
    return _variable(f"{prefix}_row")


def _variable(text: str, suffix: str = "") -> str:
    name = re.sub(r"[^a-z0-9_]", "_", text.lower())
    name = re.sub(r"_+", "_", name).strip("_")
    return name[:MAX_NAME - len(suffix)].rstrip("_") + suffix


def _unique(name: str, used: set[str]) -> str:
    found, number = name, 2
    while found in used:
        tail = f"_{number}"
        found = name[:MAX_NAME - len(tail)].rstrip("_") + tail
        number += 1
    used.add(found)
    return found


# -- rows ---------------------------------------------------------------------------------
def records(case: Case, table: Table) -> Iterator[tuple[str, BaseModel]]:
    """(row key, record) of every record of ``table`` in ``case``."""
    yield from _walk(case, table.location, ())


def _walk(holder: BaseModel, location: tuple[str, ...],
          key: tuple[int, ...]) -> Iterator[tuple[str, BaseModel]]:
    value = getattr(holder, location[0], None)
    items = list(enumerate(value, 1)) if isinstance(value, list) else \
        [] if value is None else [(0, value)]
    for index, item in items:
        here = (*key, index) if index else key
        if len(location) == 1:
            yield ".".join(str(i) for i in here) or "1", item
        else:
            yield from _walk(item, location[1:], here)


def day0_of(case: Case) -> When | None:
    return case.case_report.day0


def cell(record: BaseModel, col: Column, day0: When | None) -> Any:
    """The value of ``col`` for ``record``: a str, int, float or None (not yet written; a
    derived value's too: ``core.io.dataset_derived``)."""
    if col.part == DERIVED_PART:
        return None
    value: Any = record
    for name in col.path:
        value = getattr(value, name, None)
        if value is None:
            return None
    if isinstance(value, Coded):
        return getattr(value, col.part)
    if isinstance(value, dict):
        return nf_text(value)
    if isinstance(value, When):
        if col.part == "day":
            return own_day(value) if col.path == DAY0_PATH else _day(value, day0)
        return _date(value, day0)
    if isinstance(value, list):
        items = [col.labeller(str(v)) if col.part == "label" and col.labeller else v
                 for v in value]
        return LIST_SEP.join(str(v) for v in items) if items else None
    if col.part == "label" and col.labeller:
        return col.labeller(str(value))
    if isinstance(value, bool):
        return 1 if value else 0
    return value


NF_SEP = "="


def nf_text(reasons: dict[str, Any]) -> str | None:
    """A record's missing-value reasons as one cell: ``value_entered=not_done | dose=unknown``
    (the field, as in the interchange's ``<field>_nf``, and its reason code), sorted by field."""
    return LIST_SEP.join(f"{k}{NF_SEP}{reasons[k]}" for k in sorted(reasons)) or None


def _day(value: When, day0: When | None) -> int | None:
    return value.exact_day(day0)  # none for a partly known date


DAY0_PATH = ("day0",)  # the case report's Day 0 (no other record has a day0)


def own_day(day0: When) -> int | None:
    """Day 0's own day number: 0, known to the day even when its date is known only to the
    month or year (``2023-05``), as for a full date (a stored day number, from before Day 0 had
    to be a date, stays as it is)."""
    return 0 if day0.date is not None else day0.day


def _date(value: When, day0: When | None) -> str | None:
    if value.date is not None:
        return value.date
    if day0 is not None and day0.date is not None and len(day0.date) == 10 \
            and value.day is not None:
        return (dt.date.fromisoformat(day0.date) + dt.timedelta(days=value.day)).isoformat()
    return None
