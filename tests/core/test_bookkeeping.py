"""Which fields are bookkeeping is said once, on the field (role "bookkeeping", read by
``core.model.is_bookkeeping``), and the five places that leave bookkeeping out agree: the
editor's forms and tables, the PDF's field lists and masking walk, the search index and the
identifier scan. A field defined at test time shows it goes through the same code paths."""

from __future__ import annotations

import typing
from types import SimpleNamespace

from pydantic import BaseModel

from core.clinical.walk import free_text_fields
from core.model import Case, Record, is_bookkeeping
from core.model.base import BOOKKEEPING, F
from core.report import walk as report_walk
from core.report.blocks import record_pairs
from core.search import documents
from gui.editor.fields import record_fields


def _models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model not in seen:
            seen.append(model)
            for info in model.model_fields.values():
                for arg in _args(info.annotation):
                    if isinstance(arg, type) and issubclass(arg, BaseModel):
                        visit(arg)

    def _args(annotation: object) -> list[object]:
        return [annotation, *(a for arg in typing.get_args(annotation) for a in _args(arg))]

    visit(Case)
    return seen


def _left_in(model: type[BaseModel]) -> dict[str, set[str]]:
    """The fields each of the five places keeps (for PDF lists: of a filled record)."""
    out = {
        "editor": {s.name for s in record_fields(model)},
        "pdf masking": set(report_walk._text_fields(model)),
        "search": {name for name, _label, _ident in documents._fields(model)},
        "identifier scan": {f.name for f in free_text_fields(model)},
    }
    return out


def test_every_bookkeeping_field_is_left_out_everywhere():
    found = 0
    for model in _models():
        bookkeeping = {n for n in model.model_fields if is_bookkeeping(model, n)}
        found += len(bookkeeping)
        for place, kept in _left_in(model).items():
            assert not bookkeeping & kept, f"{place} keeps {model.__name__}.{bookkeeping & kept}"
    assert found >= 10
    assert {n for n in Case.model_fields if is_bookkeeping(Case, n)} == {
        "case_id", "schema_version", "status", "version", "locked_by", "locked_at"}
    assert {n for n in Record.model_fields if is_bookkeeping(Record, n)} == {
        "src", "placeholder_fields", "inferred_fields", "nf"}


class WardStay(Record):  # a new entity, defined at test time
    ward_code: str | None = F("Ward code", default=None, role=BOOKKEEPING)
    ward_note: str | None = F("Ward note", default=None)


def test_a_new_bookkeeping_field_is_left_out_and_its_neighbour_kept():
    for place, kept in _left_in(WardStay).items():
        assert "ward_code" not in kept, place
        assert "ward_note" in kept, place
    ctx = SimpleNamespace(options=SimpleNamespace(deidentified=False),
                          fmt=SimpleNamespace(field=lambda record, name: getattr(record, name),
                                              field_cell=lambda record, name: getattr(record, name)))
    pairs = record_pairs(ctx, WardStay(ward_code="W7-B", ward_note="Quiet night"))
    assert pairs == [("Ward note", "Quiet night")]
