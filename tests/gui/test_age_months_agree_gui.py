"""Age in months is checked against Age at Day 0 (rule V01): typed 0 years and 18 months, the
Age in months field is marked and Problems names both fields; corrected to 1 year, the finding
goes. Before, nothing was said while the age line read "18 months" and the search and V60 took
the patient as under one year (a stranger test)."""

from __future__ import annotations

from tests.gui.conftest import open_as_draft, press, type_in_field

C1 = "SEED-C1-CAO2023"
MONTHS = "patient.age_at_day0_months"


def v01(window) -> list[tuple[str, str]]:
    return [(f.path, f.message) for f in window.editor.problems_panel.model.findings
            if f.rule_id == "V01"]


def test_months_outside_the_year_typed_are_listed_naming_both_fields(qtbot, casebook,
                                                                     stored_references, window):
    open_as_draft(qtbot, casebook, window, C1)
    type_in_field(qtbot, window, "patient.age_at_day0", "0")
    field = type_in_field(qtbot, window, MONTHS, "18")
    message = ("Age in months (18) does not match Age at Day 0 (0 years): Age in months is "
               "the whole age, 0–11 months at 0 years")
    assert v01(window) == [(MONTHS, message)]
    assert field.property("problem") == "error" and message in field.toolTip()

    press(qtbot, window, "Ctrl+S")  # a draft saves with its errors
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).patient.age_at_day0 == 0)
    stored = casebook.cases.open_case(C1).patient
    assert (stored.age_at_day0, stored.age_at_day0_months) == (0, 18)

    type_in_field(qtbot, window, "patient.age_at_day0", "1")
    assert v01(window) == [] and field.property("problem") in ("", None)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).patient.age_at_day0 == 1)
    assert casebook.cases.open_case(C1).patient.age_at_day0_months == 18
