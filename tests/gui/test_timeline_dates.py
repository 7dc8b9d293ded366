"""The Timeline's Date column gives each entry's date: the date typed, else Day 0's date plus
its day number, as the exports do. Found by a stranger run: with Day 0 2023-01-10 the column was
empty for every entry (entered as day numbers)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, type_in_field

C1 = "SEED-C1-CAO2023"


def test_every_entry_with_a_day_number_shows_its_date(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    type_in_field(qtbot, window, "case_report.day0", "2023-01-10")
    qtbot.keyClick(window.editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # Time&line
    timeline = window.editor.timeline_view
    qtbot.waitUntil(lambda: timeline.isVisible())
    rows = [row for row in timeline.items() if row[0]]
    assert rows
    day0 = dt.date(2023, 1, 10)
    for day, date, _label in rows:  # "d30 †": a day from placeholder values is marked
        number = int(day.removesuffix("\u00a0†")[1:])
        assert date == (day0 + dt.timedelta(days=number)).isoformat(), (day, date)

    type_in_field(qtbot, window, "case_report.day0", "2023-01")  # to the month: no date
    assert all(date == "" for day, date, _label in timeline.items() if day)
