"""Ctrl+Shift+P (the Problems list) and Ctrl+L (the section list) work from anywhere in the
main window once a case is open, as the section keys do: pressed in the case list or its
search box they did nothing (they were the editor's keys, alive only with the focus inside it).
With no case open they do nothing, and they change nothing in the case."""

from __future__ import annotations

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import focused

C1 = "SEED-C1-CAO2023"


def test_problems_and_section_list_keys_work_from_the_case_list(
        qtbot, stored_references, window, casebook):
    editor = window.editor
    window.case_list.table.setFocus()
    press(qtbot, window, "Ctrl+Shift+P")  # no case open: nothing to show
    assert focused() is window.case_list.table

    open_from_list(qtbot, window, C1)
    stored = casebook.cases.open_case(C1)
    for place in (window.case_list.table, window.case_list.filter_box):
        place.setFocus()
        assert focused() is place
        press(qtbot, window, "Ctrl+Shift+P")
        assert editor.side_tabs.currentWidget() is editor.problems_panel
        assert focused() is editor.problems_panel.view, (place, focused())

        place.setFocus()
        press(qtbot, window, "Ctrl+L")
        assert focused() is editor.section_list, (place, focused())
    assert window.case_list.filter_box.text() == ""  # the keys typed nothing
    assert not window.session.is_dirty()
    assert casebook.cases.open_case(C1).version == stored.version
