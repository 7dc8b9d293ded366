"""The command line numbers a table's rows as the editor does (core.clinical.row_numbers
mirrors gui.editor.row_numbers): for cases whose rows are stored out of date order, every row of
every table is called by the same words in both, so "row 3" in `casebook validate` is the row a
clinician sees third in the editor."""

from __future__ import annotations

import json
import typing

import pytest
from pydantic import BaseModel

from core.clinical.row_numbers import shown_path, when_field
from core.model import Case
from core.model.editor_sections import section_path
from core.model.fieldpath import flatten
from tests.conftest import REFERENCE_CASEBOOK


def _shuffled(number: int) -> Case:
    """Reference case ``number`` with every list's rows stored in reverse (the editor sorts
    them back by date), the first line's administrations rotated."""
    doc = json.loads(REFERENCE_CASEBOOK.read_text())["cases"][number]

    def reverse(value):
        if isinstance(value, dict):
            return {k: reverse(v) for k, v in value.items()}
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return [reverse(v) for v in reversed(value)]
        return value

    doc = reverse(doc)
    admins = doc["treatment_lines"][0]["administrations"]
    admins.append(admins.pop(0))
    return Case.model_validate(doc)


def _row_paths(case: Case) -> list[str]:
    paths = set()
    for path in flatten(case.to_json_dict()):
        head = path
        while "[" in head:
            head = head[:head.rindex("[")]
            paths.add(path[:path.index("]", len(head)) + 1])
            path = head
    return sorted(paths)


@pytest.mark.parametrize("number", [0, 1])
def test_every_row_is_named_as_the_editor_names_it(editor, qtbot, number):
    case = _shuffled(number)
    editor.load_case(case)
    qtbot.waitUntil(lambda: editor.ctx.feedback.engine == "core.clinical", timeout=10000)
    paths = _row_paths(case)
    assert len(paths) > 20
    differ = [p for p in paths if shown_path(case, p) != editor.path_words(p)]
    assert not differ, [(p, shown_path(case, p), editor.path_words(p)) for p in differ[:5]]
    as_stored = [p for p in paths if section_path(p) == shown_path(case, p)]
    assert len(as_stored) < len(paths)  # the shown order differs from the stored one


def _record_models(model, seen):
    if model in seen:
        return
    seen.append(model)
    for info in model.model_fields.values():
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            for inner in (arg, *typing.get_args(arg)):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    _record_models(inner, seen)


def test_the_dating_field_is_the_editors():
    from gui.editor.fields import first_when_field

    models: list = []
    _record_models(Case, models)
    assert len(models) > 30
    for model in models:
        assert when_field(model) == first_when_field(model), model.__name__
