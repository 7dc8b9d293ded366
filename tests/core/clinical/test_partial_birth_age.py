"""V01 with a partial birth date (a stranger's report: birth date 1975, Day 0 2024-02-20, age 49
was refused as "does not match the birth date (48 years)", in the editor, in `casebook validate`,
and it blocked Complete). A birth year or month allows every age from its last day to its
first; only an age outside them is a problem, and the age derived then is the one entered."""

from __future__ import annotations

import json

import pytest

from core.cli import main
from core.clinical import derive_age, evaluate
from core.model import Case
from core.model.report import Patient
from core.model.when import When


def case(birth: str, age: int, day0: str = "2024-02-20") -> Case:
    return Case.model_validate({"case_report": {"day0": day0},
                                "patient": {"birth_date": birth, "age_at_day0": age}})


def v01(built: Case) -> list[str]:
    return [f.message for f in evaluate(built).findings
            if f.rule_id == "V01" and f.path == "patient.age_at_day0"]


@pytest.mark.parametrize("birth, day0, ages, refused", [
    ("1975", "2024-02-20", (48, 49), (47, 50)),        # born 1 Jan-20 Feb 1975: 49
    ("1975-02", "2024-02-20", (48, 49), (47, 50)),     # born 21-28 Feb: 48
    ("1975-01", "2024-02-20", (49,), (48, 50)),        # January: 49 whatever the day
    ("1975-06-01", "2024-02-20", (48,), (47, 49)),     # a full date: one age
    ("1975-06-01", "2024", (48, 49), (47, 50)),        # a partial Day 0 spans ages too
])
def test_every_age_a_partial_birth_date_allows_passes(birth, day0, ages, refused):
    for age in ages:
        assert v01(case(birth, age, day0)) == [], (birth, age)
    for age in refused:
        found = v01(case(birth, age, day0))
        assert len(found) == 1 and f"({age})" in found[0], (birth, age)


def test_the_message_names_the_ages_the_birth_year_allows():
    assert v01(case("1975", 51)) == ["Age at Day 0 (51) does not match the birth date "
                                     "(48–49 years)"]


def test_the_age_entered_is_the_age_when_the_birth_date_allows_it():
    day0 = When(date="2024-02-20")
    entered = derive_age(Patient(birth_date="1975", age_at_day0=49), day0)
    assert (entered.years, entered.source) == (49, "entered")
    alone = derive_age(Patient(birth_date="1975"), day0)  # no age: the youngest, as before
    assert (alone.years, alone.source) == (48, "birth_date")
    wrong = derive_age(Patient(birth_date="1975", age_at_day0=51), day0)
    assert (wrong.years, wrong.source) == (48, "birth_date")


def test_a_partial_birth_age_does_not_block_complete():
    blockers = [b for b in evaluate(case("1975", 49)).blockers if b.rule == "V01"]
    assert blockers == []


def test_casebook_validate_accepts_the_age(capsys, tmp_path, data_home):
    doc = {"format": "casebook", "schema_version": "1.0.0",
           "cases": [case("1975", 49).model_dump(mode="json", exclude_none=True)]}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc))
    main(["validate", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert "does not match the birth date" not in json.dumps(out)
    assert "patient.age_at_day0" not in json.dumps(out)
