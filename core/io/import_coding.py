"""What an import reads as the form reads it (the JSON case import and the dataset import alike,
``InterchangeService.import_files``): a drug given without its ATC code whose name the drug
dictionary lists for one drug ("MTX", "Ara-C", "methotrexate") is stored by its dictionary name
with its ATC code (methotrexate, L01BA01), as ``gui.editor.typed_drug`` stores it typed; one
given with that drug's own ATC code ("MTX", L01BA01) by its dictionary name, the code kept. A
drug named where no ATC code is (an adverse event's attribution, a diagnosis's "On treatment
at relapse") is read the same way, and as the case's treatments read that name: an "MTX" kept
there is kept here too, so V49 still finds the drug among the treatments. A response category
or EGIL subgroup written as one list entry's code, name or synonym in other case or spacing
("complete remission", "sd/nr", "B-II (common): CD10+") is stored as that entry's code, as the
form's choice field stores it (``closed_lists.exact_code``), when it is a value of its row's
Scope (the form lists only those).

Anything else is kept as written, so a file exported earlier always imports back: a drug with
another ATC code (or a reason for none), a name the dictionary does not know or lists for
several drugs ("CAR-T"), an abbreviation with another common meaning (the dictionary's
``synonyms_not_searched``: "CTX" could be cetuximab) unless its ATC code says which drug, text
that names no entry or only starts one ("complete MRD"), a category of another scope, a
spreadsheet's word for an empty cell ("None", "N/A") unless the list has it as an entry's name
(EGIL's "Not applicable"). V38, V64 and V49 list those. A locked case is stored as it was
signed (the form cannot change it either). Each change is said, for the case's import audit
entry and ``casebook validate`` ("'MTX' → methotrexate (L01BA01) at
treatment_lines[0].administrations[5]"), and counted, for the import's report (``coded_text``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel

from core.model import Case, field_meta
from core.model.closed_lists import NARROWED_BY, closed_fields, exact_code, in_scope, is_listed
from core.model.vocab import Entry, drug_named, vocabulary

ATC = "atc"
# a spreadsheet's words for an empty cell: kept as written (V64 lists them), never read as
# the list entry they happen to spell ("None" is the code of "No cytogenetic response"),
# unless the list has an entry for "none" itself (``_blank_words``)
BLANK_WORDS = frozenset({"none", "n/a", "na", "nil", "null", "-", "--", "not applicable"})
# what the report calls a closed list's values, one and several
_LIST_WORDS = {"response_category": ("response category", "response categories"),
               "egil": ("EGIL subgroup", "EGIL subgroups")}
# what the audit entry of a case says before its changes
CHANGES_SAID = "read as the form reads them"


@dataclass
class ImportCoding:
    """Applies the mappings case by case (no case is kept) and counts them."""

    drugs: int = 0  # drug names matched to the dictionary
    listed: dict[str, int] = field(default_factory=dict)  # closed vocabulary -> values matched
    # the last case mapped: (its id, its changes), for its audit entries (``note``); one
    # case only, so memory does not grow with the import
    _last: tuple[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def apply(self, case: Case) -> list[str]:
        """Map the values of ``case`` in place (a case just read: no one else holds it); its
        changes, in words ("'MTX' → methotrexate (L01BA01) at ...")."""
        self._last = None
        if case.status == "locked":
            return []
        mine = _CaseCoding(where=_field_words(case))
        records = _records(case)
        for path, record in records:  # the drugs beside an ATC first: the others follow them
            mine.drugs_with_atc(path, record)
            mine.closed(path, record)
        for path, record in records:
            mine.drugs_by_name(path, record)
        if mine.changes:
            self._last = (case.case_id, mine.changes)
            self.drugs += mine.drugs
            for vocab, n in mine.listed.items():
                self.listed[vocab] = self.listed.get(vocab, 0) + n
        return mine.changes

    def note(self, case_id: str) -> str | None:
        """What the audit entries of case ``case_id``, the one just mapped, add to their
        reason: "read as the form reads them: 'MTX' → methotrexate (L01BA01) at ...", or None
        when nothing was mapped."""
        if not self._last or self._last[0] != case_id:
            return None
        return f"{CHANGES_SAID}: {'; '.join(self._last[1])}"


@dataclass
class _CaseCoding:
    """One case's mappings: what its treatments made of each drug name, and its changes."""

    drugs: int = 0
    listed: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    # a drug name as its treatments have it (folded) -> the name stored for it, or None when
    # kept as written; a name mapped anywhere wins over one kept
    names: dict[str, str | None] = field(default_factory=dict)
    # a field in words from its record's path and its name ("Treatment › ... › row 3 › Drug")
    where: Callable[[str, str], str] = lambda path, name: f"{path}.{name}" if path else name

    def drugs_with_atc(self, path: str, record: BaseModel) -> None:
        for name in _drug_fields(type(record)):
            value = getattr(record, name, None)
            if not isinstance(value, str) or not value.strip():
                continue
            drug = self._atc_drug(record, value)
            key = _fold(value)
            if drug is None:
                self.names.setdefault(key, None)
                continue
            self.names[key] = drug.code
            if value == drug.code:
                continue
            atc = getattr(record, ATC, None)
            setattr(record, name, drug.code)
            if atc in (None, ""):
                setattr(record, ATC, drug.get(ATC))
            self.drugs += 1
            self.changes.append(f"{value} → {drug.code} ({drug.get(ATC)}) at "
                                f"{self.where(path, name)}")

    @staticmethod
    def _atc_drug(record: BaseModel, value: str) -> Entry | None:
        """The drug ``value`` names beside the record's ATC code, as the form reads it
        (``typed_drug.set_typed_drug``), or None to keep it as written."""
        if ATC in (getattr(record, "nf", None) or {}):
            return None  # a reason given for no ATC code: as the file says
        drug = drug_named(value)
        if drug is None:  # unknown, or several drugs' name ("CAR-T"): V38 asks
            return None
        atc = getattr(record, ATC, None)
        if atc in (None, ""):
            # an abbreviation that also means another drug or thing ("CTX"): V38 asks
            return None if _ambiguous(drug, value) else drug
        # the drug's own ATC code says which drug; another code is the file's, right or
        # wrong (V38 says which)
        return drug if atc == drug.get(ATC) else None

    def drugs_by_name(self, path: str, record: BaseModel) -> None:
        """The drugs named where no ATC code is (an attribution, 'On treatment at relapse'):
        as the case's treatments read that name, else by the dictionary's one drug."""
        for name in _named_drug_fields(type(record)):
            value = getattr(record, name, None)
            if not isinstance(value, str) or not value.strip():
                continue
            key = _fold(value)
            if key in self.names:  # "MTX" kept there is kept here: V49 finds it there
                stored = self.names[key] or value
            else:
                drug = drug_named(value)
                stored = drug.code if drug is not None and not _ambiguous(drug, value) else value
            if stored == value:
                continue
            setattr(record, name, stored)
            self.drugs += 1
            self.changes.append(f"{value} → {stored} at {self.where(path, name)}")

    def closed(self, path: str, record: BaseModel) -> None:
        for name, vocab in closed_fields(type(record)):
            value = getattr(record, name, None)
            if not isinstance(value, str) or is_listed(vocab, value):
                continue
            if _fold(value) in _blank_words(vocab):
                continue
            code = exact_code(vocab, value)
            if code is None or not in_scope(vocab, code, _scope(record, vocab)):
                continue  # V64 lists it (a CR on a CNS row: the form would not offer it)
            setattr(record, name, code)
            self.listed[vocab] = self.listed.get(vocab, 0) + 1
            self.changes.append(f"'{value}' → {code} at {self.where(path, name)}")


def _field_words(case: Case) -> Callable[[str, str], str]:
    """A field of ``case`` in words from the editor's section list, its rows numbered as the
    editor's tables show them ("Treatment › Treatment lines › row 1 › Administrations › row 6 ›
    Drug"), as validate names a finding's field."""
    from core.clinical.row_numbers import shown_path, shown_row_numbers

    rows = shown_row_numbers(case)  # the mapping changes names and codes, never a date
    return lambda path, name: shown_path(case, f"{path}.{name}" if path else name, rows)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _ambiguous(drug: Entry, value: str) -> bool:
    """``value`` is only an abbreviation of ``drug`` that also means something else (its
    ``synonyms_not_searched``: CTX, DNR), not its name."""
    return _fold(value) in {_fold(str(s)) for s in drug.get("synonyms_not_searched") or ()}


def _scope(record: BaseModel, vocab: str) -> str | None:
    """The record's Scope, when it narrows ``vocab`` (a response's category)."""
    narrowed_by = NARROWED_BY.get(vocab)
    scope = getattr(record, narrowed_by, None) if narrowed_by else None
    return scope if isinstance(scope, str) else None


@cache
def _blank_words(vocab: str) -> frozenset[str]:
    """The blank words, but for those ``vocab`` has as an entry's name: EGIL's NA entry is
    'Not applicable' (code NA), so 'not applicable' and 'na' are that entry there; 'none' is
    only a code of the response categories (No cytogenetic response), and stays blank."""
    listed = set()
    for entry in vocabulary(vocab).entries:
        if _fold(entry.label) in BLANK_WORDS:
            listed |= {_fold(entry.code), _fold(entry.label)}
    return BLANK_WORDS - listed


def coded_text(coding: ImportCoding) -> str | None:
    """"3 drug names matched to the dictionary; 2 response categories matched to the list.", or
    None when the import mapped nothing."""
    said = coded_words(coding)
    return f"{said}." if said else None


def coded_words(coding: ImportCoding) -> str:
    """What ``coding`` mapped, in words ("" for nothing)."""
    parts = []
    if coding.drugs:
        parts.append("1 drug name matched to the dictionary" if coding.drugs == 1
                     else f"{coding.drugs} drug names matched to the dictionary")
    for vocab, (one, several) in _LIST_WORDS.items():
        n = coding.listed.get(vocab, 0)
        if n:
            parts.append(f"{n} {one if n == 1 else several} matched to the list")
    return "; ".join(parts)


def _records(model: BaseModel, path: str = "") -> list[tuple[str, BaseModel]]:
    """``model`` and every model nested in it, each with its path ("treatment_lines[0]")."""
    out = [(path, model)]
    for name in _nested(type(model)):
        value = getattr(model, name, None)
        sub = f"{path}.{name}" if path else name
        children = enumerate(value) if isinstance(value, list) else [(None, value)]
        for i, child in children:
            if isinstance(child, BaseModel):
                out += _records(child, sub if i is None else f"{sub}[{i}]")
    return out


@cache
def _nested(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that can hold a model or a list of them."""
    return tuple(name for name, info in model.model_fields.items()
                 if _holds_model(info.annotation))


def _holds_model(annotation: object) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(_holds_model(arg) for arg in getattr(annotation, "__args__", ()))


@cache
def _drug_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The drug fields of ``model`` with an ATC field beside them (``typed_drug.atc_path``):
    an administration's drug, a cellular therapy's product."""
    if ATC not in model.model_fields:
        return ()
    return _vocab_drug_fields(model)


@cache
def _named_drug_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The drug fields of ``model`` with no ATC field beside them: an attribution's drug, a
    diagnosis's 'On treatment at relapse'."""
    return () if ATC in model.model_fields else _vocab_drug_fields(model)


def _vocab_drug_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name in model.model_fields
                 if name != ATC and field_meta(model, name).get("vocab") == "drug")
