"""The search's Filters › Day 0 and Updated fields take a date typed in the user's own date
format, as every date field of the editor does (Preferences › Date format, day/month/year by
default). Found by a stranger run: 28/02/2023 typed in Day 0 "from" was refused, "day0:
'28/02/2023' is not a date (2022, 2022-03 or 2022-03-01)", while the case's own Day 0 field
had taken 28.02.2023."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from tests.gui.test_search_panel import search_cases, shown_ids, wait_for_search, win

__all__ = ["search_cases", "win"]  # the fixtures, used by name


def test_updated_from_today_typed_day_first(qtbot, win):
    panel = win.search_panel.filter_panel
    qtbot.mouseClick(win.search_panel.filters_button, Qt.MouseButton.LeftButton)
    today = dt.date.today()
    qtbot.keyClicks(panel.ranges["updated"][0], today.strftime("%d/%m/%Y"))
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == f"updated:{today.isoformat()}.."
    assert not win.search_panel.problem_label.isVisible()
    assert len(shown_ids(win.case_model)) == 4  # all stored today

    tomorrow = today + dt.timedelta(days=1)
    panel.ranges["updated"][0].clear()
    qtbot.keyClicks(panel.ranges["updated"][0], tomorrow.strftime("%d.%m.%Y"))
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == f"updated:{tomorrow.isoformat()}.."
    assert not win.search_panel.problem_label.isVisible()
    assert shown_ids(win.case_model) == set()


def test_day0_to_typed_day_first_and_text_still_refused(qtbot, win):
    panel = win.search_panel.filter_panel
    qtbot.mouseClick(win.search_panel.filters_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.ranges["day0"][1], "28/02/2023")
    wait_for_search(qtbot, win)
    assert win.case_list.filter_box.text() == "day0:..2023-02-28"
    panel.ranges["day0"][1].clear()
    qtbot.keyClicks(panel.ranges["day0"][1], "soon")  # not a date: still said, naming it
    wait_for_search(qtbot, win)
    said = win.search_panel.problem_label.text()
    assert "soon" in said and "is not a date" in said
