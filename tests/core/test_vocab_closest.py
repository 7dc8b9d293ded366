"""Vocabulary.closest (the "did you mean" of V38 and V63) offers a name for its letters, not for
one whole word it shares with a longer name: with rapidfuzz's WRatio, any name 1.5 times the
typed text's length that held one of its words scored 85.5, over the 85 cut-off, so a widened
CTCAE vocabulary offered 'Carbon monoxide diffusing capacity decreased' for 'Platelets
decreased'."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from core.model.vocab import Entry, Vocabulary


def vocab(*names: str, related: dict[str, list[str]] | None = None) -> Vocabulary:
    return Vocabulary("t", "T", "1", tuple(
        Entry(n, n, MappingProxyType({"related": (related or {}).get(n, [])})) for n in names))


def codes(found: list[Entry]) -> list[str]:
    return [e.code for e in found]


def test_one_shared_word_is_not_close():
    terms = vocab("Carbon monoxide diffusing capacity decreased", "Hepatic failure",
                  related={"Hepatic failure": ["liver failure"]})
    assert terms.closest("Platelets decreased") == []
    assert terms.closest("Liver function tests abnormal") == []


@pytest.mark.parametrize(("typed", "offered"), [
    ("Peripheral sensory neuro", ["Peripheral sensory neuropathy"]),  # a truncated name
    ("neutropenia", ["Febrile neutropenia"]),  # a part of a longer name
    ("nausea and vomiting", ["Nausea", "Vomiting"]),  # names in a longer text
    ("Diarhea", ["Diarrhea"]),  # a typo
    ("oral mucositis", ["Mucositis oral"]),  # the words in another order
])
def test_letters_close_or_a_part_still_are(typed, offered):
    terms = vocab("Peripheral sensory neuropathy", "Febrile neutropenia", "Nausea", "Vomiting",
                  "Diarrhea", "Mucositis oral", "Carbon monoxide diffusing capacity decreased")
    assert sorted(codes(terms.closest(typed))) == sorted(offered)
