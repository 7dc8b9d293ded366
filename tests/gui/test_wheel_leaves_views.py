"""The mouse wheel changed the boxes that set a view (found by a stranger run): the search
panel's sort and its filter choices, the History window's user and the print preview's mode and
page box. Scrolling past them changed what the list, the history or the preview showed. The
wheel over them now changes nothing (gui.no_wheel, as for the form's choice boxes)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_history import save_titles
from tests.gui.test_report_view import open_preview
from tests.gui.test_wheel_scrolls_form import wheel


def value(box) -> object:
    return box.value() if hasattr(box, "value") else box.currentIndex()


def assert_wheel_changes_nothing(box) -> None:
    assert box.isVisible()
    for down in (True, False, True):
        before = value(box)
        wheel(box, down)
        assert value(box) == before, box.accessibleName() or box.objectName()
    assert not box.hasFocus()


def test_the_wheel_leaves_the_search_sort_and_filters(qtbot, stored_references, window):
    panel = window.search_panel
    qtbot.mouseClick(panel.filters_button, Qt.MouseButton.LeftButton)
    assert panel.filter_panel.isVisible()
    panel.sort_combo.setCurrentIndex(1)  # a middle one: the wheel could go either way
    shown = panel.model.rowCount()
    assert_wheel_changes_nothing(panel.sort_combo)
    for name, box in panel.filter_panel.fields.items():
        if hasattr(box, "currentIndex"):
            assert_wheel_changes_nothing(box)
            assert box.currentText() == "", name  # no filter set by the wheel
    assert panel.sort_combo.currentIndex() == 1
    assert panel.model.rowCount() == shown


def test_the_wheel_leaves_the_history_users_box(qtbot, window, casebook):
    window.commands.new.trigger()
    save_titles(qtbot, window, "Blast crisis")
    window.apply_settings(casebook.settings.model_copy(update={"user_name": "dr.other"}))
    save_titles(qtbot, window, "Blast crisis, CNS")
    window.commands.history.trigger()
    dialog = window.history.dialog
    assert dialog.user_box.count() > 2
    dialog.user_box.setCurrentIndex(1)
    shown = len(dialog.shown_rows())
    assert_wheel_changes_nothing(dialog.user_box)
    assert dialog.user_box.currentIndex() == 1 and len(dialog.shown_rows()) == shown


def test_the_wheel_leaves_the_preview_mode_and_page(qtbot, stored_references, window):
    dialog = open_preview(qtbot, window)
    assert dialog.document.pageCount() > 2
    dialog.page_box.setValue(2)
    qtbot.waitUntil(lambda: dialog.current_page() == 1)
    assert_wheel_changes_nothing(dialog.page_box)
    assert_wheel_changes_nothing(dialog.mode_box)
    assert dialog.mode() == "identified" and dialog.current_page() == 1
