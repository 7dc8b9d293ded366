"""A drug's abbreviation or brand name as a searched word: ``MTX`` also finds the cases whose
text says methotrexate, as the drug cell stores "MTX" typed there (the drug dictionary's
``synonyms``, ``resources/vocab/drug.json``). Resolved on the query side: the index keeps the
words as written, and a case whose text says MTX is found by ``MTX`` as before. A synonym that
is also a common clinical abbreviation for something else (DNR: do not resuscitate; CTX:
chemotherapy) is listed by its drug's ``synonyms_not_searched`` and is not expanded here (the
drug cell, and ``drug:DNR``, still read it as the drug)."""

from __future__ import annotations

from functools import cache

from core.model.vocab import vocabulary
from core.search.text import tokens


@cache
def _names() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A synonym's words -> the words of the drugs it names (CAR-T names two)."""
    found: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for entry in vocabulary("drug"):
        name = tuple(tokens(entry.code))
        unsearched = {str(s).casefold() for s in entry.get("synonyms_not_searched") or ()}
        for synonym in entry.get("synonyms") or ():
            if str(synonym).casefold() in unsearched:
                continue
            words = tuple(tokens(str(synonym)))
            if words and name and words != name and name not in found.setdefault(words, []):
                found[words].append(name)
    return {words: tuple(names) for words, names in found.items()}


def drug_names(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The words of the drugs that ``words`` (a whole typed term, folded) abbreviates or
    names by brand: ("mtx",) -> (("methotrexate",),); none for any other words."""
    return _names().get(words, ())
