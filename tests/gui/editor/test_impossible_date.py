"""A clinician who types a date that cannot exist (31.02.2023) in a date field is told what is
wrong with it in calendar words, at the field and in Problems, and nothing is stored."""

from __future__ import annotations

from core.model import Case
from tests.gui.editor.keyboard import Typist


def problem_messages(editor) -> list[str]:
    model = editor.problems_panel.model
    return [model.data(model.index(row, 2)) for row in range(model.rowCount())]


def test_31_february_is_named_at_the_field_and_in_problems_and_not_stored(editor, qtbot):
    editor.load_case(Case.model_validate(
        {"case_id": "HC-TEST0001", "case_report": {"day0": "2023-01-10"}}))
    typist = Typist(qtbot, editor)
    editor.focus_path("case_report.day0")
    field = editor.focusWidget()
    assert field.accessibleName() == "Day 0 date"
    typist.fill_field(field, "31.02.2023")

    assert field.text() == "31.02.2023"  # kept, marked
    assert field.property("problem") == "error"
    assert field.toolTip().startswith("'31.02.2023': February 2023 has no day 31")
    assert any(m.startswith("Day 0 date: '31.02.2023': February 2023 has no day 31 — not stored")
               for m in problem_messages(editor))
    assert editor.current_case().case_report.day0.date == "2023-01-10"

    typist.fill_field(field, "28.02.2023")  # the date meant, in the same form
    assert field.property("problem") in ("", None)
    assert editor.current_case().case_report.day0.date == "2023-02-28"
    assert not any("Day 0 date" in m for m in problem_messages(editor))
