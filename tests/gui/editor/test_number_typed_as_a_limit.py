"""A number typed as a limit (`<0,01%` in MRD, `<5` in CSF WBC: how a clinician writes a result
below a cut-off) is refused saying what to do instead (a hematologist's stranger run). It read
"MRD: '<0,01' is not a number (typed: '<0,01%')", which says neither that the "<" is the
trouble nor where a level under the limit of detection goes."""

from __future__ import annotations

import pytest

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.test_typed_bounds import type_at, value_at
from tests.gui.test_unstored_input import problem_messages

C1 = "SEED-C1-CAO2023"


@pytest.mark.parametrize("path, typed, message", [
    ("mrd_assessments[0].value_fraction", "<0,01%",
     "MRD: '<0,01%' is a limit, not a value: for MRD below the limit of detection choose "
     "Result 'not detected' and type the limit in Limit of detection"),
    ("mrd_assessments[0].value_fraction", "<1e-4",
     "MRD: '<1e-4' is a limit, not a value: for MRD below the limit of detection choose "
     "Result 'not detected' and type the limit in Limit of detection"),
    ("csf_assessments[0].wbc_per_uL", "<5",
     "CSF WBC: '<5' is a limit, not a value: type the number measured"),
])
def test_a_number_typed_as_a_limit_says_what_to_do(qtbot, stored_references, window, casebook,
                                                   path, typed, message):
    open_from_list(qtbot, window, C1)
    before = value_at(casebook.cases.open_case(C1), path)
    text = type_at(qtbot, window, path, typed)
    assert text() == typed  # kept as typed, marked
    assert any(m.startswith(message) for m in problem_messages(window)), problem_messages(window)
    assert value_at(window.editor.current_case(), path) == before
    press(qtbot, window, "Ctrl+S")
    assert value_at(casebook.cases.open_case(C1), path) == before
