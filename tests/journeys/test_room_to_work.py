"""Journey: reference case 1 on a real 1024x768 X screen (real fonts): the form gets most of
the window and the columns a clinician reads first show without scrolling (issue 15)."""

from __future__ import annotations

from gui.panel_layout import EDITOR_SHARE
from tests.gui.test_room_to_work import READ_FIRST, columns_in_view, table_of
from tests.journeys.steps import go_to_section, open_from_list

REFERENCE_CASE_1 = "SEED-C1-CAO2023"


def test_reference_case_1_reads_at_1024x768(journey, qtbot, reference_cases):
    from core.services import open_casebook

    casebook = open_casebook(journey.data_dir, user="journey")
    casebook.cases.import_cases(reference_cases)
    casebook.close()
    seen: dict[str, object] = {}

    def steps(window):
        open_from_list(qtbot, window, REFERENCE_CASE_1)
        qtbot.waitUntil(lambda: window.session.case_id() == REFERENCE_CASE_1)
        seen["window"] = (window.width(), window.height())
        for section, (_path, _detail, keys) in READ_FIRST.items():
            go_to_section(qtbot, window, section)
            table = table_of(window, section)
            qtbot.wait(50)
            shown = columns_in_view(table)
            seen[section] = [k for k in keys if k not in shown]
            if section in ("CSF & CNS", "Treatment"):
                journey.screenshot(section.split()[0].lower())
        seen["form"] = window.editor.stack.width()
        seen["list shown"] = window.search_panel.isVisible()

    assert journey.start(steps) == 0
    width = seen["window"][0]
    assert width == 1024
    assert seen["form"] >= EDITOR_SHARE * width, seen
    assert not seen["list shown"]
    for section in READ_FIRST:
        assert seen[section] == [], (section, seen[section])
