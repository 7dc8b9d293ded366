"""Helpers for the clinical tests: the reference cases (tests/data/reference-cases.json, a
copy of ../shared/domain/reference-cases.json, else the shared file itself), and mutators
that corrupt a copy at a field path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.model import Case
from core.model.fieldpath import parse_path

ROOT = Path(__file__).resolve().parents[3]
CANDIDATES = (ROOT / "tests" / "data" / "reference-cases.json",
              ROOT.parent / "shared" / "domain" / "reference-cases.json")
TEST_KEYS = ("placeholder_summary", "expected_warnings", "expected_derivations")

Mutator = Callable[[dict[str, Any]], Any]


def _reference_file() -> Path:
    for path in CANDIDATES:
        if path.is_file():
            return path
    raise FileNotFoundError("reference-cases.json not found in tests/data or ../shared/domain")


_RAW: list[dict[str, Any]] = json.loads(_reference_file().read_text(encoding="utf-8"))["cases"]


def raw_case(number: int) -> dict[str, Any]:
    """A fresh copy of reference case 1 or 2 as in the file (with its test metadata)."""
    return copy.deepcopy(_RAW[number - 1])


def case_dict(number: int) -> dict[str, Any]:
    """A fresh copy of reference case 1 or 2 without test metadata, ready to validate."""
    data = raw_case(number)
    for key in TEST_KEYS:
        data.pop(key, None)
    return data


def build_case(number: int, *mutators: Mutator) -> Case:
    data = case_dict(number)
    for mutate in mutators:
        mutate(data)
    return Case.model_validate(data)


DELETE = object()


def setp(path: str, value: Any) -> Mutator:
    """A mutator that sets (or, with DELETE, removes) the value at a field path."""
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = parse_path(path)
        target = data
        for part in parents:
            target = target[part]
        if value is DELETE:
            del target[last]
        else:
            target[last] = copy.deepcopy(value)
    return mutate

