"""Case › Compare selected cases: two cases picked in the list with Ctrl+click, compared with
the shortcut or the list's right-click menu, side by side; Copy gives tab-separated text."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu

from gui.case_list import COL_CASE_ID
from gui.compare_view import DIFFERS_MARK, CompareDialog
from tests.gui.conftest import press, simple_cases

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def _click_row(qtbot, window, case_id: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    table = window.case_list.table
    rect = table.visualRect(window.case_model.index(window.case_model.row_of(case_id),
                                                    COL_CASE_ID))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _select_both(qtbot, window) -> None:
    window.case_model.reload()
    qtbot.waitUntil(lambda: window.case_model.total == 2)
    _click_row(qtbot, window, C1)
    assert window.commands.compare.isEnabled()  # one case: it says what it needs
    _click_row(qtbot, window, C2, Qt.KeyboardModifier.ControlModifier)
    assert sorted(window.case_list.selected_ids()) == [C1, C2]
    assert window.commands.compare.isEnabled()


def _dialog() -> CompareDialog:
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, CompareDialog) and w.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _column(dialog: CompareDialog, case_id: str) -> int:
    headers = [dialog.table.horizontalHeaderItem(c).text()
               for c in range(dialog.table.columnCount())]
    return next(c for c, h in enumerate(headers) if h.startswith(case_id))


def _row(dialog: CompareDialog, label: str) -> int:
    table = dialog.table
    return next(r for r in range(table.rowCount())
                if table.verticalHeaderItem(r).text().removeprefix(DIFFERS_MARK) == label)


def test_compare_two_selected_cases_with_the_shortcut(qtbot, window, stored_references):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Case")
    assert window.commands.compare in menu.actions()
    _select_both(qtbot, window)
    started = time.perf_counter()
    press(qtbot, window, "Ctrl+Shift+M")
    took = time.perf_counter() - started
    qtbot.waitUntil(lambda: any(isinstance(w, CompareDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    dialog = _dialog()
    assert not dialog.isModal()
    assert took < 0.5, f"reading and comparing two cases took {took * 1000:.0f} ms"
    table, c1, c2 = dialog.table, _column(dialog, C1), _column(dialog, C2)
    assert table.horizontalHeaderItem(c1).text() == C1
    assert table.item(_row(dialog, "Title"), c1).text().startswith("Blinatumomab for CNS")
    # the titles differ: the row is marked as every row that differs (it was not)
    assert table.verticalHeaderItem(_row(dialog, "Title")).text() == DIFFERS_MARK + "Title"

    def cell(label: str, column: int) -> str:
        return table.item(_row(dialog, label), column).text()

    assert (cell("Sex", c1), cell("Sex", c2)) == ("male", "female")
    assert (cell("Age at Day 0", c1), cell("Age at Day 0", c2)) == ("34 years", "24 years")
    assert cell("Main diagnosis", c1).startswith("C92.1")
    assert cell("Main diagnosis", c2).startswith("C91.0")
    assert (cell("Worst CNS status", c1), cell("Worst CNS status", c2)) == (
        "CNS3 (CNS3a)", "CNS3 (CNS3a, CNS3c)")
    assert (cell("Worst CRS grade", c1), cell("Worst CRS grade", c2)) == (
        "none recorded", "grade 1")
    # a row that differs is marked and bold; one that does not is neither
    sex, response = _row(dialog, "Sex"), _row(dialog, "Best response")
    assert table.verticalHeaderItem(sex).text() == DIFFERS_MARK + "Sex"
    assert table.item(sex, c1).font().bold() and table.item(sex, c2).font().bold()
    assert table.verticalHeaderItem(response).text() == "Best response"
    assert not table.item(response, c1).font().bold()
    cns = _row(dialog, "Worst CNS status")  # CNS3a vs parenchymal CNS3c at relapse
    assert table.verticalHeaderItem(cns).text() == DIFFERS_MARK + "Worst CNS status"
    # the database is as it was: comparing reads, never writes
    assert [window.casebook.cases.open_case(i).version for i in (C1, C2)] == [
        c.version for c in stored_references]

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[0] == "Item" and len(lines[0].split("\t")) == 3
    sex_line = next(line for line in lines if line.startswith("Sex\t"))
    assert sex_line.split("\t")[1:] == [cell("Sex", 0), cell("Sex", 1)]
    dialog.close()


def test_compare_from_the_right_click_menu(qtbot, window, stored_references):
    _select_both(qtbot, window)
    table = window.case_list.table
    shown: list[QMenu] = []

    def pick() -> None:
        menus = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMenu) and w.isVisible()]
        shown.extend(menus)
        compare = next(a for a in menus[0].actions() if a is window.commands.compare)
        assert compare.isEnabled()
        compare.trigger()
        menus[0].close()

    rect = table.visualRect(window.case_model.index(window.case_model.row_of(C2), COL_CASE_ID))
    QTimer.singleShot(100, pick)
    table.customContextMenuRequested.emit(rect.center())
    qtbot.waitUntil(lambda: bool(shown))
    qtbot.waitUntil(lambda: any(isinstance(w, CompareDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    dialog = _dialog()
    assert {dialog.table.horizontalHeaderItem(c).text().split("\n")[0]
            for c in range(2)} == {C1, C2}
    dialog.close()


@pytest.mark.expected_errors("a selected case is purged: its error dialog is the point")
def test_a_case_gone_since_it_was_selected_is_named_and_nothing_opens(
        qtbot, window, casebook, prompter, stored_references):
    _select_both(qtbot, window)
    casebook.cases.trash_case(C2)  # by another window of the app, before the list reloads
    casebook.cases.purge_case(C2, "duplicate entered by mistake")
    press(qtbot, window, "Ctrl+Shift+M")
    qtbot.waitUntil(lambda: bool(prompter.calls("error")))
    (message,), = prompter.calls("error")
    assert message.startswith("The cases could not be compared") and C2 in message
    assert "Traceback" not in message
    assert not any(isinstance(w, CompareDialog) and w.isVisible()
                   for w in QApplication.topLevelWidgets())


def test_seven_selected_cases_say_what_compare_needs(qtbot, window, casebook):
    """Ctrl+Shift+M with 7 cases selected (Shift+click) says so in the status bar; nothing
    opens (the action was disabled, so the shortcut did nothing and said nothing)."""
    casebook.cases.import_cases(simple_cases(7))
    window.case_model.reload()
    qtbot.waitUntil(lambda: window.case_model.total == 7)
    _click_row(qtbot, window, "SYN-T00000")
    _click_row(qtbot, window, "SYN-T00006", Qt.KeyboardModifier.ShiftModifier)
    assert len(window.case_list.selected_ids()) == 7
    assert "Compare 2 to 6 selected cases" in window.commands.compare.statusTip()
    versions = [casebook.cases.open_case(f"SYN-T{i:05d}").version for i in range(7)]
    press(qtbot, window, "Ctrl+Shift+M")
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bool(bar.currentMessage()))
    shown = bar.toolTip() if bar.currentMessage().endswith("…") else bar.currentMessage()
    assert shown == "Select 2 to 6 cases in the list to compare them (7 selected)."
    assert not any(isinstance(w, CompareDialog) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
    # nothing was read to compare, nothing written
    assert [casebook.cases.open_case(f"SYN-T{i:05d}").version for i in range(7)] == versions


def test_cases_in_the_trash_say_so_in_their_status(qtbot, window, casebook, stored_references):
    casebook.cases.trash_case(C1)
    casebook.cases.trash_case(C2)
    qtbot.mouseClick(window.case_list.trash_toggle, Qt.MouseButton.LeftButton)  # Show trash
    qtbot.waitUntil(lambda: window.case_model.rowCount() == 2)
    _click_row(qtbot, window, C1)
    _click_row(qtbot, window, C2, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, "Ctrl+Shift+M")
    qtbot.waitUntil(lambda: any(isinstance(w, CompareDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    dialog = _dialog()
    status = _row(dialog, "Case status")
    assert {dialog.table.item(status, c).text() for c in range(2)} == {
        "complete, in the trash"}
    assert all(casebook.cases.is_trashed(i) for i in (C1, C2))  # comparing restores nothing
    dialog.close()
