"""Patient › Country is an ISO 3166-1 country: the whole list ships (no network), a name or
alpha-3 code names its entry, and a value that is not a country is a warning naming the field
in validation (the editor, `casebook validate`), never a refusal that loses the stored value."""

from __future__ import annotations

import json

import pytest
from clinical_refcases import build_case, setp

from core.cli import main
from core.clinical import evaluate
from core.model.vocab import vocabulary
from tests.conftest import REFERENCE_CASEBOOK


def country_findings(value):
    case = build_case(1, setp("patient.country", value))
    return [(f.rule_id, f.severity, f.message) for f in evaluate(case).findings
            if f.path == "patient.country"]


def test_every_iso_country_ships_and_names_find_their_code():
    countries = vocabulary("country")
    assert len(countries) == 249
    for code in ("MN", "IS", "LU", "NP", "TW", "PS", "AQ"):
        assert code in countries
    assert countries.label("MN") == "Mongolia"
    named = {text: countries.named(text).code for text in
             ("China", "china", "CHN", "cn", "South Korea", "Vietnam", "UK", "Germany")}
    assert named == {"China": "CN", "china": "CN", "CHN": "CN", "cn": "CN", "South Korea": "KR",
                     "Vietnam": "VN", "UK": "GB", "Germany": "DE"}
    assert countries.named("East Asian") is None and countries.named("") is None


@pytest.mark.parametrize("value", ["CN", "cn", " DE ", "MN", None, ""])
def test_a_country_code_is_quiet(value):
    assert country_findings(value) == []


def test_a_value_that_is_not_a_country_is_a_warning_naming_the_field():
    [(rule_id, severity, message)] = country_findings("East Asian")
    assert (rule_id, severity) == ("V58", "warning")
    assert message.startswith("Country: 'East Asian' is not a country")
    [(_, severity, message)] = country_findings("China")  # a name, not the code
    assert severity == "warning" and "CN" in message and message.startswith("Country:")


def test_validate_and_import_name_the_country_and_keep_the_value(capsys, tmp_path, data_home):
    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    doc["cases"][0]["patient"]["country"] = "East Asian"
    doc["cases"][0]["patient"]["subdivision"] = None
    path = tmp_path / "ethnicity-as-country.json"
    path.write_text(json.dumps(doc))
    assert main(["validate", str(path)]) == 0  # a warning: the file is still valid
    out = capsys.readouterr().out
    assert "V58 SEED-C1-CAO2023 Patient › Country: Country: 'East Asian' is not a country" in out

    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    case_id = doc["cases"][0]["case_id"]
    assert main(["show", case_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cases"][0]["patient"]["country"] == "East Asian"
