"""The full-text document of a case, built generically from the model (ARCHITECTURE decision 1).

Every text value of the case goes in: free text, coded values (code and label), list items,
and the label of every yes/no field that is true ("CNS parenchymal involvement"). A new field
in the model is indexed without touching this module. Columns: ``title``; ``dx`` (diagnoses);
``body`` (everything else, plus derived values such as CNS3); ``ids`` (identifier fields and
the case id, searchable locally); ``cjk`` (CJK runs as single characters, see ``text``).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel

from core.model import Case, Coded, When, field_meta, is_bookkeeping
from core.model.report import CaseReport, Consent
from core.search.derived import ClinicalValues
from core.search.text import clean, has_cjk, humanize, spaced_cjk, without_cjk

COLUMNS = ("title", "dx", "body", "ids", "cjk")
SEPARATOR = " · "
# Besides bookkeeping (is_bookkeeping): the case report's title has its own column; rule
# overrides, a code's vocabulary and version and the consent status are not case text.
NOT_INDEXED = frozenset({(Case, "overrides"), (CaseReport, "title"), (Coded, "system"),
                         (Coded, "version"), (Consent, "status")})


def indexed(model: type[BaseModel], name: str) -> bool:
    return not is_bookkeeping(model, name) and (model, name) not in NOT_INDEXED


@dataclass(frozen=True)
class CaseText:
    title: str
    dx: str
    body: str
    ids: str
    cjk: str

    def columns(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in COLUMNS}


class _Collector:
    """Distinct text values per column, in order of first appearance."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, bool]] = {c: {} for c in ("title", "dx", "body", "ids")}

    def add(self, column: str, value: str) -> None:
        """``add_all`` of one value."""
        value = (value if value.isprintable() else clean(value)).strip()
        if value:
            kept = self.values[column]
            if value not in kept:
                kept[value] = not value.isascii() and has_cjk(value)

    def add_all(self, column: str, values: Iterable[str]) -> None:
        """Keep each value once per column, remembering whether it holds CJK characters."""
        kept = self.values[column]
        for value in values:
            value = (value if value.isprintable() else clean(value)).strip()
            if value and value not in kept:
                kept[value] = not value.isascii() and has_cjk(value)

    def text(self, column: str) -> str:
        return SEPARATOR.join(without_cjk(v) if cjk else v
                              for v, cjk in self.values[column].items())

    def cjk(self) -> str:
        return SEPARATOR.join(spaced_cjk(v, SEPARATOR) for values in self.values.values()
                              for v, cjk in values.items() if cjk)

    def merge(self, part: _Collector) -> None:
        """Add the values ``part`` collected, in its order (as if collected here)."""
        for column, values in part.values.items():
            mine = self.values[column]
            for value, cjk in values.items():
                if value not in mine:
                    mine[value] = cjk


Parts = dict[str, tuple[object, _Collector]]  # section -> (its JSON form, its values)
_PARTS: dict[str, Parts] = {}  # per case: the sections as last collected
KEPT_CASES = 8


def case_text(case: Case, derived: ClinicalValues, doc: dict[str, Any] | None = None) -> CaseText:
    """``doc``: the case's JSON form (``to_json_dict``), when the caller has it: a section
    whose JSON form equals the one of this case's last call is not walked again (a save
    mostly changes one section). The text is the same either way."""
    out = _Collector()
    out.add("title", case.case_report.title or "")
    out.add("ids", case.case_id)
    kept = _PARTS.pop(case.case_id, {}) if doc is not None else {}
    parts: Parts = {}
    for name in type(case).model_fields:
        if not indexed(type(case), name):
            continue
        column = "dx" if name == "diagnoses" else "body"
        if doc is None:
            _collect(getattr(case, name), column, out)
            continue
        source, hit = doc.get(name), kept.get(name)
        if hit is not None and hit[0] == source:
            part = hit[1]
        else:  # from the JSON form: the same values, in the same order, in less time
            part = _json_part(source, _section_model(name), column)
        parts[name] = (source, part)
        out.merge(part)
    if doc is not None:
        while len(_PARTS) >= KEPT_CASES:
            _PARTS.pop(next(iter(_PARTS)))
        _PARTS[case.case_id] = parts
    for value in derived.words():
        out.add("body", value)
    return CaseText(out.text("title"), out.text("dx"), out.text("body"), out.text("ids"),
                    out.cjk())


def json_case_text(doc: dict[str, Any], derived: ClinicalValues) -> CaseText:
    """``case_text`` of a stored case read from its JSON form (``to_json_dict``), without
    building the model (the bulk rebuild, issue 20): the same walk in the same order, driven
    by the model's fields; a key the JSON omits has the field's default, as validation
    gives it. A test compares both on generated and reference cases."""
    found: dict[str, list[str]] = {"title": [], "dx": [], "body": [], "ids": []}
    report = doc.get("case_report")
    title = report.get("title") if isinstance(report, dict) else None
    found["title"].append(title if isinstance(title, str) else "")
    found["ids"].append(str(doc.get("case_id", "")))
    for name, sub, default in _json_sections():
        column = "dx" if name == "diagnoses" else "body"
        _json_collect(doc.get(name, default), sub, column, found)
    found["body"] += derived.words()
    out = _Collector()
    for column, values in found.items():  # distinct first: the same values, in their order
        out.add_all(column, dict.fromkeys(values))
    return CaseText(out.text("title"), out.text("dx"), out.text("body"), out.text("ids"),
                    out.cjk())


def _json_part(value: object, model: type[BaseModel] | None, column: str) -> _Collector:
    """The values ``_collect`` gives a section of a case, from the section's JSON form as
    ``to_json_dict`` dumps it from that case (which writes a None over a non-None default as
    null, so an omitted key has its default here too)."""
    found: dict[str, list[str]] = {"title": [], "dx": [], "body": [], "ids": []}
    _json_collect(value, model, column, found)
    part = _Collector()
    for name, values in found.items():
        part.add_all(name, values)
    return part


@cache
def _section_model(name: str) -> type[BaseModel] | None:
    return _model_in(Case.model_fields[name].annotation)


def _json_collect(value: object, model: type[BaseModel] | None, column: str,
                  found: dict[str, list[str]]) -> None:
    """``_collect`` over a JSON value of a field whose model (if it holds one) is ``model``:
    the raw values, in order, into ``found`` (``_Collector.add`` is applied to them after).
    A key the JSON omits gets the field's default, as validation gives it."""
    if isinstance(value, str):
        found[column].append(humanize(value))
    elif isinstance(value, list):
        for item in value:
            _json_collect(item, model, column, found)
    elif isinstance(value, dict) and model is not None:
        if model is Coded:
            found[column].append(value["code"])
            if value.get("label"):
                found[column].append(value["label"])
            return
        for name, label, identifier, sub, default in _json_fields(model):
            item = value.get(name, default)
            if item is None or item is False:
                continue
            if item is True:
                found[column].append(label)
            elif type(item) is str:  # most values: no call
                found["ids" if identifier else column].append(
                    item.replace("_", " ") if " " not in item and "_" in item else item)
            else:
                _json_collect(item, sub, "ids" if identifier else column, found)


@cache
def _json_sections() -> tuple[tuple[str, type[BaseModel] | None, object], ...]:
    """(name, model, default) of every indexed field of the case."""
    return tuple((name, _model_in(info.annotation), _default(info))
                 for name, info in Case.model_fields.items() if indexed(Case, name))


@cache
def _json_fields(model: type[BaseModel]
                 ) -> tuple[tuple[str, str, bool, type[BaseModel] | None, object], ...]:
    """``_fields`` with the model each field holds (None: none) and its default."""
    infos = model.model_fields
    return tuple((name, label, identifier, _model_in(infos[name].annotation),
                  _default(infos[name])) for name, label, identifier in _fields(model))


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type):
        return annotation if issubclass(annotation, BaseModel) else None
    return next((m for m in map(_model_in, typing.get_args(annotation)) if m), None)


def _default(info: Any) -> object:
    """What validation gives a field its JSON omits, in JSON form (None: required)."""
    if info.is_required():
        return None
    value = info.get_default(call_default_factory=True)
    return value.model_dump(mode="json", exclude_none=True) if isinstance(value, BaseModel) \
        else value


def _collect(value: object, column: str, out: _Collector) -> None:
    """Every text inside ``value`` into ``column`` (identifier fields into ``ids``)."""
    if isinstance(value, str):
        out.add(column, humanize(value))
    elif isinstance(value, list):
        for item in value:
            _collect(item, column, out)
    elif isinstance(value, Coded):
        out.add(column, value.code)
        if value.label:
            out.add(column, value.label)
    elif isinstance(value, BaseModel):
        add = out.add
        for name, label, identifier in _fields(type(value)):
            item = getattr(value, name, None)
            if item is None or item is False:
                continue
            if item is True:
                add(column, label)
            elif type(item) is str:  # most fields: a text, straight in (as the walk would)
                add("ids" if identifier else column, humanize(item))
            else:
                _collect(item, "ids" if identifier else column, out)


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """(name, label, is an identifier) of every field that can hold text or a yes."""
    out = []
    for name, info in model.model_fields.items():
        if indexed(model, name) and _may_hold_text(info.annotation):
            meta = field_meta(model, name)
            out.append((name, str(meta["label"]), bool(meta.get("identifier"))))
    return tuple(out)


def _may_hold_text(annotation: object) -> bool:
    """False for numbers and whens only (nothing to index); True for anything else."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _may_hold_text(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_may_hold_text(a) for a in typing.get_args(annotation))
    return annotation not in (int, float, When, type(None))
