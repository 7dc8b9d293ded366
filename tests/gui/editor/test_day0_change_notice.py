"""Changing Day 0 silently moved every entry typed as a day number (a stranger run: the d35
marrow and MRD moved to 2025-04-20, the marrow typed as a date became d-1, the dated CSF stayed
2025-04-19 as d34, and nothing said so). Leaving the Day 0 field after a change now shows a
notice naming what moves and what keeps its date; Keep closes it, Undo the change takes Day 0
back as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.conftest import open_from_list, press

CASE = "SYN-DAY0-MOVE"


def _stored(casebook) -> None:
    casebook.cases.import_cases([Case.model_validate({
        "case_id": CASE,
        "case_report": {"title": "Day 0 moves", "day0": "2025-03-15"},
        "bm_assessments": [{"day": "2025-03-15", "specimen": "bm_aspirate"}, {"day": 35}],
        "mrd_assessments": [{"day": 35, "specimen": "bm"}],
        "csf_assessments": [{"day": "2025-04-19"}],
    })], source="test")


def _change_day0(qtbot, window, text: str):
    window.editor.focus_path("case_report.day0")
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, text)
    notice = window.editor.day0_notice
    assert notice.isHidden()  # not while typing: once, when the field is left
    qtbot.keyClick(field, Qt.Key.Key_Return)
    return field, notice


def test_changing_day0_says_what_moves_and_keep_keeps_it(qtbot, casebook, make_window):
    _stored(casebook)
    window = make_window()
    open_from_list(qtbot, window, CASE)
    qtbot.waitUntil(lambda: window.session.case_id() == CASE)
    field, notice = _change_day0(qtbot, window, "16.03.2025")
    assert notice.isVisible()
    text = notice.text.text()
    assert "Day 0 changed from 2025-03-15 to 2025-03-16." in text
    assert ("2 entries entered as day numbers move with Day 0 to new dates: "
            "Bone marrow d35 (2025-04-19 → 2025-04-20); MRD d35 (2025-04-19 → 2025-04-20)."
            ) in text
    assert ("2 entries entered as dates keep their dates and get new day numbers: "
            "Bone marrow 2025-03-15 (d0 → d-1); CSF & CNS 2025-04-19 (d35 → d34).") in text
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # left again without a change: no second notice
    qtbot.mouseClick(notice.keep, Qt.MouseButton.LeftButton)
    assert notice.isHidden()
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(CASE)
    assert str(stored.case_report.day0) == "2025-03-16"
    assert [str(b.day) for b in stored.bm_assessments] == ["2025-03-15", "d35"]


def test_undo_the_change_puts_day0_back_in_one_step(qtbot, casebook, make_window):
    _stored(casebook)
    window = make_window()
    open_from_list(qtbot, window, CASE)
    qtbot.waitUntil(lambda: window.session.case_id() == CASE)
    field, notice = _change_day0(qtbot, window, "2025-03-16")
    assert notice.isVisible()
    steps = window.editor.undo_stack.index()
    qtbot.mouseClick(notice.undo, Qt.MouseButton.LeftButton)
    assert notice.isHidden()
    assert window.editor.undo_stack.index() == steps - 1  # one step, redo-able
    assert field.value_text() == "2025-03-15"
    assert not window.editor.is_dirty()
    window.editor.undo_stack.redo()  # Ctrl+Shift+Z: the change again, without a new notice
    assert window.editor.ctx.doc.get("case_report.day0") == "2025-03-16"
    assert notice.isHidden()
    press(qtbot, window, "Ctrl+S")
    assert str(casebook.cases.open_case(CASE).case_report.day0) == "2025-03-16"


def test_no_notice_without_entries(qtbot, casebook, make_window):
    casebook.cases.import_cases([Case.model_validate({
        "case_id": CASE, "case_report": {"title": "Nothing dated", "day0": "2025-03-15"},
    })], source="test")
    window = make_window()
    open_from_list(qtbot, window, CASE)
    qtbot.waitUntil(lambda: window.session.case_id() == CASE)
    _field, notice = _change_day0(qtbot, window, "2025-03-16")
    assert notice.isHidden()


def test_the_notice_says_what_clearing_day0_does():
    from gui.editor.day0_change import change_text

    doc = {"bm_assessments": [{"day": "2025-03-15"}, {"day": 35}],
           "outcome": {"last_follow_up_day": 90}}
    assert change_text("2025-03-15", None, doc) == (
        "Day 0 changed from 2025-03-15 to (none).\n"
        "2 entries entered as day numbers have no dates now: Bone marrow d35 (was 2025-04-19); "
        "Outcome Last follow-up d90 (was 2025-06-13).\n"
        "1 entry entered as a date keeps its date, with no day number now: "
        "Bone marrow 2025-03-15 (was d0).")
    assert change_text(None, "2025-03-15", doc) is None  # a first Day 0: nothing moves


def test_the_notice_says_what_a_month_made_a_full_date_does():
    """A review of 07aa401: Day 0 known to the month (2025-03) made a full date said the
    day-number entries 'move with Day 0 to new dates', though they had none before."""
    from gui.editor.day0_change import change_text

    doc = {"bm_assessments": [{"day": "2025-03-20"}, {"day": 35}]}
    assert change_text("2025-03", "2025-03-15", doc) == (
        "Day 0 changed from 2025-03 to 2025-03-15.\n"
        "1 entry entered as a day number gets a date now: Bone marrow d35 (now 2025-04-19).\n"
        "1 entry entered as a date keeps its date and gets a day number now: "
        "Bone marrow 2025-03-20 (now d5).")
