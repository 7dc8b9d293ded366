"""Vocabulary look-ups for pickers, tolerant of a missing or unknown vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from core.model.codes import code_label
from core.units import normalize_unit


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str

    @property
    def text(self) -> str:
        same = self.label.casefold() in ("", self.code.casefold())  # "MRD failure" twice
        return self.code if same else f"{self.code}{SEPARATOR}{self.label}"


@cache
def _vocabulary(name: str) -> Any:
    try:
        from core.model.vocab import vocabulary
    except ImportError:
        return None
    try:
        return vocabulary(name)
    except (LookupError, OSError, ValueError):
        return None


def search(name: str | None, text: str, limit: int = 30) -> list[Suggestion]:
    vocab = _vocabulary(name) if name else None
    if vocab is None:
        return []
    # a worded vocabulary is listed in the words it is shown in ("SD/NR — Stable disease / no
    # response"), never as its codes (SD_NR, complete_MRD_response): the words are read back
    shown_as = code_label if name in WORDED else str
    return [Suggestion(shown_as(e.code), e.label) for e in vocab.search(text, limit=limit)]


def label_of(name: str | None, code: str | None) -> str | None:
    entry = entry_of(name, code)
    return str(entry.label) if entry is not None else None


UNITS = "unit"  # the vocabulary of lab units: UCUM codes, labelled as clinicians write them
# vocabularies whose codes are shown in the words the PDF prints (core.model.codes):
# a response category CNS_remission is "CNS remission", SD_NR "SD/NR"
WORDED = frozenset({"response_category"})
# vocabularies of places, whose codes are shown with their names, as a choice with a label is
# ("CN — China", "DE-BY — Bavaria"): a clinician reads the name, the code stays what is stored
NAMED_PLACES = frozenset({"country", "subdivision"})
SHOWN_NAMES = WORDED | {UNITS} | NAMED_PLACES  # shown other than as their code, and read back
SEPARATOR = " — "  # between a code and its label in pickers: "IT — Intrathecal use"


def shown(name: str | None, code: str) -> str:
    """How a stored code is shown and edited: a unit as a clinician writes it (the stored
    UCUM code 10*9/L as ×10⁹/L; stored data keeps the code), a response category in the
    PDF's words, a country or subdivision with its name ("CN — China"), any other code as
    itself."""
    if name in NAMED_PLACES:
        entry = entry_of(name, code)
        return Suggestion(str(entry.code), str(entry.label)).text if entry is not None else code
    if name == UNITS:
        return label_of(name, code) or code
    if name in WORDED and entry_of(name, code) is not None:
        return code_label(code)
    return code


def stored_code(name: str | None, text: str) -> str:
    """The code to store for a unit typed or pasted by name (×10⁹/L, x10^9/L: 10*9/L), or a
    response category in words ("SD/NR": SD_NR), as the picker stores it; other text, and any
    other vocabulary's, as it is. A country or subdivision as shown ("CN — China") is its
    code, a listed code in another case ("cn") as listed ("CN"); a name is read by the field's
    picker, within the case's country for a subdivision (La Rioja is ES-RI in Spain)."""
    if name in NAMED_PLACES:
        code = text.split(SEPARATOR, 1)[0].strip() if SEPARATOR in text else text
        entry = entry_of(name, code)
        return str(entry.code) if entry is not None else code
    if name in SHOWN_NAMES:
        return code_named(name, text) or text
    return text


def entry_of(name: str | None, code: str | None) -> Any:
    vocab = _vocabulary(name) if name else None
    if vocab is None or not code:
        return None
    if name == UNITS:  # UCUM is case-sensitive: G/L is giga per litre (10*9/L), not g/L
        code = normalize_unit(code)  # the vocabulary's own look-up ignores case
        return vocab.get(code) if code else None
    return vocab.get(code)


def code_named(name: str | None, text: str | None, within: str | None = None) -> str | None:
    """The code a typed name stands for ("China" -> "CN"): None when ``text`` is a code itself
    (kept as typed) or names no entry. ``within``: a code the entries' codes start with
    ("DE": Bavaria -> DE-BY); without it, a name several entries share names none."""
    vocab = _vocabulary(name) if name else None
    if name == UNITS and vocab is not None and text:  # G/L: 10*9/L, never g/L (see entry_of)
        code = normalize_unit(text)
        return code if code != text else None
    if vocab is None or not text or vocab.get(text) is not None:
        return None
    if name in WORDED:  # the words it is shown in ("CNS remission", "SD/NR")
        wanted = " ".join(text.casefold().split())
        worded = next((e.code for e in vocab.entries
                       if code_label(e.code).casefold() == wanted), None)
        if worded is not None:
            return worded
    if within is None:
        entry = vocab.named(text)
        return entry.code if entry is not None else None
    entry = vocab.named_within(text, within)
    return entry.code if entry is not None else None


def in_scope(name: str | None, shown_code: str, within: str) -> bool:
    """Whether an entry, by the code it is listed with, is one of ``within``'s: of the
    scopes it names ("scopes": a response category's, CNS remission of the CNS scope), or, in
    a vocabulary whose entries name none, with a code that starts "WITHIN-" (DE-BY in DE)."""
    code = code_named(name, shown_code) or shown_code  # "CNS remission": CNS_remission
    entry = entry_of(name, code)
    scopes = entry.get("scopes") if entry is not None else None
    if scopes is not None:
        return within in scopes
    return shown_code.upper().startswith(f"{within.upper()}-")


ABBREVIATIONS = "choice_abbreviation"  # the vocabulary of choice values' abbreviations


def abbreviations(option: str) -> tuple[str, ...]:
    """What a clinician may type for a choice value instead of its name ("LP" for
    lumbar_puncture), from resources/vocab/choice_abbreviation.json; none when it has none."""
    entry = entry_of(ABBREVIATIONS, option)
    return tuple(str(s) for s in entry.get("synonyms", ())) if entry is not None else ()


def option_abbreviated(options: tuple[str, ...], text: str) -> str | None:
    """The option whose abbreviation ``text`` is ("lp" -> lumbar_puncture), or None."""
    wanted = text.strip().casefold()
    return next((o for o in options if wanted in (a.casefold() for a in abbreviations(o))),
                None)
