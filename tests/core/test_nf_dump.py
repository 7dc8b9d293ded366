"""Missing-value reasons (``<field>_nf``) in a case's dumps, written in one pass over the
dumped dict (core.model.base.WritesMissing) instead of a per-record wrap serializer: the output
must stay byte for byte what the serializer gave, i.e. pydantic's own dump with each record's
reasons appended after its keys, sorted by field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from core.model import Case
from core.model.base import MISSING_REASONS, Record
from core.services.demo import reference_cases
from core.synth import generate_cases


def _records(model: Any, found: list[Record]) -> None:
    if isinstance(model, Record):
        found.append(model)
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            _records(getattr(model, name), found)
    elif isinstance(model, (list, tuple)):
        for item in model:
            _records(item, found)


def _with_reasons(case: Case, salt: int) -> Case:
    """A copy of ``case`` with reasons on every third record (two fields each, unsorted)."""
    case = case.model_copy(deep=True)
    found: list[Record] = []
    _records(case, found)
    for i, record in enumerate(found):
        if (i + salt) % 3 == 0:
            names = [n for n in type(record).model_fields if n != "nf"]
            record.nf = {names[(i * 7) % len(names)]: MISSING_REASONS[i % 5],
                         names[(i * 3) % len(names)]: MISSING_REASONS[(i + 1) % 5]}
    return case


def _expected(model: Any, out: Any) -> None:
    """The old serializer's output: reasons after each record's own keys (independent walk)."""
    if isinstance(model, BaseModel) and isinstance(out, dict):
        for name in type(model).model_fields:
            if name in out:
                _expected(getattr(model, name), out[name])
        if isinstance(model, Record):
            for key in sorted(model.nf):
                out[f"{key}_nf"] = model.nf[key]
    elif isinstance(model, (list, tuple)) and isinstance(out, list):
        for item, item_out in zip(model, out, strict=True):
            _expected(item, item_out)


def _cases() -> list[Case]:
    return list(reference_cases()) + list(generate_cases(200, seed=7))


def _reasons_given(case: Case, salt: int) -> set[tuple[Any, ...]]:
    """What _with_reasons(case, salt) gives, without copying the case: each kind of record,
    and each field of a kind given a reason, empty or not."""
    found: list[Record] = []
    _records(case, found)
    given: set[tuple[Any, ...]] = set()
    for i, record in enumerate(found):
        given.add((type(record).__name__,))
        if (i + salt) % 3 == 0:
            names = [n for n in type(record).model_fields if n != "nf"]
            for name in (names[(i * 7) % len(names)], names[(i * 3) % len(names)]):
                given.add((type(record).__name__, name, getattr(record, name) is None))
    return given


def _chosen(salt: int) -> list[tuple[int, Case]]:
    """The first 20 of the 202 cases, then one by one the case that adds the most of what the
    others give (_reasons_given) until the chosen give all of it: some 60 cases, not 202."""
    cases = _cases()
    given = [_reasons_given(case, index + salt) for index, case in enumerate(cases)]
    chosen = list(range(20))
    missing = set().union(*given) - set().union(*given[:20])
    while missing:
        best = max(range(len(cases)), key=lambda i: len(given[i] & missing))
        chosen.append(best)
        missing -= given[best]
    assert len(chosen) < len(cases) / 2
    return [(index, cases[index]) for index in sorted(chosen)]


@pytest.mark.parametrize("salt", [0, 1])
def test_dumps_are_pydantic_dump_plus_sorted_reasons(salt: int) -> None:
    reasons = 0
    for index, plain_case in _chosen(salt):
        case = _with_reasons(plain_case, index + salt)
        for kwargs in ({"mode": "json", "exclude_none": True}, {"mode": "json"}, {}):
            expected = BaseModel.model_dump(case, **kwargs)
            _expected(case, expected)
            got = case.model_dump(**kwargs)
            assert json.dumps(got, default=str) == json.dumps(expected, default=str)
        doc = case.to_json_dict()
        assert json.dumps(doc) == json.dumps(case.model_dump(mode="json", exclude_none=True))
        assert json.loads(case.model_dump_json()) == case.model_dump(mode="json")
        reasons += json.dumps(doc).count('_nf"')
        assert Case.model_validate(doc).to_json_dict() == doc  # the reasons read back
    assert reasons > 1000


def test_a_record_dumped_alone_carries_its_reasons() -> None:
    case = reference_cases()[0].model_copy(deep=True)
    case.patient.nf = {"sex": "unknown", "country": "not_reported"}
    dumped = case.patient.model_dump(mode="json", exclude_none=True)
    assert list(dumped)[-2:] == ["country_nf", "sex_nf"]
    assert json.loads(case.patient.model_dump_json())["sex_nf"] == "unknown"
    assert case.to_json_dict()["patient"]["sex_nf"] == "unknown"


def test_json_dump_matches_pydantic_json() -> None:
    """Without reasons, the JSON text is pydantic's own (separators, numbers, indent)."""
    for case in reference_cases():
        case = case.model_copy(deep=True)
        found: list[Record] = []
        _records(case, found)
        for record in found:
            record.nf = {}
        assert case.model_dump_json() == BaseModel.model_dump_json(case)
        assert case.model_dump_json(indent=2) == BaseModel.model_dump_json(case, indent=2)


def test_a_drafts_missing_value_reasons_survive_the_drafts_table(casebook, reference_cases):
    case = reference_cases[0].model_copy(deep=True)
    case.patient.nf = {"age_at_day0": "unknown"}
    case.treatment_lines[0].nf = {"intent": "not_reported"}
    key = casebook.drafts.save_draft(case)
    (draft,) = [d for d in casebook.drafts.list_drafts() if d.key == key]
    assert draft.case.patient.nf == {"age_at_day0": "unknown"}
    assert draft.case.treatment_lines[0].nf == {"intent": "not_reported"}
    assert draft.case.model_dump(mode="json") == case.model_dump(mode="json")
