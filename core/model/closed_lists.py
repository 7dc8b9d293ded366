"""Vocabularies whose list a field's value must come from (closed lists): a response category
(reference §5.7) and an EGIL subgroup. The open vocabularies (drugs, CTCAE terms, regimens,
markers...) take any text and their rules flag an unknown name.

A closed field stays a plain ``str`` in the model so that a case stored or imported with other
text in it still opens (nothing is dropped): rule V64 lists that text, and the editor refuses
it where it is typed. A name typed for a listed value is read as its code: the code, the label,
the words the PDF prints ("complete MRD response", "SD/NR"), the label before its bracket
("Partial cytogenetic response"), or a start of one of these that only one value has
("complete MRD" -> complete_MRD_response).

A list whose entries name the scopes they are for (a response category's ``scopes``, reference
§5.7: CR is a marrow or overall category, CNS remission a CNS one) is narrowed by a field of
the same record (``NARROWED_BY``: the response's Scope): the editor lists the scope's values
and reads a start among them first, and V64 warns of a value stored for another scope (kept:
a Scope changed after its Category is not a reason to drop the Category).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel

from core.model.base import field_meta
from core.model.codes import code_label
from core.model.vocab import Entry, vocabulary

CLOSED_VOCABS = frozenset({"response_category", "egil"})
# a closed list -> the field of its record whose value narrows it (the entries' "scopes")
NARROWED_BY = {"response_category": "scope"}


def _fold(text: str) -> str:
    return " ".join(text.replace("_", " ").casefold().split())


def _names(entry: Entry) -> tuple[str, ...]:
    """What a value is called: code, label, PDF words, label before its bracket, synonyms."""
    names = (entry.code, entry.label, code_label(entry.code), entry.label.split(" (")[0],
             *(str(s) for s in entry.get("synonyms", ())))
    return tuple(dict.fromkeys(_fold(n) for n in names if n.strip()))


@cache
def _named(name: str) -> tuple[tuple[Entry, tuple[str, ...]], ...]:
    return tuple((e, _names(e)) for e in vocabulary(name).entries)


def exact_code(name: str, text: str | None) -> str | None:
    """The code ``text`` names in full (any case; its code, label or words), or None."""
    wanted = _fold(text or "")
    if not wanted:
        return None
    return next((e.code for e, names in _named(name) if wanted in names), None)


def starting_with(name: str, text: str) -> list[str]:
    """The codes one of whose names starts with ``text``, in list order."""
    wanted = _fold(text)
    return [e.code for e, names in _named(name) if any(n.startswith(wanted) for n in names)]


def listed_code(name: str, text: str | None, scope: str | None = None) -> str | None:
    """The code ``text`` stands for: named in full, or the one value a start of a name fits
    (the one of ``scope``'s values, when several values have that start but one of them is
    the scope's: 'complete' in the MRD scope is complete MRD response); None when it fits
    none or several."""
    exact = exact_code(name, text)
    if exact is not None or not text or not text.strip():
        return exact
    starts = starting_with(name, text)
    scoped = [code for code in starts if in_scope(name, code, scope)]
    if scope and scoped:
        starts = scoped
    return starts[0] if len(starts) == 1 else None


def in_scope(name: str, code: str, scope: str | None) -> bool:
    """Whether ``code`` is one of ``scope``'s values (any value is, with no scope entered, in a
    list with no scopes, and a code that is not listed: V64 says so)."""
    entry = vocabulary(name).get(code) if scope else None
    scopes = entry.get("scopes") if entry is not None else None
    return scopes is None or scope in scopes


def scope_codes(name: str, scope: str | None) -> list[str]:
    """The codes of ``scope``, in list order (all of them with no scope)."""
    return [e.code for e in vocabulary(name).entries if in_scope(name, e.code, scope)]


def shown_name(name: str, code: str) -> str:
    """A listed value as a message names it: a response category in the PDF's words, an EGIL
    subgroup by its label up to its bracket ("B-II")."""
    if name == "response_category":
        return code_label(code)
    entry = vocabulary(name).get(code)
    return entry.label.split(" (")[0] if entry is not None else code


def is_listed(name: str, value: Any) -> bool:
    """The stored value is one of the list's codes, exactly (the engine compares codes)."""
    return isinstance(value, str) and value in vocabulary(name).codes()


@cache
def closed_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field, vocabulary) of each field of ``model`` whose vocabulary is a closed list."""
    out = []
    for field in model.model_fields:
        vocab = field_meta(model, field).get("vocab")
        if vocab in CLOSED_VOCABS:
            out.append((field, str(vocab)))
    return tuple(out)
