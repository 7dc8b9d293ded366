"""Ctrl+Shift+P and Ctrl+L focus a panel the window hid at a small width: they show it first,
as View › Feedback panels / Section list does (setFocus on a hidden widget did nothing)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.test_room_to_work import open_at, settle


@pytest.mark.parametrize("size", [(800, 600), (1024, 768)])
def test_ctrl_shift_p_shows_the_hidden_problems_list(qtbot, stored_references, window, size):
    open_at(qtbot, window, *size, section="Patient")
    editor = window.editor
    assert not editor.side_tabs.isVisible()  # the feedback panels gave way
    editor.side_tabs.setCurrentWidget(editor.completeness_panel)  # another tab was last used
    editor.section_page("Patient").focus_first()
    settle(qtbot)
    press(qtbot, window, "Ctrl+Shift+P")
    settle(qtbot)
    assert editor.side_tabs.isVisible()
    assert window.panel_layout.panels["feedback"].action.isChecked()  # as View › Feedback panels
    assert editor.side_tabs.currentWidget() is editor.problems_panel
    assert QApplication.focusWidget() is editor.problems_panel.view
    assert editor.side_tabs.width() >= 240  # at a usable width, not squeezed


def test_ctrl_l_shows_the_hidden_section_list(qtbot, stored_references, window):
    open_at(qtbot, window, 1024, 768, section="Patient")
    editor = window.editor
    window.panel_layout.panels["sections"].action.trigger()  # View › Section list: hidden
    settle(qtbot)
    assert not editor.section_list.isVisible()
    editor.section_page("Patient").focus_first()
    press(qtbot, window, "Ctrl+L")
    settle(qtbot)
    assert editor.section_list.isVisible()
    assert window.panel_layout.panels["sections"].action.isChecked()
    assert QApplication.focusWidget() is editor.section_list


def test_the_tab_letters_show_the_hidden_feedback_panels(qtbot, stored_references, window):
    open_at(qtbot, window, 1024, 768, section="Patient")
    editor = window.editor
    assert not editor.side_tabs.isVisible()
    field = editor.section_page("Patient").forms["patient"].bindings["name"].editor
    field.setFocus()
    press(qtbot, window, "Alt+L")  # Time&line: the tab bar's own letter is dead while hidden
    settle(qtbot)
    assert editor.side_tabs.isVisible()
    assert editor.side_tabs.currentWidget() is editor.timeline_view
    assert QApplication.focusWidget() is field  # as the letter does on a shown tab bar
    press(qtbot, window, "Alt+O")  # shown now: the tab bar's letter, not ambiguous
    settle(qtbot)
    assert editor.side_tabs.currentWidget() is editor.completeness_panel
