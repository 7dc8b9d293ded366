"""age: and the Summary's ages count a case whose age at Day 0 comes from its birth date (no
age typed), as the PDF and the exports already print it (a review: such a child was missing
from ``age:<18``); a typed age keeps its own single row."""

from __future__ import annotations

from core.model import Case


def _case(case_id: str, patient: dict) -> Case:
    return Case(case_id=case_id, case_report={"title": case_id, "day0": "2024-03-01"},
                patient=patient)


def _stored_ages(casebook) -> dict[str, list[float]]:
    with casebook.ctx.db.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT case_id, value FROM case_numbers WHERE facet = 'age'").all()
    out: dict[str, list[float]] = {}
    for case_id, value in rows:
        out.setdefault(case_id, []).append(value)
    return out


def _ids(casebook, query: str) -> set[str]:
    result = casebook.search.search(query, limit=100)
    assert result.error is None, result.error
    return {hit.case_id for hit in result.hits}


def test_age_filter_and_summary_use_the_birth_date_without_a_typed_age(casebook):
    casebook.cases.import_cases([
        _case("SYN-BORN-CHILD", {"birth_date": "2014-05-20", "sex": "female"}),  # 9 at Day 0
        _case("SYN-BORN-OLD", {"birth_date": "1930-01-01"}),  # 94: top-coded at 90
        _case("SYN-TYPED", {"age_at_day0": 40, "birth_date": "1983-06-01"}),  # typed wins
        _case("SYN-NO-AGE", {"sex": "male"}),
    ], source="test")
    assert _stored_ages(casebook) == {"SYN-BORN-CHILD": [9.0], "SYN-BORN-OLD": [90.0],
                                      "SYN-TYPED": [40.0]}
    assert _ids(casebook, "age:<18") == {"SYN-BORN-CHILD"}
    assert _ids(casebook, "age:>=90") == {"SYN-BORN-OLD"}
    assert _ids(casebook, "age:30..50") == {"SYN-TYPED"}
    naive = set(casebook.search.naive_scan("age:<18"))
    assert naive == {"SYN-BORN-CHILD"}  # the slow matcher agrees
    summary = casebook.search.cohort_summary("")
    assert summary.age_range == (9, 90) and summary.median_age == 40

    assert casebook.search.reindex() == 4  # the bulk rebuild writes the same rows
    assert _stored_ages(casebook) == {"SYN-BORN-CHILD": [9.0], "SYN-BORN-OLD": [90.0],
                                      "SYN-TYPED": [40.0]}
