"""Hypothesis strategies for arbitrary, incomplete cases, built field by field from the model
(``st.builds`` alone ignores pattern constraints, ARCHITECTURE pitfalls)."""

from __future__ import annotations

import datetime as dt
import types
import typing
from functools import cache
from typing import Annotated, Any, Literal

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel

from core.clinical.rules import RULES
from core.model import MISSING_REASONS, Case, Coded, When
from core.model.report import RuleOverride

DRUGS = ["blinatumomab", "dasatinib", "imatinib", "vincristine", "methotrexate", "cytarabine",
         "dexamethasone", "hydrocortisone", "rituximab", "tisagenlecleucel", "bortezomib",
         "tocilizumab", "Unknownumab", ""]
TEXTS = ["", " ", "case report", "headache", "18/04/2023", "April 18, 2023", "call 555-123-4567",
         "12345678", "dr@x.org", "www.x.com", "12 Main Street", "CN-JS", "Suzhou", "46,XY[20]",
         "46,XY,t(9;22)(q34;q11)[18]/46,XY[2]", "XY,46", "p.Thr315Ile", "T315I", "Thr315Ile",
         "CD19", "cyCD79a", "TdT", "ABL1", "WBC", "ANC", "ALC", "Platelets", "Hemoglobin",
         "PB blasts", "Temperature", "CSF WBC", "Neutrophils %", "Troponin", "10*9/L", "g/dL",
         "/uL", "[degF]", "%", "mg/L", "Cytokine release syndrome",
         "Immune effector cell-associated neurotoxicity syndrome", "Anemia", "L01FX07",
         "L01EA02", "L01CA02", "L01XC19", "C91.0", "C92.1", "C92.2", "9875/3", "9811/3",
         "C42.1", "CN_VII_left", *DRUGS]
CODES = ["C91.0", "C91.00", "C91.02", "C92.1", "C92.12", "C92.2", "9811/3", "9812/3", "9875/3",
         "C42.1", "x", "C91.0x"]
_BY_NAME: dict[str, st.SearchStrategy[Any]] = {
    "case_id": st.just("SYN-PROPERTY"),
    "drug_inn": st.sampled_from(DRUGS), "product": st.sampled_from(DRUGS),
    "day_list": st.lists(st.integers(-50, 400), max_size=4),
}


def whens() -> st.SearchStrategy[When]:
    days = st.integers(-400, 400).map(lambda d: When(day=d))
    dates = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))
    return st.one_of(days, days, dates.map(lambda s: When(date=s)))


def floats(low: float | None, high: float | None) -> st.SearchStrategy[float]:
    if low is not None or high is not None:
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    return st.one_of(st.floats(-5, 500), st.sampled_from([0.0, 1e-4, 5.0, 10.0, 100.0]),
                     st.floats(allow_nan=True, allow_infinity=True))


def _bounds(info: Any) -> tuple[Any, Any]:
    low = high = None
    for meta in getattr(info, "metadata", ()):
        if isinstance(meta, annotated_types.Ge):
            low = meta.ge
        if isinstance(meta, annotated_types.Le):
            high = meta.le
    return low, high


def for_annotation(annotation: Any, info: Any = None, depth: int = 0) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return for_annotation(typing.get_args(annotation)[0], info, depth)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = st.one_of(*[for_annotation(a, info, depth) for a in options])
        return st.one_of(st.none(), inner) if len(options) < len(typing.get_args(annotation)) \
            else inner
    if origin is Literal:
        return st.sampled_from(typing.get_args(annotation))
    if origin is list:
        item = typing.get_args(annotation)[0]
        return st.lists(for_annotation(item, None, depth + 1), max_size=2 if depth == 0 else 1)
    if annotation is When:
        return whens()
    if annotation is Coded:
        return st.builds(Coded, code=st.sampled_from(CODES))
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low, high = _bounds(info)
        return st.integers(-5 if low is None else low, 400_000 if high is None else high)
    if annotation is float:
        return floats(*_bounds(info))
    if annotation is str:
        return st.one_of(st.sampled_from(TEXTS), st.text(max_size=12))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation, depth + 1)
    raise TypeError(f"no strategy for {annotation!r}")


@cache
def model_strategy(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[Any]:
    if model is RuleOverride:
        return st.builds(RuleOverride, rule_id=st.sampled_from(sorted(RULES)),
                         path=st.sampled_from(["case_report.discussion", "patient.sex"]),
                         reason=st.just("confirmed"), match=st.none() | st.just("18/04/2023"))
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        if name == "nf":
            names = [n for n in model.model_fields if n != "nf"]
            fields[name] = st.dictionaries(st.sampled_from(names), st.sampled_from(MISSING_REASONS),
                                           max_size=2)
        elif name in _BY_NAME:
            fields[name] = _BY_NAME[name]
        else:
            fields[name] = for_annotation(info.annotation, info, depth)
    return st.builds(model, **fields)


def sections() -> st.SearchStrategy[dict[str, Any]]:
    """Some sections of a case, each drawn field by field."""
    optional = {name: for_annotation(info.annotation, info)
                for name, info in Case.model_fields.items()
                if name not in ("case_id", "schema_version", "status", "version")}
    return st.fixed_dictionaries({}, optional=optional)


def cases() -> st.SearchStrategy[Case]:
    """Arbitrary incomplete cases: an empty case with some sections drawn."""
    return sections().map(lambda drawn: Case(case_id="SYN-PROPERTY").model_copy(update=drawn))
