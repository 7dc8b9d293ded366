"""Ctrl+F with a case open in a 1024x768 window: the case list comes back beside the form and
the section list gives way to it (as it does to the form), so the form keeps its share of the
window and is not squeezed behind a horizontal scroll bar. Hiding the list again (F9) brings
the section list back."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea

from gui.panel_layout import EDITOR_SHARE
from tests.gui.conftest import press
from tests.gui.test_room_to_work import open_at, settle


def form_area(window) -> QScrollArea:
    page = window.editor.stack.currentWidget()
    assert isinstance(page, QScrollArea), page
    return page


def test_ctrl_f_at_1024x768_leaves_the_form_unsqueezed(qtbot, stored_references, window,
                                                       tmp_path):
    open_at(qtbot, window, 1024, 768, "Patient")
    assert not window.search_panel.isVisible()  # the list gave way to the case
    assert not form_area(window).horizontalScrollBar().isVisible()

    press(qtbot, window, "Ctrl+F")
    settle(qtbot)
    window.grab().save(str(tmp_path / "find-1024.png"))
    assert window.search_panel.isVisible()
    assert QApplication.focusWidget() is window.case_list.filter_box
    area = form_area(window)
    assert not area.horizontalScrollBar().isVisible(), (area.width(), window.splitter.sizes())
    assert window.editor.stack.width() >= EDITOR_SHARE * 1024
    assert not window.editor.section_list.isVisible()  # gave way to the list
    assert window.session.case_id() is not None  # the case stays open

    qtbot.keyClicks(window.case_list.filter_box, "blinatumomab")  # the search box works
    press(qtbot, window, "F9")  # the list hidden again: the section list is back
    settle(qtbot)
    assert not window.search_panel.isVisible()
    assert window.editor.section_list.isVisible()
    assert not form_area(window).horizontalScrollBar().isVisible()
