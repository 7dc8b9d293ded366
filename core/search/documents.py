"""The full-text document of a case, built generically from the model (ARCHITECTURE decision 1).

Every text value of the case goes in: free text, coded values (code and label), list items,
and the label of every yes/no field that is true ("CNS parenchymal involvement"). A new field
in the model is indexed without touching this module. Columns: ``title``; ``dx`` (diagnoses);
``body`` (everything else, plus derived values such as CNS3); ``ids`` (identifier fields and
the case id, searchable locally); ``cjk`` (CJK runs as single characters, see ``text``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from core.model import Case, Coded, field_meta
from core.search.derived import ClinicalValues
from core.search.text import clean, has_cjk, humanize, spaced_cjk, without_cjk

COLUMNS = ("title", "dx", "body", "ids", "cjk")
SEPARATOR = " · "
# Bookkeeping that is not case content.
SKIPPED_FIELDS = frozenset({
    "src", "placeholder_fields", "inferred_fields", "schema_version", "status", "version",
    "locked_by", "locked_at", "overrides", "case_id", "title", "system",
})


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
        self.values: dict[str, dict[str, None]] = {c: {} for c in ("title", "dx", "body", "ids")}

    def add(self, column: str, value: str) -> None:
        value = clean(value).strip()
        if value:
            self.values[column].setdefault(value, None)

    def text(self, column: str) -> str:
        return SEPARATOR.join(without_cjk(v) if has_cjk(v) else v
                              for v in self.values[column])

    def cjk(self) -> str:
        return SEPARATOR.join(spaced_cjk(v, SEPARATOR) for values in self.values.values()
                              for v in values if has_cjk(v))


def case_text(case: Case, derived: ClinicalValues) -> CaseText:
    out = _Collector()
    out.add("title", case.case_report.title or "")
    out.add("ids", case.case_id)
    for name in type(case).model_fields:
        if name in SKIPPED_FIELDS:
            continue
        column = "dx" if name == "diagnoses" else "body"
        for is_identifier, value in _texts(getattr(case, name)):
            out.add("ids" if is_identifier else column, value)
    for value in derived.words():
        out.add("body", value)
    return CaseText(out.text("title"), out.text("dx"), out.text("body"), out.text("ids"),
                    out.cjk())


def _texts(value: object, identifier: bool = False) -> Iterator[tuple[bool, str]]:
    """(is an identifier, text) for every text inside ``value``."""
    if isinstance(value, str):
        yield identifier, humanize(value)
    elif isinstance(value, Coded):
        yield identifier, value.code
        if value.label:
            yield identifier, value.label
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, identifier)
    elif isinstance(value, BaseModel):
        yield from _model_texts(value)


def _model_texts(model: BaseModel) -> Iterator[tuple[bool, str]]:
    for name, label, identifier in _fields(type(model)):
        value = getattr(model, name, None)
        if value is None or value is False:
            continue
        if value is True:
            yield False, label
        else:
            yield from _texts(value, identifier)


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """(name, label, is an identifier) of every field worth indexing."""
    out = []
    for name in model.model_fields:
        if name not in SKIPPED_FIELDS and name != "nf":
            meta = field_meta(model, name)
            out.append((name, str(meta["label"]), bool(meta.get("identifier"))))
    return tuple(out)
