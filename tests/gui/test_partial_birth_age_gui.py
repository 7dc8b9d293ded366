"""V01 in the editor with a birth year only (a stranger's report: birth date 1975, Day 0
2024-02-20, age 49 was listed as "does not match the birth date (48 years)" and blocked
Complete): every age the birth year allows passes; one outside them is still listed."""

from __future__ import annotations

from tests.gui.conftest import open_from_list, press
from tests.gui.conftest import type_in_field as type_in

C1 = "SEED-C1-CAO2023"


def v01(window) -> list[str]:
    model = window.editor.problems_panel.model
    return [model.data(model.index(row, 2)) for row in range(model.rowCount())
            if model.data(model.index(row, 1)) == "V01"]


def test_an_age_the_birth_year_allows_is_no_problem(qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    type_in(qtbot, window, "case_report.day0", "2024-02-20")
    type_in(qtbot, window, "patient.birth_date", "1975")
    type_in(qtbot, window, "patient.age_at_day0", "51")
    qtbot.waitUntil(lambda: any("(48–49 years)" in m for m in v01(window)), timeout=5000)
    type_in(qtbot, window, "patient.age_at_day0", "49")
    qtbot.waitUntil(lambda: v01(window) == [], timeout=5000)
    assert window.editor.ctx.feedback.derived_at("patient").get("age") == "49"

    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.editor.is_dirty(), timeout=5000)
    stored = casebook.cases.open_case(C1)
    assert (stored.patient.birth_date.date, stored.patient.age_at_day0) == ("1975", 49)
    from core.clinical import evaluate

    assert not [b for b in evaluate(stored).blockers if b.rule == "V01"]
