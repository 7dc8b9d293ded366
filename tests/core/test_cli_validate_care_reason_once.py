"""``casebook validate`` lists a CARE item not reported with its reason once: the reference cases'
Introduction, "not reported" for the reason "not reported", read "4 Introduction: not reported
(not reported)" (a hematologist's stranger run). Another reason stays in brackets: "12 Patient
perspective: not reported (not asked)"."""

from __future__ import annotations

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK


def test_validate_names_a_not_reported_reason_once(capsys):
    assert main(["validate", str(REFERENCE_CASEBOOK)]) == 0
    out = capsys.readouterr().out
    assert "(not reported)" not in out
    assert "    4 Introduction: not reported\n" in out
    assert "    12 Patient perspective: not reported (not asked)\n" in out
