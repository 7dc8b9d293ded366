"""The best response is an overall one (a review): a CR recorded with the CNS scope (or MRD,
CML, a relapse event) is not counted as an overall CR in the cohort Summary, nor stored as
the case's best response; a marrow or overall response is, and one with no scope entered goes
by its category."""

from __future__ import annotations

from core.model import Case


def _case(case_id: str, *responses: tuple[str | None, str]) -> Case:
    return Case(case_id=case_id, case_report={"title": case_id, "day0": "2024-01-01"},
                response_assessments=[
                    {"day": 30 + i, "scope": scope, "category": category, "line_no": 1}
                    for i, (scope, category) in enumerate(responses)])


def test_a_cns_scoped_cr_is_not_an_overall_cr(casebook):
    casebook.cases.import_cases([
        _case("SYN-CNSCR", ("cns", "CR")),
        _case("SYN-PRCNSCR", ("marrow_hematologic", "PR"), ("cns", "CR")),
        _case("SYN-MRDCR", ("mrd", "CR"), ("overall", "CRi")),
        _case("SYN-NOSCOPE", (None, "CR")),
    ], source="test")
    summary = casebook.search.cohort_summary("")
    assert summary.by_best_response.get("CR") == 1  # SYN-NOSCOPE alone
    assert summary.by_best_response.get("PR") == 1
    assert summary.by_best_response.get("CRi") == 1
    assert sum(summary.by_best_response.values()) == 4  # SYN-CNSCR: no overall response
    with casebook.ctx.db.read() as conn:
        best = dict(conn.exec_driver_sql(
            "SELECT case_id, value FROM case_codes WHERE facet = 'best_response'").all())
    assert best == {"SYN-PRCNSCR": "pr", "SYN-MRDCR": "cri", "SYN-NOSCOPE": "cr"}  # folded


def test_a_case_with_only_a_cns_scoped_cr_is_counted_cns_only(casebook):
    """A review: such a case went under 'other categories only', beside a relapse event."""
    from core.search.cohort import CNS_ONLY, OTHER_ONLY

    casebook.cases.import_cases([
        _case("SYN-CNSCR", ("cns", "CR")),
        _case("SYN-CNSREM", ("cns", "CNS_remission")),
        _case("SYN-RELAPSE", ("relapse_event", "relapse")),
    ], source="test")
    summary = casebook.search.cohort_summary("")
    assert summary.by_best_response == {CNS_ONLY: 2, OTHER_ONLY: 1}
