"""Patient › Subdivision stored as a name (a file imported, a case from before the editor took
names): V58 says which code the name is, in the case's country, as it does for Country."""

from __future__ import annotations

from clinical_refcases import build_case, setp

from core.clinical import evaluate


def subdivision_findings(country, value):
    case = build_case(1, setp("patient.country", country), setp("patient.subdivision", value))
    return [(f.rule_id, f.severity, f.message) for f in evaluate(case).findings
            if f.path == "patient.subdivision"]


def test_a_subdivision_name_is_told_its_code():
    assert subdivision_findings("DE", "Bavaria") == [
        ("V58", "error", "'Bavaria' is not a first-level ISO 3166-2 code: it is Bavaria, store "
                         "its code DE-BY")]
    assert "store its code ES-RI" in subdivision_findings("ES", "La Rioja")[0][2]
    assert "store its code AR-F" in subdivision_findings("AR", "la rioja")[0][2]


def test_a_value_that_names_no_subdivision_says_what_to_type():
    [(_, _, message)] = subdivision_findings("CN", "Suzhou")
    assert message.startswith("'Suzhou' is not a first-level ISO 3166-2 code (e.g. CN-JS")


def test_a_subdivision_code_is_quiet():
    assert subdivision_findings("DE", "DE-BY") == []
