"""Search facets described once, on the model's fields (``F(..., facet=Facet(...))``): the
index rows, the filters with their help, and the index version come from the declarations."""

from __future__ import annotations

import sqlite3

from pydantic import BaseModel

from core.model import Case
from core.model.base import F, Facet
from core.model.facets import facet_fields, facet_values, facets_digest, filter_fields, row_value
from core.model.when import WhenField
from core.search.filters import FILTERS, CodeTest, NumberTest, resolve
from core.search.index import INDEX_REVISION, INDEX_VERSION, INDEX_VERSION_KEY
from core.search.query import Filter
from core.services import open_casebook
from core.store.indexing import build_rows
from tests.core.search.test_index_version import FOUND, old_index, stored_version


def test_the_declared_fields_are_found_wherever_they_are_in_the_case():
    paths = {(found.facet.name, found.path) for found in facet_fields()}
    assert {("sex", ("patient", "sex")), ("age", ("patient", "age_at_day0")),
            ("dx", ("diagnoses", "entity")), ("icd", ("diagnoses", "icd10_cm")),
            ("drug", ("treatment_lines", "administrations", "drug_inn")),
            ("atc", ("cellular_therapies", "atc"))} <= paths
    filters = list(filter_fields())  # the facets with a filter help, in model order
    assert filters.index("age") < filters.index("sex") and not {"dx", "icd"} & set(filters)


def test_the_rows_of_declared_fields_are_written_from_the_model():
    case = Case.model_validate({
        "patient": {"sex": "female", "age_at_day0": 34},
        "diagnoses": [{"entity": "B-ALL", "icd10_who": "C91.0", "icd10_cm": "C91.00"}],
        "treatment_lines": [{"administrations": [{"drug_inn": "Blinatumomab",
                                                  "atc": "L01FX07"}]}],
        "cellular_therapies": [{"product": "tisagenlecleucel", "atc": "L01XL04"}],
    })
    rows = build_rows(case)
    assert {("sex", "female"), ("dx", "b-all"), ("icd", "c91.0"), ("icd", "c91.00"),
            ("drug", "blinatumomab"), ("atc", "l01fx07"), ("atc", "l01xl04"),
            ("status", "draft")} <= set(rows.codes)
    assert ("age", 34.0, "a") in rows.numbers


def test_the_filters_of_declared_fields_come_from_their_facets():
    assert FILTERS["sex"] == "sex (sex:f, sex:m)"
    assert FILTERS["age"] == "age at Day 0 in years (age:18..40, age:<18)"
    assert resolve(Filter("sex", "Woman")).tests == (CodeTest("sex", exact=("female",)),)
    (test,) = resolve(Filter("age", "18..40")).tests
    assert isinstance(test, NumberTest) and test.facet == "age"
    assert (test.range.low, test.range.high) == (18, 40)


class _Plain(BaseModel):
    score: int | None = F("Score")


class _Faceted(BaseModel):
    score: int | None = F("Score", facet=Facet("score", "number", help="a score (score:>2)"))


class _OtherUnit(BaseModel):
    score: int | None = F("Score", facet=Facet("score", "number", help="a score (score:>2)",
                                               unit="points"))


class _Holder(BaseModel):
    items: list[_Faceted] = []


def test_the_index_version_changes_with_the_facet_declarations():
    digests = {facets_digest(model) for model in (_Plain, _Faceted, _OtherUnit, _Holder)}
    assert len(digests) == 4  # added, changed, moved: each is another version
    assert facets_digest(_Faceted) == facets_digest(_Faceted)
    assert INDEX_VERSION == f"{INDEX_REVISION}.{facets_digest(Case)}"
    assert [f.path for f in facet_fields(_Holder)] == [("items", "score")]


def test_a_folder_indexed_with_other_facet_declarations_is_reindexed_on_opening(data_home):
    other = f"{INDEX_REVISION}.00000000"  # same hand revision, other model facets
    old_index(data_home, version=other)
    cb = open_casebook(data_home, user="dr.test")
    try:
        assert {h.case_id for h in cb.search.search("cnsdx:CNS3a").hits} == FOUND
        assert not cb.search.index_outdated()
    finally:
        cb.close()
    assert stored_version(data_home) == INDEX_VERSION != other
    with sqlite3.connect(f"file:{data_home / 'casebook.db'}?mode=ro", uri=True) as db:
        assert db.execute("SELECT value FROM app_meta WHERE key = ?",
                          (INDEX_VERSION_KEY,)).fetchone() == (INDEX_VERSION,)
    db.close()


class _Visit(BaseModel):
    seen: WhenField | None = F("Seen", facet=Facet("seen", "date", help="seen (seen:2024)"))
    code: str | None = F("Code", facet=Facet("code"))


class _Visits(BaseModel):
    visits: list[_Visit] = []


def test_dates_and_codes_of_table_rows_are_row_values():
    visits = _Visits(visits=[_Visit(seen="2024-03", code="AB"), _Visit(seen="2023-12-24"),
                             _Visit()])
    found = [(f.facet.name, f.unit, row_value(f, v)) for f, v in facet_values(visits)]
    assert sorted(found) == [("code", None, "AB"), ("seen", "yyyymmdd", 20231224.0),
                             ("seen", "yyyymmdd", 20240301.0)]


def test_a_code_filter_finds_the_value_as_its_row_holds_it():
    from core.model.facets import FacetField
    from core.search.filters import _model_filter
    from core.store.indexing import IndexRows

    rows = IndexRows()
    rows.code("cohort", "Zürich-2")
    resolver = _model_filter(FacetField(Facet("cohort", help="x"), ("cohort",), "Cohort", None))
    (test,) = resolver("ZÜRICH-2", None)
    assert isinstance(test, CodeTest) and test.matches(rows.codes[0][1])
    assert test.matches("zurich-2")  # and one stored without the accent
