"""What each filter of the query language means, as tests on the index tables.

A filter resolves to a ``Condition``: tests joined by OR, each on the rows of ``case_codes``
(a facet's values, exact or by prefix), ``case_numbers`` (a facet's numbers in a range) or a
column of ``cases``. The compiler (through ``facet_tokens``) and the naive Python matcher both
read these, so they agree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from core.model.codes import code_label
from core.model.facets import FacetField, filter_fields
from core.model.report import AGE_YEARS
from core.model.treatment import AE_GRADES
from core.model.vocab import drugs_named, vocabulary
from core.search.facets import ae_key, one_letter
from core.search.query import Filter
from core.search.ranges import (
    EmptyRange,
    MissingBound,
    NumRange,
    RangeError,
    number_bounds,
    parse_range,
    read_date,
    within,
)
from core.search.text import fold


class FilterValueError(ValueError):
    """A filter value that cannot be used; the message says what would work."""


@dataclass(frozen=True)
class CodeTest:
    facet: str
    exact: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()

    def matches(self, value: str) -> bool:
        return value in self.exact or any(value.startswith(p) for p in self.prefix)


@dataclass(frozen=True)
class NumberTest:
    facet: str
    range: NumRange
    facet_prefix: bool = False  # facet names starting with ``facet`` (ae:<term> grades)

    def facet_matches(self, facet: str) -> bool:
        return facet.startswith(self.facet) if self.facet_prefix else facet == self.facet


@dataclass(frozen=True)
class ColumnTest:
    column: str  # "updated_at" of the cases table
    range: NumRange | None = None  # dates as YYYYMMDD


Test = CodeTest | NumberTest | ColumnTest
Resolver = Callable[[str, str | None], tuple[Test, ...]]


@dataclass(frozen=True)
class Condition:
    tests: tuple[Test, ...]


# The filters of fields declared with a facet and a help in the model (core.model.facets:
# sex, age, ...) are generated (``_model_filter``). These are hand code, each for a reason:
HAND_FILTERS: dict[str, str] = {
    # several facets at once: the entity, the WHO/ICC type and the ICD code by prefix
    "dx": "diagnosis: entity, WHO/ICC type or ICD code prefix (dx:C91.0, dx:\"B-ALL\")",
    # the drug name or its ATC code by prefix, cellular products too
    "drug": "drug name or ATC code prefix (drug:blinatumomab, drug:L01FX)",
    # effective values computed by the clinical engine, with sub-categories and short forms
    "cns": "CNS status of any CSF assessment, effective value (cns:CNS3, cns:CNS3a)",
    "cnsdx": "CNS status at diagnosis, effective value (cnsdx:CNS3, cnsdx:CNS3c)",
    # the categories of the engine's values (derived per assessment), not a stored field
    "response": "response category of any assessment (response:CR)",
    "mrd": "MRD result of any assessment (mrd:negative, mrd:MRD_failure)",
    # a term key (with its abbreviations) and a grade range in one filter
    "ae": "adverse event, optionally with a grade (ae:crs, ae:crs>=2, ae:>=3)",
    # a variant found by gene, short form or HGVS (three-letter amino acids read)
    "mut": "mutation short form, HGVS or gene (mut:T315I, mut:ABL1:T315I, mut:ABL1)",
}
LATE_HAND_FILTERS: dict[str, str] = {
    # bookkeeping (no field of the clinical model), matched by prefix (status:comp)
    "status": "record status (status:draft, status:complete, status:locked)",
    # the first day of a partial date, or the anchor year when there is none
    "day0": "Day 0 date (day0:2022..2023, day0:>=2022-06)",
    # a column of the cases table, not a facet
    "updated": "date of the last change (updated:>2026-01-01)",
}
MODEL_FILTERS = filter_fields()
FILTERS: dict[str, str] = {
    **HAND_FILTERS,
    **{name: str(found.facet.help) for name, found in MODEL_FILTERS.items()},
    **LATE_HAND_FILTERS,
}
ALIASES = {"diagnosis": "dx", "mutation": "mut", "gene": "mut", "drugs": "drug"}
CNS_VALUES = ("cns1", "cns2", "cns3", "indeterminate_traumatic", "not_evaluable")
CNS_SUBCATEGORY = re.compile(r"^cns[23][abc]$")
SUBCATEGORY_FACETS = {"cns": "cnssub", "cnsdx": "cnsdxsub"}
STATUS_VALUES = ("draft", "complete", "locked")
MRD_ALIASES = {"neg": "negative", "pos": "positive"}
# What the mrd facet holds (core.search.derived): the sign, then the engine's MRD categories
# and MRD responses (core.clinical.mrd.mrd_category)
MRD_VALUES = ("negative", "positive", "negative_sufficient", "negative_insufficient",
              "positive_ge_1e-4", "positive_below_1e-4_quantifiable",
              "positive_not_quantifiable", "positive_level_pending",
              "positive_level_not_reported", "complete_MRD_response", "MRD_intermediate",
              "MRD_failure")
CNS_CODES = ("CNS1", "CNS2", "CNS3", "indeterminate_traumatic", "not_evaluable")
# what an operator typed with nothing after it is missing (ae:crs>=, day0:<)
GRADE = "a grade (1-5)"
GRADES = f"grades are whole numbers from {AE_GRADES[0]} to {AE_GRADES[1]}"
# what a number filter's values should be, when the model leaves the field open (so that a
# case with another value still opens; its rule lists it): age V01. A range outside it is
# searched (such a case is found) and named when nothing is found (``rule_range_note``).
# Bounded fields (lansky 0-100) are read from the model, and a range outside them refused.
RULE_RANGES = {"age": (*AGE_YEARS, f"ages at Day 0 are {AGE_YEARS[0]} to {AGE_YEARS[1]} years")}
DATE = "a date (2022, 2022-03 or 2022-03-01)"


def canonical_field(name: str) -> str | None:
    key = name.lower()
    key = ALIASES.get(key, key)
    return key if key in FILTERS else None


def suggested_field(name: str) -> str | None:
    """The filter a mistyped name most likely meant (``stauts`` -> ``status``), or None."""
    close = difflib.get_close_matches(name.lower(), [*FILTERS, *ALIASES], n=1, cutoff=0.6)
    return canonical_field(close[0]) if close else None


def unknown_filter_message(name: str, advice: str = "") -> str:
    """The one message for a ``name:`` that is no filter, with a suggestion when one is close,
    then ``advice`` (default: the list of filters)."""
    guess = suggested_field(name)
    hint = f" (did you mean '{guess}:'?)" if guess else ""
    return f"unknown filter '{name}:'{hint}; " + (advice or "filters are " + ", ".join(FILTERS))


def resolve(item: Filter) -> Condition:
    """The tests of a filter; FilterValueError when its value cannot be used."""
    field = canonical_field(item.field)
    if field is None:
        raise FilterValueError(unknown_filter_message(item.field))
    value = item.value.strip()
    if item.range is not None and field != "ae":
        raise FilterValueError(f"{field}: takes no grade")
    if not value and field != "ae":
        raise FilterValueError(f"{field}: needs a value, e.g. {FILTERS[field]}")
    try:
        return Condition(_RESOLVERS[field](value, item.range))
    except MissingBound as exc:  # 'ae:crs>=: a grade (1-5) is missing after '>=''
        typed = f"{item.field}:{value}{item.range or ''}"
        raise FilterValueError(f"{typed}: {exc}") from None
    except EmptyRange as exc:  # 'ae:crs<1 can match no case: grades are whole numbers ...'
        typed = Filter(item.field, value, item.range).to_text() if value \
            else f"{item.field}:{item.range or ''}"  # quoted as typed; ae:>5 has no term
        raise FilterValueError(f"{typed} can match no case: {exc}") from None
    except RangeError as exc:
        raise FilterValueError(f"{field}: {exc}") from None


def rule_range_note(field: str, value: str) -> str | None:
    """For a search that found nothing: a range filter of a field the model leaves open
    outside what its rule allows ('ages at Day 0 are 0 to 120 years'), else None."""
    bounds = RULE_RANGES.get(field)
    if bounds is None:
        return None
    try:
        within(parse_range(value, number_bounds, "a number"), *bounds)
    except EmptyRange as exc:
        return str(exc)
    except RangeError:
        return None
    return None


def _dx(value: str, _range: str | None) -> tuple[Test, ...]:
    key = fold(value)
    return (CodeTest("dx", exact=(key,)), CodeTest("dxtype", exact=(key,)),
            CodeTest("icd", prefix=(key,)))


def _drug(value: str, _range: str | None) -> tuple[Test, ...]:
    """A drug by the name stored (folded); a drug the dictionary names, by its name, an
    abbreviation or brand name it lists, as the drug cell takes them (drug:MTX is methotrexate,
    stored by any of its names or by its ATC code L01BA01); an ATC code by prefix. A name
    several drugs list is each of them (drug:CAR-T: both products); a drug is not found by
    such a shared name stored in its place (drug:tisagenlecleucel misses a stored CAR-T)."""
    key = fold(value)
    named = drugs_named(value)
    if not named:
        return CodeTest("drug", exact=(key,)), CodeTest("atc", prefix=(key,))
    names = [key]
    for entry in named:
        names += [fold(entry.code), *(fold(str(s)) for s in entry.get("synonyms") or ()
                                      if len(drugs_named(str(s))) == 1)]
    atcs = tuple(dict.fromkeys(fold(entry["atc"]) for entry in named))
    return (CodeTest("drug", exact=tuple(dict.fromkeys(names))),
            CodeTest("atc", exact=atcs, prefix=(key,)))


def _cns(value: str, _range: str | None, facet: str = "cns") -> tuple[Test, ...]:
    key = fold(value).replace(" ", "_")
    key = {"1": "cns1", "2": "cns2", "3": "cns3", "traumatic": "indeterminate_traumatic"}.get(
        key, key)
    if CNS_SUBCATEGORY.match(key):  # cns: and cnsdx: take the same values
        return (CodeTest(SUBCATEGORY_FACETS[facet], exact=(key,)),)
    if key not in CNS_VALUES:
        raise FilterValueError(f"'{value}' is not a CNS status; use CNS1, CNS2, CNS3 "
                               "(or CNS2a-c, CNS3a-c), indeterminate_traumatic, not_evaluable")
    return (CodeTest(facet, exact=(key,)),)


def _cnsdx(value: str, _range: str | None) -> tuple[Test, ...]:
    return _cns(value, _range, facet="cnsdx")


@cache
def coded_values(field: str) -> dict[str, str]:
    """The values a hand filter's facet holds, code -> the words the report prints for it
    (core.model.codes): what the filter panel offers, in its order."""
    codes: tuple[str, ...] = {
        "cns": CNS_CODES, "mrd": MRD_VALUES, "status": STATUS_VALUES,
        "response": tuple(e.code for e in vocabulary("response_category").entries),
    }.get(field, ())
    return {code: code_label(code) for code in codes}


@cache
def _codes_by_words(field: str) -> dict[str, str]:
    """A hand filter's values by their code, their words or the vocabulary's label, folded
    ("CNS remission", "cns_remission" and "CNS remission" of the vocabulary: CNS_remission)."""
    labels = ({e.code: e.label for e in vocabulary("response_category").entries}
              if field == "response" else {})
    found: dict[str, str] = {}
    for code, words in coded_values(field).items():
        for text in (labels.get(code, ""), code.replace("_", " "), words, code):
            if text:
                found[fold(text)] = code
    return found


def _coded(field: str, value: str) -> str:
    """The stored (folded) code a hand filter's value stands for: a code, or its words."""
    key = fold(value).strip()
    key = " ".join(key.split())
    return fold(_codes_by_words(field).get(key, key))


def _response(value: str, _range: str | None) -> tuple[Test, ...]:
    return (CodeTest("response", exact=(_coded("response", value),)),)


def _mrd(value: str, _range: str | None) -> tuple[Test, ...]:
    key = fold(value)
    return (CodeTest("mrd", exact=(MRD_ALIASES.get(key) or _coded("mrd", value),)),)


def _ae(value: str, grade: str | None) -> tuple[Test, ...]:
    key = ae_key(value)
    if value and not key:
        raise FilterValueError(f"'{value}' is not an adverse-event term")
    if grade is None:
        if not key:
            raise FilterValueError("ae: needs a term or a grade, e.g. ae:crs, ae:crs>=2, ae:>=3")
        return (CodeTest("ae", prefix=(key,)),)
    grades = within(parse_range(grade, read_grade, GRADE), *AE_GRADES, GRADES)
    if not key:
        return (NumberTest("ae", grades),)
    return (NumberTest(f"ae:{key}", grades, facet_prefix=True),)


def read_grade(text: str) -> tuple[float, float]:
    """A CTCAE / ASTCT grade: ``ae:crs>=7`` or ``ae:>=0`` is refused, not searched to 0 or
    every case silently."""
    value = number_bounds(text)[0]
    if value not in range(AE_GRADES[0], AE_GRADES[1] + 1):
        raise RangeError(f"'{text}' is not a grade; {GRADES}")
    return value, value


def _mut(value: str, _range: str | None) -> tuple[Test, ...]:
    key = re.sub(r"\s*:\s*|\s+", ":", fold(value).strip())
    gene, _, change = key.rpartition(":")
    keys = {key, one_letter(key)}
    if gene and change:
        keys.add(f"{gene}:{one_letter(change)}")
    return (CodeTest("mut", exact=tuple(sorted(keys))),)


def _status(value: str, _range: str | None) -> tuple[Test, ...]:
    found = [s for s in STATUS_VALUES if s.startswith(fold(value))]
    if len(found) != 1:
        raise FilterValueError(f"'{value}' is not a status; use draft, complete or locked")
    return (CodeTest("status", exact=(found[0],)),)


def _day0(value: str, _range: str | None) -> tuple[Test, ...]:
    return (NumberTest("day0", parse_range(value, read_date, DATE)),)


def _updated(value: str, _range: str | None) -> tuple[Test, ...]:
    return (ColumnTest("updated_at", range=parse_range(value, read_date, DATE)),)


def _model_filter(found: FacetField) -> Resolver:
    """The filter of a field declared with a facet: a code matched exactly (folded; when the
    facet lists its values, another value is refused), a number or a date by range."""
    facet = found.facet
    bounds = (found.ge, found.le, f"{found.label} is {found.ge:g} to {found.le:g}") \
        if found.ge is not None and found.le is not None else None  # the model's: no stored
    # value is outside them (a rule's range, age's, is a hint when nothing is found: a stored
    # or imported case may hold such an age, which V01 lists and a search must find)

    def resolve_code(value: str, _range: str | None) -> tuple[Test, ...]:
        key = fold(value)
        if facet.values is None:  # rows hold the value in lower case (accents kept)
            return (CodeTest(facet.name, exact=tuple(dict.fromkeys((key, value.lower())))),)
        stored = facet.values.get(key)
        if stored is None:
            raise FilterValueError(f"'{value}' is not a {found.label.lower()}; use {facet.use}")
        return (CodeTest(facet.name, exact=(stored,)),)

    def resolve_range(value: str, _range: str | None) -> tuple[Test, ...]:
        if facet.kind == "date":
            return (NumberTest(facet.name, parse_range(value, read_date, DATE)),)
        found_range = parse_range(value, number_bounds, "a number")
        if bounds is not None:
            found_range = within(found_range, *bounds)
        return (NumberTest(facet.name, found_range),)

    return resolve_code if facet.kind == "code" else resolve_range


_RESOLVERS: dict[str, Resolver] = {
    "dx": _dx, "drug": _drug, "cns": _cns, "cnsdx": _cnsdx, "response": _response,
    "mrd": _mrd, "ae": _ae, "mut": _mut, "status": _status, "day0": _day0, "updated": _updated,
    **{name: _model_filter(found) for name, found in MODEL_FILTERS.items()},
}
