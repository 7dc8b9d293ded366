"""A year-first date typed without leading zeros ("2023-4-18", "2023-4") is the date it can only
be. Found entering reference case 1 by keyboard in a real window: "2023-4-18" in a diagnosis's
When and in Outcome › Last follow-up was refused as "'2023-4-18' is not a date (2023-04-18, ...)"
while "18/04/2023" was taken. Read in the editor only: imported files keep the strict form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import press


def _when_spec():
    from core.model.report import CaseReport
    from gui.editor.fields import simple_fields

    return next(s for s in simple_fields(CaseReport) if s.name == "day0")


def test_year_first_dates_need_no_leading_zeros():
    from gui.editor.values import InputError, parse_text

    spec = _when_spec()
    assert parse_text(spec, "2023-4-18") == "2023-04-18"
    assert parse_text(spec, "2023-4") == "2023-04"
    assert parse_text(spec, "2023-04-8", "%d/%m/%Y") == "2023-04-08"
    with pytest.raises(InputError, match="no day 31"):
        parse_text(spec, "2023-4-31")


def test_the_blinatumomab_cycle_start_takes_one_too():
    from gui.editor.blinatumomab import parse_start

    assert parse_start("2023-4-18", "%d/%m/%Y") == "2023-04-18"


def test_day0_typed_without_leading_zeros_is_stored(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    window.editor.focus_path("case_report.day0")
    field = window.focusWidget()
    qtbot.keyClicks(field, "2023-4-18")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.property("problem") != "error"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert str(stored.case_report.day0) == "2023-04-18"
