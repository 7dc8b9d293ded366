"""Facet values are stored folded (``cns3``, ``b-all``); these give them back their usual
spelling for display (``CNS3``, ``B-ALL``)."""

from __future__ import annotations

import typing

from core.model.codes import code_label
from core.model.diagnostics import Entity
from core.search.derived import CNS_RANK, RESPONSE_RANK

_KNOWN: dict[str, tuple[str, ...]] = {
    "maindx": typing.get_args(Entity),
    "cnsdx": tuple(CNS_RANK),
    "cns": tuple(CNS_RANK),
    "best_response": RESPONSE_RANK,
    "response": RESPONSE_RANK,
}


WORDED = frozenset({"best_response", "response"})  # shown in the report's words (SD/NR)


def display_value(facet: str, value: str) -> str:
    for known in _KNOWN.get(facet, ()):
        if known.lower() == value:
            return code_label(known) if facet in WORDED else known
    return value


def display_counts(facet: str, counts: dict[str, int]) -> dict[str, int]:
    return {display_value(facet, value): n for value, n in counts.items()}
