"""The editor's sections in CARE order, and which parts of the case each one shows.

A part is a form (a single record, e.g. ``patient``), a table (a list, e.g. ``labs``) or a
single field (a top-level number, text or date of the case); ``part_kind`` reads which from the
model. Everything inside a part (fields, columns, nested tables) comes from the model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from core.model import Case, field_meta
from core.model.case import SECTION_MODELS
from core.model.editor_sections import EDITOR_SECTIONS
from core.model.fieldpath import parse_path
from core.model.labels import part_title
from gui.editor.fields import FieldSpec, field_spec, record_fields


@dataclass(frozen=True)
class Part:
    kind: str  # "form" | "table" | "field" (see part_kind)
    path: str  # top-level key of the case
    title: str

    @property
    def model(self) -> type[BaseModel]:
        return part_model(self.path)

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """What the part shows: its record's fields, or the one field it names."""
        if self.kind != "field":
            return record_fields(self.model)
        spec = field_spec(Case, self.path, Case.model_fields[self.path].annotation)
        return () if spec is None else (spec,)

    def records(self, doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """(path prefix, record) of each record the part shows: a field's record is the case."""
        if self.kind == "field":
            return [("", doc)]
        value = doc.get(self.path)
        if isinstance(value, list):
            return [(f"{self.path}[{i}]", record) for i, record in enumerate(value)]
        return [(self.path, value or {})]


@dataclass(frozen=True)
class Section:
    name: str
    parts: tuple[Part, ...]
    panel: str = ""  # a hand-built panel shown with the parts ("cns", "timeline"), or in
    # place of its table ("figures": the figures as cards, gui/editor/figures.py)


def part_model(path: str) -> type[BaseModel]:
    """The record model of a top-level key (the item model for lists; the case itself for a
    top-level scalar, which is a field of the case)."""
    model = SECTION_MODELS.get(path)
    if model is None:
        spec = field_spec(Case, path, Case.model_fields[path].annotation)
        model = spec.model if spec is not None and spec.model is not None else Case
    return model


def part_kind(path: str) -> str:
    """How a top-level key is edited: a record as a form, a list of records as a table,
    anything else (a number, a text, a date, a choice, a code) as a single field."""
    spec = field_spec(Case, path, Case.model_fields[path].annotation)
    kind = spec.kind if spec is not None else None
    return {"model": "form", "model_list": "table"}.get(kind or "", "field")


def _p(path: str, title: str) -> Part:
    return Part(part_kind(path), path, title)


PANELS = {"Timeline": "timeline", "CSF & CNS": "cns", "Figures": "figures"}  # figures.py

# CARE order: what each section shows (core.model.editor_sections, which messages naming a
# place in the case read too), each part under its title
LISTED_SECTIONS: tuple[Section, ...] = tuple(
    Section(name, tuple(_p(key, part_title(key)) for key in keys), PANELS.get(name, ""))
    for name, keys in EDITOR_SECTIONS)


def with_unlisted(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """``sections`` plus every top-level field of the case declared with ``F()`` (it has a
    label) that no section lists: each is a part of the section of the listed key before it in
    the model (the first section when none is), so a field added to the model is edited where
    the model places it, with no edit here."""
    listed = {part.path: i for i, section in enumerate(sections) for part in section.parts}
    added: dict[int, list[Part]] = {}
    current = 0
    for name, info in Case.model_fields.items():
        extra = info.json_schema_extra
        if name in listed:
            current = listed[name]
        elif isinstance(extra, dict) and "label" in extra:
            added.setdefault(current, []).append(_p(name, str(field_meta(Case, name)["label"])))
    return tuple(replace(section, parts=(*section.parts, *added.get(i, ())))
                 for i, section in enumerate(sections))


SECTIONS = with_unlisted(LISTED_SECTIONS)


def section_names() -> list[str]:
    return [s.name for s in SECTIONS]


def section_index_for_path(path: str) -> int | None:
    top = str(parse_path(path)[0]) if path else ""
    for i, section in enumerate(SECTIONS):
        if any(p.path == top for p in section.parts):
            return i
    return None


def section_completeness(section: Section, doc: dict[str, Any]) -> tuple[int, int]:
    """(required items given, required items) over the section's records; a reason counts."""
    done = total = 0
    for part in section.parts:
        for _prefix, record in part.records(doc):
            for spec in part.fields:
                if spec.req != "R" or not spec.is_simple:
                    continue
                total += 1
                given = record.get(spec.name) not in (None, [], "")
                done += given or f"{spec.name}_nf" in record
    return done, total
