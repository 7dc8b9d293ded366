"""The window's own behaviour: find, undo/redo, preferences, remembered geometry, print hook."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from core.settings import load_settings
from tests.gui.conftest import open_from_list, press, title_field, type_title
from tests.gui.test_trash_locked import trash_written

C1 = "SEED-C1-CAO2023"


def test_ctrl_f_puts_the_cursor_in_the_filter_box(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    title_field(window)
    press(qtbot, window, "Ctrl+F")
    assert QApplication.focusWidget() is window.case_list.filter_box
    qtbot.keyClicks(window.case_list.filter_box, "C2")
    window.case_list.apply_filter()  # the search runs in the background
    qtbot.waitUntil(lambda: not window.case_model.busy)
    assert window.case_model.total == 1


def test_undo_and_redo_actions_drive_the_editor(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    original = title_field(window).text()
    type_title(qtbot, window, "Changed")
    window.case_list.table.setFocus()
    assert window.commands.undo.isEnabled()
    while window.commands.undo.isEnabled():
        window.commands.undo.trigger()
    assert title_field(window).text() == original
    assert not window.session.is_dirty()
    while window.commands.redo.isEnabled():
        window.commands.redo.trigger()
    assert title_field(window).text() == "Changed"


def test_undo_key_in_the_editor_is_not_ambiguous(qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    type_title(qtbot, window, "Changed")
    window.editor.section_list.setFocus()  # inside the editor, outside any text field
    triggered = []
    window.commands.undo.triggered.connect(lambda: triggered.append(True))
    press(qtbot, window, "Ctrl+Z")
    assert triggered


def test_window_keeps_qwidgets_actions_method(window):
    """The window's commands live in ``commands``: ``QWidget.actions()`` is not shadowed."""
    assert all(isinstance(a, QAction) for a in window.actions())
    assert window.commands.undo.text()


def test_preferences_are_saved_and_applied(qtbot, window, casebook):
    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.user_name.setText("dr.house")
        dialog.pdf_mode.setCurrentIndex(1)
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    window.commands.preferences.trigger()
    saved = load_settings(casebook.paths.settings_file)
    assert (saved.user_name, saved.default_pdf_mode) == ("dr.house", "deidentified")
    assert casebook.ctx.user == "dr.house"


def test_geometry_and_splitter_are_remembered_in_the_data_folder(qtbot, casebook, make_window,
                                                                 tmp_path):
    first = make_window()
    first.resize(760, 560)  # the offscreen screen is small: stay inside it
    first.splitter.setSizes([300, 460])
    size = first.size()
    first.commands.show_list.setChecked(False)
    first.shutdown()
    assert (casebook.paths.root / "config" / "gui.ini").exists()
    assert not list((tmp_path / "xdg-config").glob("**/*.conf"))
    second = make_window()
    assert second.size() == size
    assert not second.case_list.isVisible()
    second.commands.show_list.setChecked(True)
    assert second.splitter.sizes()[0] == 300


def test_print_goes_to_the_plugged_in_handler(qtbot, stored_references, window, prompter):
    open_from_list(qtbot, window, C1)
    printed = []
    window.print_handler = printed.append
    type_title(qtbot, window, "Printed as edited")
    press(qtbot, window, "Ctrl+P")
    assert [c.case_report.title for c in printed] == ["Printed as edited"]


def test_keyboard_only_find_open_and_trash(qtbot, stored_references, window, casebook):
    from PySide6.QtCore import Qt

    press(qtbot, window, "Ctrl+F")
    qtbot.keyClicks(window.case_list.filter_box, "SEED-C2")
    qtbot.keyClick(window.case_list.filter_box, Qt.Key.Key_Return)  # opens the first hit
    qtbot.waitUntil(lambda: window.session.case_id() == "SEED-C2-CAO2023")
    assert window.case_model.rowCount() == 1
    if not window.case_list.isVisible():  # a narrow window: the list gave way to the case
        press(qtbot, window, "F9")
    window.case_list.table.setFocus()
    window.case_list.table.selectRow(0)
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Return)  # the selected case: still C2
    assert window.session.case_id() == "SEED-C2-CAO2023"
    window.case_list.table.setFocus()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Delete)
    assert not window.session.is_open()
    trash_written(qtbot, window)
    assert casebook.cases.count_cases() == 1
