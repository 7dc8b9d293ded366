"""The Day 0 notice names entries that read alike once, with their count (a hematologist's
stranger run): two clinical findings typed d0 (a symptom and an exam finding) read
"Clinical findings d0 (2025-03-10 → 2025-03-11); Clinical findings d0 (2025-03-10 →
2025-03-11); …", the same words twice, as if listed in error. "and N more" still counts
entries."""

from __future__ import annotations

from core.model import Case
from tests.gui.conftest import open_from_list
from tests.gui.editor.test_day0_change_notice import _change_day0

CASE = "SYN-DAY0-SAME"


def test_entries_that_read_alike_are_named_once_with_their_count(qtbot, casebook, make_window):
    casebook.cases.import_cases([Case.model_validate({
        "case_id": CASE,
        "case_report": {"title": "Day 0 moves", "day0": "2025-03-10"},
        "clinical_findings": [{"day": 0, "kind": "symptom", "finding": "headache"},
                              {"day": 0, "kind": "exam", "finding": "hepatosplenomegaly"}],
        "bm_assessments": [{"day": 0, "specimen": "bm_aspirate"}, {"day": 35},
                           {"day": 60}],
        "mrd_assessments": [{"day": 35, "specimen": "bm"}, {"day": 60, "specimen": "bm"}],
    })], source="test")
    window = make_window()
    open_from_list(qtbot, window, CASE)
    qtbot.waitUntil(lambda: window.session.case_id() == CASE)
    _field, notice = _change_day0(qtbot, window, "2025-03-11")
    assert notice.isVisible()
    text = notice.text.text()
    assert ("7 entries entered as day numbers move with Day 0 to new dates: "
            "Clinical findings d0, 2 entries (2025-03-10 → 2025-03-11); "
            "Bone marrow d0 (2025-03-10 → 2025-03-11); "
            "Bone marrow d35 (2025-04-14 → 2025-04-15); "
            "Bone marrow d60 (2025-05-09 → 2025-05-10); and 2 more.") in text, text
