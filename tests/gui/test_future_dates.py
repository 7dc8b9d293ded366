"""Dates in the editor (issue 14): a Day 0 typed in the future is listed in Problems (V53) and
still saves as a draft; a birth date after Day 0 is a problem, never a negative derived age."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QLabel

from tests.gui.conftest import open_from_list, press
from tests.gui.conftest import type_in_field as type_date

C1 = "SEED-C1-CAO2023"


def problems(window) -> list[tuple[str, str, str]]:
    """(rule, message, field) of each row of the Problems panel."""
    model = window.editor.problems_panel.model
    return [tuple(model.data(model.index(row, col)) for col in (1, 2, 3))
            for row in range(model.rowCount())]


def derived_texts(window) -> list[str]:
    return [label.text() for label in window.editor.findChildren(QLabel, "Derived")]


def test_a_future_day0_is_listed_and_the_draft_still_saves(qtbot, stored_references, window,
                                                          casebook):
    open_from_list(qtbot, window, C1)
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    type_date(qtbot, window, "case_report.day0", future)
    qtbot.waitUntil(lambda: any(rule == "V53" and "after today" in message
                                for rule, message, _ in problems(window)), timeout=5000)
    rows = [r for r in problems(window) if r[0] == "V53"]
    assert len(rows) == 1 and rows[0][2] == "case_report.day0"
    assert future in rows[0][1] and "Day 0 date" in rows[0][1]

    press(qtbot, window, "Ctrl+S")  # a draft always saves, problem and all
    stored = casebook.cases.open_case(C1)
    assert stored.case_report.day0 is not None and stored.case_report.day0.date == future
    assert any(r[0] == "V53" for r in problems(window))

    past = (dt.date.today() - dt.timedelta(days=1000)).isoformat()
    type_date(qtbot, window, "case_report.day0", past)
    qtbot.waitUntil(lambda: not any(r[0] == "V53" for r in problems(window)), timeout=5000)


def test_a_birth_date_after_day0_shows_the_problem_not_a_negative_age(qtbot, stored_references,
                                                                      window):
    open_from_list(qtbot, window, C1)
    day0 = dt.date.today() - dt.timedelta(days=1000)
    type_date(qtbot, window, "case_report.day0", day0.isoformat())
    type_date(qtbot, window, "patient.birth_date",
              (day0 + dt.timedelta(days=3 * 365)).isoformat())
    qtbot.waitUntil(lambda: any(rule == "V01" and "after Day 0" in message
                                for rule, message, _ in problems(window)), timeout=5000)
    window.editor.focus_path("patient.birth_date")
    assert window.editor.ctx.feedback.derived_at("patient").get("age") is None
    assert not any(re.search(r"Age <b>[-−]", t) for t in derived_texts(window))
    assert any("patient.birth_date" == path for _, _, path in problems(window))
