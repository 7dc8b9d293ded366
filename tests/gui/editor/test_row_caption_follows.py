"""The titles under a record table that name its current row ("More of the row — row 1: …
2023-09-25", "Attribution — row 1: …") follow the row's values as they change. Found by a
stranger run at 1024x768: an adverse event's Onset edited in its cell left the old date in the
titles, even after Ctrl+S."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QGroupBox

from tests.gui.conftest import open_from_list, press

C2 = "SEED-C2-CAO2023"  # two adverse events


def _titles(table) -> list[str]:
    groups = [f.parentWidget() for f in [table.row_form, *table.detail_forms.values()]]
    return [g.title() for g in groups if isinstance(g, QGroupBox)] + [
        child.title() for child in table.detail_tables]


def _type_onset(qtbot, view, column: int, text: str) -> None:
    view.go_to(view.current_storage_row(), column)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    for char in text:  # each key to the widget with the focus then, as a window system sends it
        qtbot.keyClicks(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # a date cell commits on Tab


def test_row_titles_follow_an_edited_onset(qtbot, stored_references, window, casebook):
    window.resize(1024, 768)
    open_from_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    window.editor.show_section("Adverse events")
    QApplication.processEvents()
    table = window.editor.section_page("Adverse events").tables["adverse_events"]
    view, onset = table.view, table.table_model.column_of("onset_day")
    view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")  # a new adverse event: its Onset is its first value
    row = view.current_storage_row()
    assert row == 2
    _type_onset(qtbot, view, onset, "2023-09-25")
    assert "2023-09-25" in str(window.editor.current_case().adverse_events[row].onset_day)
    titles = _titles(table)
    assert len(titles) == 4 and all("row 3: 2023-09-25" in t for t in titles), titles
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())

    _type_onset(qtbot, view, onset, "2023-10-02")
    assert "2023-10-02" in str(window.editor.current_case().adverse_events[row].onset_day)
    titles = _titles(table)
    assert all("row 3: 2023-10-02" in t and "09-25" not in t for t in titles), titles
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert "2023-10-02" in str(casebook.cases.open_case(C2).adverse_events[row].onset_day)
    assert all("row 3: 2023-10-02" in t for t in _titles(table)), _titles(table)
