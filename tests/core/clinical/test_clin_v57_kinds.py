"""V57 names what a hit of the patient's own identifiers is: the birth date typed into a
narrative read "'12/03/1989' looks like a name or identifier of this patient" (found by a
stranger run). It now says "looks like this patient's date of birth"; the record number and the
name are named as such; a phone number keeps its own kind; a denylist name is still a name."""

from __future__ import annotations

from clinical_refcases import build_case, setp

from core.clinical import evaluate


def v57_messages(*changes, denylist=()) -> dict[str, str]:
    findings = evaluate(build_case(1, *changes), denylist=denylist).findings
    return {f.match: f.message for f in findings if f.rule_id == "V57"}


TEXT = ("Seen on 12/03/1989's anniversary; record HN-448812; Mr Okafor called from "
        "+49 30 1234567; Dr Brandt reviewed.")


def test_each_own_identifier_is_named_by_its_kind():
    found = v57_messages(setp("patient.birth_date", "1989-03-12"),
                         setp("patient.record_number", "HN-448812"),
                         setp("patient.name", "Chidi Okafor"),
                         setp("case_report.discussion", TEXT), denylist=("Brandt",))
    assert found["12/03/1989"].startswith("'12/03/1989' looks like this patient's date of birth:")
    assert found["HN-448812"].startswith("'HN-448812' looks like this patient's hospital "
                                         "record number:")
    assert found["Okafor"].startswith("'Okafor' looks like this patient's name:")
    assert found["+49 30 1234567"].startswith("'+49 30 1234567' looks like a phone or fax number")
    assert found["Brandt"].startswith("'Brandt' looks like a name or identifier of this patient")
    assert not any("name or identifier" in m for k, m in found.items() if k != "Brandt")
