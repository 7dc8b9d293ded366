"""A lab value entered without its unit is reported as such: found by a stranger run, WBC 3.4
typed with the Unit left empty was listed in Problems as "unit 'None' is not accepted for WBC",
Python's None shown to a clinician. It now says "No unit given for WBC"."""

from __future__ import annotations

import pytest

from core.clinical import evaluate
from core.units import UnitError, to_canonical


def test_no_unit_is_named_as_missing():
    with pytest.raises(UnitError, match=r"^no unit given for .* \(accepted: ") as raised:
        to_canonical("WBC", 3.4, None)
    assert "None" not in str(raised.value)
    with pytest.raises(UnitError, match="^no unit given"):
        to_canonical("WBC", 3.4, "  ")


def test_the_lab_rule_says_the_unit_is_missing(reference_cases):
    case = reference_cases[1]
    lab = case.labs[0].model_copy(update={"unit_entered": None})
    case = case.model_copy(update={"labs": [lab, *case.labs[1:]]})
    messages = [f.message for f in evaluate(case).findings
                if f.rule_id == "V50" and f.path == "labs[0].unit_entered"]
    assert messages and messages[0].startswith("No unit given for WBC"), messages
    assert not any("None" in m for m in messages)
