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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import filterfalse
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
    by the model's fields (compiled into a function per model, ``_walks``); a key the JSON
    omits has the field's default, as validation gives it. Tests compare both on generated
    and reference cases and on edge values."""
    report = doc.get("case_report")
    title = report.get("title") if isinstance(report, dict) else None
    dx: Found = {}
    body: Found = {}
    ids: Found = {str(doc.get("case_id", "")): None}
    _case_walk()(doc, dx, body, ids)
    body |= dict.fromkeys(derived.words())
    (title_text, title_cjk), (dx_text, dx_cjk), (body_text, body_cjk), (ids_text, ids_cjk) = (
        _column({title if isinstance(title, str) else "": None}), _column(dx), _column(body),
        _column(ids))
    return CaseText(title_text, dx_text, body_text, ids_text,
                    SEPARATOR.join(spaced_cjk(v, SEPARATOR)
                                   for v in (*title_cjk, *dx_cjk, *body_cjk, *ids_cjk)))


def _column(found: Found) -> tuple[str, list[str]]:
    """The text of a column (``_Collector.add_all`` of ``found``, then ``text``) and its
    values holding CJK characters. Checked on the joined text first, as mostly no value
    needs cleaning or stripping: all printable, ``clean`` keeps each as it is and the only
    white space is a space; a value starting or ending with one (or empty) gives two in a
    row, with the spaces of SEPARATOR, or a text starting or ending with one."""
    text = SEPARATOR.join(found)
    latin = text.encode("latin-1", "ignore")  # a copy, when no character is past U+00FF
    plain = len(latin) == len(text)  # so none is CJK, and the bytes are the characters
    if (latin.translate(None, _PRINTABLE) if plain else not text.isprintable()) \
            or "  " in text or text[:1] == " " or text[-1:] == " ":
        found = dict.fromkeys([(v if v.isprintable() else clean(v)).strip() for v in found])
        found.pop("", None)
        text = SEPARATOR.join(found)
    if plain:
        return text, []
    cjk = [v for v in filterfalse(str.isascii, found) if has_cjk(v)]
    if cjk:
        text = SEPARATOR.join(without_cjk(v) if v in cjk else v for v in found)
    return text, cjk


_PRINTABLE = bytes(c for c in range(256) if chr(c).isprintable())  # as Latin-1


def _json_part(value: object, model: type[BaseModel] | None, column: str) -> _Collector:
    """The values ``_collect`` gives a section of a case, from the section's JSON form as
    ``to_json_dict`` dumps it from that case (which writes a None over a non-None default as
    null, so an omitted key has its default here too)."""
    found: Found = {}
    ids: Found = {}
    _json_collect(value, model, found, ids)
    part = _Collector()
    part.add_all(column, found)
    part.add_all("ids", ids)
    return part


@cache
def _section_model(name: str) -> type[BaseModel] | None:
    return _model_in(Case.model_fields[name].annotation)


Found = dict[str, None]  # the raw values of a column, each once, in order of first appearance
Walk = Callable[[dict[str, Any], Found, Found], None]


@cache
def _case_walk() -> Callable[[dict[str, Any], Found, Found, Found], None]:
    """``_json_collect`` of each indexed section of a case in turn (the diagnoses into
    ``dx``, the others into ``body``), compiled as ``_walks`` compiles it for a model."""
    walks = _walks()
    namespace: dict[str, Any] = {"collect": _json_collect}
    lines = ["def walk_case(value, dx, body, ids):"]
    for i, (name, info) in enumerate(Case.model_fields.items()):
        if not indexed(Case, name):
            continue
        to = "dx" if name == "diagnoses" else "body"
        model, default = _model_in(info.annotation), _default(info)
        namespace |= {f"s{i}": model, f"d{i}": default}
        found: Found = {}
        _json_collect(default, model, found, found)
        if found:  # its default has text
            lines += [f"    item = value.get({name!r}, d{i})", "    if item is not None:"]
        else:
            lines += [f"    if {name!r} in value:", f"        item = value[{name!r}]"]
        if model is not None:
            namespace[f"walk_of{i}"] = walks[model]
            lines += ["        if type(item) is list:",
                      "            for element in item:",
                      "                if type(element) is dict:",
                      f"                    walk_of{i}(element, {to}, ids)",
                      "                else:",
                      f"                    collect(element, s{i}, {to}, ids)",
                      "        elif type(item) is dict:",
                      f"            walk_of{i}(item, {to}, ids)",
                      "        else:",
                      f"            collect(item, s{i}, {to}, ids)"]
        else:
            lines += [f"        collect(item, None, {to}, ids)"]
    exec("\n".join(lines), namespace)  # our own source, above
    return namespace["walk_case"]


def _json_collect(value: object, model: type[BaseModel] | None, out: Found,
                  ids: Found) -> None:
    """``_collect`` over a JSON value of a field whose model (if it holds one) is ``model``:
    the raw values, in order, into ``out`` and (identifier fields) ``ids``; ``_column``
    (``_Collector.add``) is applied to them after. A key the JSON omits gets the field's
    default, as validation gives it."""
    if isinstance(value, str):
        out[humanize(value)] = None
    elif isinstance(value, list):
        for item in value:
            _json_collect(item, model, out, ids)
    elif isinstance(value, dict) and model is not None:
        _walks()[model](value, out, ids)


def _coded(value: dict[str, Any], out: Found, ids: Found) -> None:
    out[value["code"]] = None
    if value.get("label"):
        out[value["label"]] = None


_NOTHING = (int, float, bool, type(None))  # what no text comes from (True: handled before)


@cache
def _walks() -> dict[type[BaseModel], Walk]:
    """``_json_collect`` of a dict of each model a case holds, compiled for the model (see
    ``_source``): the loop over the declared fields, looking up each field and what to do
    with it, was most of the time the rebuild spent on a case's text. All are compiled
    before any is used (a model may hold itself)."""
    walks: dict[type[BaseModel], Walk] = {Coded: _coded}
    todo = [model for name in Case.model_fields
            if indexed(Case, name) and (model := _section_model(name))]
    calls: list[tuple[dict[str, Any], dict[str, type[BaseModel]]]] = []
    while todo:
        model = todo.pop()
        if model not in walks:
            namespace: dict[str, Any] = {"collect": _json_collect, "NOTHING": _NOTHING}
            exec(_source(model, namespace), namespace)  # our own source
            walks[model] = namespace[f"walk_{model.__name__}"]
            subs = {name: sub for name, sub in namespace.items()
                    if name.startswith("walk_of") and name[7:].isdigit()}
            todo += subs.values()
            calls.append((namespace, subs))
    for namespace, subs in calls:
        namespace |= {name: walks[sub] for name, sub in subs.items()}
    return walks


def _source(model: type[BaseModel], namespace: dict[str, Any]) -> str:
    """The walker's source: a branch per field that may hold text, in field order. The
    labels, models, defaults and (``walk_of`` names) the models whose walkers it calls go
    into ``namespace``."""
    lines = [f"def walk_{model.__name__}(value, out, ids):"]
    infos = model.model_fields
    humanized = "item.replace('_', ' ') if '_' in item and ' ' not in item else item"
    for i, (name, label, identifier) in enumerate(_fields(model)):
        to = "ids" if identifier else "out"
        sub, default = _model_in(infos[name].annotation), _default(infos[name])
        namespace |= {f"l{i}": label, f"s{i}": sub, f"d{i}": default}
        if default is None or default is False or default == [] or default == "":
            lines += [f"    if {name!r} in value:",  # omitted: no text, as its default
                      f"        item = value[{name!r}]"]
        else:
            lines += [f"    item = value.get({name!r}, d{i})", "    if item is not None:"]
        lines += ["        if type(item) is str:",
                  f"            {to}[{humanized}] = None",
                  "        elif item is True:",
                  f"            out[l{i}] = None"]
        if sub is not None:
            namespace[f"walk_of{i}"] = sub
            lines += ["        elif type(item) is dict:",
                      f"            walk_of{i}(item, {to}, ids)",
                      "        elif type(item) is list:",
                      "            for element in item:",
                      "                if type(element) is dict:",
                      f"                    walk_of{i}(element, {to}, ids)",
                      "                elif type(element) not in NOTHING:",
                      f"                    collect(element, s{i}, {to}, ids)"]
        else:  # a list of texts or numbers
            lines += ["        elif type(item) is list:",
                      "            for item in item:",
                      "                if type(item) is str:",
                      f"                    {to}[{humanized}] = None",
                      "                elif type(item) not in NOTHING:",
                      f"                    collect(item, None, {to}, ids)"]
        lines += ["        elif type(item) not in NOTHING:",
                  f"            collect(item, s{i}, {to}, ids)"]
    return "\n".join(lines if len(lines) > 1 else [*lines, "    pass"])


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
