"""Controlled vocabularies shipped in ``resources/vocab``: loaded once, looked up by code.

A vocabulary file is ``{"vocabulary": name, "system": ..., "version": ..., "entries": [...]}``;
each entry has ``code`` and ``label`` plus vocabulary-specific extras (a drug's ATC code, an
analyte's units...). ``vocabulary(name)`` takes the names used in the model's field metadata
(``F(..., vocab="icd10")``). The ``atc`` vocabulary is derived from the drug dictionary.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from core.model.base import Coded, field_meta
from resources import resource_path

_FILE_ALIASES = {"unit": "units"}  # vocabulary name -> file stem, where they differ
CLOSE = 85.0  # a "did you mean" score: daunorubicn ~ daunorubicin 95.7, neuropathy ~ each
# peripheral neuropathy 90, while fever ~ febrile neutropenia scores only 60


class VocabularyError(LookupError):
    """A vocabulary that does not exist or whose file is malformed."""


@dataclass(frozen=True)
class Entry:
    """One code of a vocabulary, with its label and vocabulary-specific extras."""

    code: str
    label: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.extra.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.extra[key]

    def flag(self, key: str) -> bool:
        """A boolean extra such as ``it_allowed``; False when absent."""
        return bool(self.extra.get(key, False))


class Vocabulary:
    """An immutable, versioned code list with lookup and picker search."""

    def __init__(
        self,
        name: str,
        system: str,
        version: str,
        entries: tuple[Entry, ...],
        uri: str | None = None,
    ) -> None:
        self.name = name
        self.system = system
        self.version = version
        self.uri = uri
        self.entries = entries
        self._by_code = {e.code: e for e in entries}
        self._by_fold = {e.code.casefold(): e for e in entries}
        self._keys = tuple(_search_keys(e) for e in entries)
        self._names: dict[str, list[int]] | None = None  # for ``closest``
        listing: dict[str, list[Entry]] = {}  # a name -> every entry listing it
        for e in entries:
            for name in (e.label, *e.extra.get("synonyms", ())):
                found = listing.setdefault(str(name).strip().casefold(), [])
                if e not in found:
                    found.append(e)
        self._listing = {name: tuple(found) for name, found in listing.items()}
        # A label given twice names the first entry (a drug's current and former ATC code
        # are both labelled with its name); a synonym several entries list names none
        # ("CAR-T" is tisagenlecleucel's and brexucabtagene autoleucel's).
        labels = {e.label.strip().casefold() for e in entries}
        self._by_name = {name: found[0] for name, found in self._listing.items()
                         if len(found) == 1 or name in labels}

    def __repr__(self) -> str:
        return (
            f"Vocabulary({self.name!r}, {self.system} {self.version}, {len(self.entries)} entries)"
        )

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def get(self, code: str | None) -> Entry | None:
        """The entry for a code (exact, then case-insensitive), or None."""
        if not code:
            return None
        return self._by_code.get(code) or self._by_fold.get(code.strip().casefold())

    def named(self, text: str | None) -> Entry | None:
        """The entry whose code, label or a synonym is ``text`` (case-insensitive), or None:
        "China", "CHN" and "cn" all name CN."""
        if not text:
            return None
        return self.get(text) or self._by_name.get(text.strip().casefold())

    def all_named(self, text: str | None) -> tuple[Entry, ...]:
        """Every entry whose code, label or a synonym is ``text`` (case-insensitive): both
        CAR-T products for "CAR-T", where ``named`` gives none."""
        if not text:
            return ()
        coded = self.get(text)
        listed = self._listing.get(text.strip().casefold(), ())
        if coded is None or coded in listed:
            return listed
        return (coded, *listed)

    def named_within(self, text: str, within: str | None) -> Entry | None:
        """The one entry whose label or a synonym is ``text`` (case-insensitive) among those
        whose code starts with ``within`` and a hyphen (all, when ``within`` is empty); None
        when none or several have it: "Bavaria" within DE is DE-BY."""
        wanted = text.strip().casefold()
        prefix = f"{within.strip().upper()}-" if within and within.strip() else ""
        found = [e for e in self.entries if e.code.startswith(prefix) and wanted in
                 (e.label.casefold(), *(str(s).casefold() for s in e.extra.get("synonyms", ())))]
        return found[0] if len(found) == 1 else None

    def label(self, code: str | None) -> str | None:
        entry = self.get(code)
        return entry.label if entry else None

    def codes(self) -> list[str]:
        return [e.code for e in self.entries]

    def search(self, text: str, limit: int = 20) -> list[Entry]:
        """Entries whose code, label or synonym matches ``text`` (case-insensitive).

        Exact codes come first, then prefixes of the code or label, then word prefixes in the
        label, then any substring; entries keep file order within each rank.
        """
        needle = text.strip().casefold()
        if not needle:
            return list(self.entries[:limit])
        ranked: list[tuple[int, int]] = []
        for index, keys in enumerate(self._keys):
            rank = _rank(needle, keys)
            if rank is not None:
                ranked.append((rank, index))
        ranked.sort()
        return [self.entries[index] for _, index in ranked[:limit]]

    def closest(self, text: str, limit: int = 3) -> list[Entry]:
        """The entries whose label, a synonym or a related word is nearest ``text``, best
        first: what a "did you mean" offers for a typo ('daunorubicn'), a truncated name
        ('Peripheral sensory neuro') or a word clinicians use ('neutropenia'). Empty when
        nothing scores ``CLOSE`` or more (rapidfuzz WRatio, 0-100)."""
        from rapidfuzz import fuzz, process  # at the first suggestion, not at start-up

        if self._names is None:  # name (case-folded) -> entry indexes, built on first use
            self._names = {}
            for index, e in enumerate(self.entries):
                for name in (e.label, e.code, *e.extra.get("synonyms", ()),
                             *e.extra.get("related", ())):
                    listed = self._names.setdefault(str(name).strip().casefold(), [])
                    if index not in listed:  # "CAR-T": each product listing it
                        listed.append(index)
        typed = text.strip().casefold()
        found = process.extract(typed, list(self._names), scorer=fuzz.WRatio,
                                score_cutoff=CLOSE, limit=None)
        scored = sorted(((_likeness(typed, name), name) for name, _score, _ in found),
                        key=lambda pair: -pair[0])
        indexes = list(dict.fromkeys(index for score, name in scored if score >= CLOSE
                                     for index in self._names[name]))
        return [self.entries[index] for index in indexes[:limit]]


def _likeness(typed: str, name: str) -> float:
    """WRatio without its partial token scores. With one text 1.5 times the other's length,
    WRatio gives 85.5 to any pair sharing one whole word ('platelets decreased' ~ 'carbon
    monoxide diffusing capacity decreased', 'liver function tests abnormal' ~ 'liver failure'):
    a long vocabulary would offer its every term holding 'decreased'. Here a shorter text counts
    only as a part of the longer one's letters ('neutropenia' in 'febrile neutropenia')."""
    from rapidfuzz import fuzz

    short, long = sorted((len(typed), len(name)))
    if not short:
        return 0.0
    if long / short < 1.5:
        return max(fuzz.ratio(typed, name), 0.95 * fuzz.token_sort_ratio(typed, name),
                   0.95 * fuzz.token_set_ratio(typed, name))
    scale = 0.9 if long / short < 8 else 0.6  # WRatio's weights for a part
    return max(fuzz.ratio(typed, name), scale * fuzz.partial_ratio(typed, name))


def _search_keys(entry: Entry) -> tuple[str, str, tuple[str, ...]]:
    synonyms = tuple(s.casefold() for s in entry.extra.get("synonyms", ()))
    return entry.code.casefold(), entry.label.casefold(), synonyms


def _rank(needle: str, keys: tuple[str, str, tuple[str, ...]]) -> int | None:
    code, label, synonyms = keys
    if code == needle:
        return 0
    if code.startswith(needle) or label.startswith(needle):
        return 1
    if any(s.startswith(needle) for s in synonyms):
        return 2
    if any(word.startswith(needle) for word in label.replace("-", " ").split()):
        return 3
    if needle in code or needle in label or any(needle in s for s in synonyms):
        return 4
    return None


@cache
def vocabulary(name: str) -> Vocabulary:
    """The vocabulary called ``name`` (as in field metadata), loaded once per process."""
    if name == "atc":
        return _atc_vocabulary()
    path = resource_path("vocab", f"{_FILE_ALIASES.get(name, name)}.json")
    if not path.is_file():
        raise VocabularyError(f"no vocabulary named {name!r}")
    return _parse(name, json.loads(path.read_text(encoding="utf-8")))


def vocabulary_names() -> list[str]:
    """Names of every shipped vocabulary."""
    stems = {p.stem for p in resource_path("vocab").glob("*.json")}
    names = {alias for alias, stem in _FILE_ALIASES.items() if stem in stems}
    names |= {s for s in stems if s not in _FILE_ALIASES.values()} | {"atc"}
    return sorted(names)


def _parse(name: str, data: Any) -> Vocabulary:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise VocabularyError(f"vocabulary {name!r}: expected an object with 'entries'")
    entries = tuple(_entry(name, raw) for raw in data["entries"])
    return Vocabulary(
        name,
        str(data.get("system") or name),
        str(data.get("version") or ""),
        entries,
        data.get("uri"),
    )


def _entry(name: str, raw: Any) -> Entry:
    if not isinstance(raw, dict) or not raw.get("code") or not raw.get("label"):
        raise VocabularyError(f"vocabulary {name!r}: every entry needs a code and a label")
    extra = {k: v for k, v in raw.items() if k not in ("code", "label")}
    return Entry(str(raw["code"]), str(raw["label"]), MappingProxyType(extra))


def _atc_vocabulary() -> Vocabulary:
    drugs = vocabulary("drug")
    entries: list[Entry] = []
    for drug in drugs:
        entries.append(Entry(drug["atc"], drug.code, MappingProxyType({"inn": drug.code})))
        for old in drug.get("former_atc", ()):
            entries.append(
                Entry(
                    old, drug.code, MappingProxyType({"inn": drug.code, "replaced_by": drug["atc"]})
                )
            )
    return Vocabulary("atc", drugs.system, drugs.version, tuple(entries), drugs.uri)


def drug_by_inn(inn: str | None) -> Entry | None:
    """The drug dictionary entry for an INN (case-insensitive), or None."""
    return vocabulary("drug").get(inn)


def drug_named(name: str | None) -> Entry | None:
    """The drug an INN, a brand name or an abbreviation the dictionary lists names
    (case-insensitive: "MTX", "Ara-C", "Blincyto"), or None: also for a name several drugs
    list ("CAR-T"), which says not which one was given."""
    return vocabulary("drug").named(name)


def drugs_named(name: str | None) -> tuple[Entry, ...]:
    """Every drug ``name`` names: one for "MTX", both CAR-T products for "CAR-T"."""
    return vocabulary("drug").all_named(name)


def drug_by_atc(atc: str | None) -> Entry | None:
    """The drug with this ATC code, current or former (e.g. L01XC19 -> blinatumomab)."""
    atc_entry = vocabulary("atc").get(atc)
    return drug_by_inn(atc_entry.label) if atc_entry else None


# --- Filling labels of coded values --------------------------------------------------------


@cache
def _coded_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field name, vocabulary name) of every ``Coded`` field of a model that names a vocab."""
    found = []
    for name, info in model.model_fields.items():
        vocab_name = field_meta(model, name).get("vocab")
        if vocab_name and Coded in getattr(info.annotation, "__args__", (info.annotation,)):
            found.append((name, vocab_name))
    return tuple(found)


def resolve_codes(record: BaseModel) -> None:
    """Fill label, system and version of the record's ``Coded`` fields from their vocabulary.

    Values already present are kept (a stored code keeps the version it was coded with);
    unknown codes stay without a label, for a validation rule to flag.
    """
    for name, vocab_name in _coded_fields(type(record)):
        coded = getattr(record, name)
        if coded is None or None not in (coded.label, coded.system, coded.version):
            continue
        resolved = resolve_coded(coded, vocab_name)
        if resolved is not coded:
            setattr(record, name, resolved)


def resolve_coded(coded: Coded, vocab_name: str) -> Coded:
    """A copy of ``coded`` with missing label/system/version filled in, if the code is known."""
    vocab = vocabulary(vocab_name)
    entry = vocab.get(coded.code)
    if entry is None:
        return coded
    return Coded(
        code=entry.code,
        label=coded.label or entry.label,
        system=coded.system or vocab.system,
        version=coded.version or vocab.version,
    )
