"""What an import reads as the form reads it (the JSON case import and the dataset import alike,
``InterchangeService.import_files``): a drug given without its ATC code whose name the drug
dictionary lists for one drug ("MTX", "Ara-C", "methotrexate") is stored by its dictionary name
with its ATC code (methotrexate, L01BA01), as ``gui.editor.typed_drug`` stores it typed; a
response category or EGIL subgroup written as one list entry's code, name or synonym in other
case or spacing ("complete remission", "sd/nr", "B-II (common): CD10+") is stored as that
entry's code, as the form's choice field stores it (``closed_lists.exact_code``).

Anything else is kept as written, so a file exported earlier always imports back: a drug with
an ATC code (or a reason for none), a name the dictionary does not know or lists for several
drugs ("CAR-T"), text that names no entry or only starts one ("complete MRD"). V38 and V64
list those. A locked case is stored as it was signed (the form cannot change it either).
Counted, for the import's report (``coded_text``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel

from core.model import Case, field_meta
from core.model.closed_lists import closed_fields, exact_code, is_listed
from core.model.vocab import drug_named

ATC = "atc"
# a spreadsheet's words for an empty cell: kept as written (V64 lists them), never read as
# the list entry they happen to spell ("None" is the code of "No cytogenetic response")
BLANK_WORDS = frozenset({"none", "n/a", "na", "nil", "null", "-", "--", "not applicable"})
# what the report calls a closed list's values, one and several
_LIST_WORDS = {"response_category": ("response category", "response categories"),
               "egil": ("EGIL subgroup", "EGIL subgroups")}


@dataclass
class ImportCoding:
    """Applies the mappings case by case (no case is kept) and counts them."""

    drugs: int = 0  # drug names given their ATC code
    listed: dict[str, int] = field(default_factory=dict)  # closed vocabulary -> values matched
    # the last case mapped: (its id, what was mapped), for its audit entries (``note``); one
    # case only, so memory does not grow with the import
    _last: tuple[str, str] | None = field(default=None, repr=False, compare=False)

    def apply(self, case: Case) -> None:
        """Map the values of ``case`` in place (a case just read: no one else holds it)."""
        self._last = None
        if case.status == "locked":
            return
        mine = ImportCoding()
        for record in _records(case):
            mine._record(record)
        said = coded_words(mine)
        if said:
            self._last = (case.case_id, said)
            self.drugs += mine.drugs
            for vocab, n in mine.listed.items():
                self.listed[vocab] = self.listed.get(vocab, 0) + n

    def note(self, case_id: str) -> str | None:
        """What the audit entries of case ``case_id``, the one just mapped, add to their
        reason: "2 drug names given their ATC code", or None when nothing was mapped."""
        return self._last[1] if self._last and self._last[0] == case_id else None

    def _record(self, record: BaseModel) -> None:
        for name in _drug_fields(type(record)):
            if self._drug(record, name):
                self.drugs += 1
        for name, vocab in closed_fields(type(record)):
            value = getattr(record, name, None)
            if not isinstance(value, str) or is_listed(vocab, value):
                continue
            if value.strip().casefold() in BLANK_WORDS:
                continue
            code = exact_code(vocab, value)
            if code is not None:
                setattr(record, name, code)
                self.listed[vocab] = self.listed.get(vocab, 0) + 1

    @staticmethod
    def _drug(record: BaseModel, name: str) -> bool:
        """Give the drug at ``name`` its dictionary name and ATC code, as the form does for
        a drug typed where no ATC code is (``typed_drug.set_typed_drug``); False: left."""
        value = getattr(record, name, None)
        if not isinstance(value, str) or not value.strip():
            return False
        if getattr(record, ATC, None) not in (None, ""):
            return False  # the file's ATC code, right or wrong (V38 says which)
        if ATC in (getattr(record, "nf", None) or {}):
            return False  # a reason given for no ATC code: as the file says
        drug = drug_named(value)
        if drug is None:  # unknown, or several drugs' name ("CAR-T"): V38 asks
            return False
        setattr(record, name, drug.code)
        setattr(record, ATC, drug.get(ATC))
        return True


def coded_text(coding: ImportCoding) -> str | None:
    """"3 drug names given their ATC code; 2 response categories matched to the list.", or
    None when the import mapped nothing."""
    said = coded_words(coding)
    return f"{said}." if said else None


def coded_words(coding: ImportCoding) -> str:
    """What ``coding`` mapped, in words ("" for nothing)."""
    parts = []
    if coding.drugs:
        parts.append("1 drug name given its ATC code" if coding.drugs == 1
                     else f"{coding.drugs} drug names given their ATC code")
    for vocab, (one, several) in _LIST_WORDS.items():
        n = coding.listed.get(vocab, 0)
        if n:
            parts.append(f"{n} {one if n == 1 else several} matched to the list")
    return "; ".join(parts)


def _records(model: BaseModel) -> list[BaseModel]:
    """``model`` and every model nested in it."""
    out = [model]
    for name in _nested(type(model)):
        value = getattr(model, name, None)
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, BaseModel):
                out += _records(child)
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
    an administration's drug, a cellular therapy's product; not an attribution's drug."""
    if ATC not in model.model_fields:
        return ()
    return tuple(name for name in model.model_fields
                 if name != ATC and field_meta(model, name).get("vocab") == "drug")
