"""A locked (signed) case, and one opened from the trash, showed its fields disabled: a
clinician reading it could not Tab through them, select and copy a value or a table cell, or
scroll a long text by keyboard. Now its fields are read-only: read, Tab, select and copy, but
nothing changes them (keys, the wheel, clicks, lists, paste, rows); Amend… makes them
editable as before."""

from __future__ import annotations

import os

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication, QPushButton

from tests.gui.conftest import audit_rows, open_from_list, press, type_title
from tests.gui.test_trash_locked import trash_written

C1 = "SEED-C1-CAO2023"


def locked(casebook):
    case = casebook.cases.open_case(C1)
    return casebook.cases.set_status(C1, "locked", case.version)


def field(window, section: str, form: str, name: str):
    return window.editor.section_page(section).forms[form].bindings[name].editor


def form_binding(window, name: str):
    return window.editor.section_page("Title & keywords").forms["case_report"].bindings[name]


def copied(qtbot, widget) -> str:
    QApplication.clipboard().clear()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QApplication.clipboard().text()


def wheel(widget, down: bool = True) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(),
                        QPoint(0, -120 if down else 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def unchanged(window, casebook, stored) -> bool:
    case = casebook.cases.open_case(C1)
    return not window.session.is_dirty() and not window.isWindowModified() and (
        case.version == stored.version and window.editor.current_case().model_dump()
        == case.model_dump())


def test_a_locked_case_is_read_tabbed_and_copied_but_not_changed(
        qtbot, stored_references, window, casebook, prompter):
    stored = locked(casebook)
    before = audit_rows(casebook, C1)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    assert window.editor.is_read_only()
    title = field(window, "Title & keywords", "case_report", "title")
    assert title.isEnabled() and title.isReadOnly()

    window.editor.focus_path("case_report.title")  # Tab moves on from field to field
    assert window.focusWidget() is title
    seen = [title]
    for _ in range(2):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        now = window.focusWidget()
        assert now not in seen and window.editor.stack.isAncestorOf(now)
        seen.append(now)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Backtab)
    assert window.focusWidget() is seen[1]

    window.editor.focus_path("case_report.title")  # typing changes nothing; Ctrl+C copies
    qtbot.keyClicks(title, "Typed into a signed case")
    for key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Escape):
        qtbot.keyClick(title, key)
    qtbot.keyClick(title, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # no reason menu
    assert QApplication.activePopupWidget() is None
    assert title.text() == stored.case_report.title
    assert copied(qtbot, title) == stored.case_report.title
    qtbot.keyClick(title, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # no paste
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    assert title.text() == stored.case_report.title and unchanged(window, casebook, stored)
    menu = form_binding(window, "title").show_context_menu(QPoint(4, 4))  # right-click
    items = [a.text().replace("&", "").split("\t")[0] for a in menu.actions()]
    menu.close()
    assert {"Copy", "Select All", "Field history…"} <= set(items)
    assert "Not reported" not in items  # a missing-value reason is a change

    take_away = field(window, "Title & keywords", "case_report", "take_away")
    window.editor.focus_path("case_report.take_away")  # a long text: read by keyboard
    take_away.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(take_away, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert take_away.textCursor().position() == len(take_away.toPlainText()) > 0
    qtbot.keyClicks(take_away, "more")
    qtbot.keyClick(take_away, Qt.Key.Key_Return)
    assert take_away.toPlainText() == stored.case_report.take_away
    assert copied(qtbot, take_away) == stored.case_report.take_away

    window.editor.show_section("Patient")  # a choice: no key, wheel, click or list changes it
    sex = field(window, "Patient", "patient", "sex")
    window.editor.focus_path("patient.sex")
    assert sex.currentText() == "male" and window.focusWidget() in (sex, sex.lineEdit())
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_F4):
        qtbot.keyClick(sex, key)
    qtbot.keyClick(sex, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    wheel(sex)
    wheel(sex, down=False)
    qtbot.mouseClick(sex, Qt.MouseButton.LeftButton, pos=QPoint(sex.width() - 6,
                                                                 sex.height() // 2))
    assert not sex.view().isVisible() and sex.currentText() == "male"
    assert copied(qtbot, sex.lineEdit()) == "male"
    qtbot.keyClick(sex, Qt.Key.Key_Tab)
    assert unchanged(window, casebook, stored)

    window.editor.show_section("Labs")  # a table: select a cell and copy it; no editing
    labs = window.editor.section_page("Labs").tables["labs"]
    rows = labs.table_model.rowCount()
    column = labs.table_model.column_of("analyte")
    labs.view.setFocus()
    index = labs.view.view_index(0, column)
    labs.view.setCurrentIndex(index)
    QApplication.clipboard().clear()
    press(qtbot, window, "Ctrl+C")
    assert QApplication.clipboard().text() == f"{index.data()}\n" and index.data()
    qtbot.keyClicks(labs.view, "9")
    qtbot.keyClick(labs.view, Qt.Key.Key_F2)
    qtbot.mouseDClick(labs.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=labs.view.visualRect(index).center())
    assert labs.view.state() != labs.view.State.EditingState
    for key in ("Delete", "Ctrl+V", "Ctrl+M", "Ctrl+Shift+N", "Ctrl+D", "Ctrl+Delete"):
        press(qtbot, window, key)
    assert QApplication.activePopupWidget() is None
    assert labs.table_model.rowCount() == rows and index.data()
    buttons = {b.text(): b for b in labs.findChildren(QPushButton)}
    assert not buttons["Add row"].isEnabled() and not buttons["Remove"].isEnabled()
    assert not any(labs.actions_[a].isEnabled() for a in ("Add row", "Remove", "Paste"))
    assert labs.actions_["Copy"].isEnabled()
    assert not window.commands.undo.isEnabled()
    assert unchanged(window, casebook, stored) and audit_rows(casebook, C1) == before

    window.editor.show_section("Title & keywords")
    qtbot.wait(20)
    if os.environ.get("CASEBOOK_GRAB"):
        window.grab().save(os.environ["CASEBOOK_GRAB"])

    prompter.script("ask_reason", "Title had a typo")  # Amend…: editable as before
    window.commands.amend.trigger()
    assert not window.editor.is_read_only() and not title.isReadOnly()
    assert buttons["Add row"].isEnabled() and labs.actions_["Paste"].isEnabled()
    assert labs.table_model.flags(labs.table_model.index(0, column)) & Qt.ItemFlag.ItemIsEditable
    type_title(qtbot, window, "Corrected title")
    assert title.text() == "Corrected title" and window.session.is_dirty()


def test_a_trashed_case_is_read_and_copied_not_changed(qtbot, stored_references, window,
                                                       casebook):
    stored = casebook.cases.open_case(C1)
    casebook.cases.trash_case(C1)
    window.case_list.trash_toggle.setChecked(True)  # "Show trash"
    qtbot.waitUntil(lambda: window.case_model.row_of(C1) >= 0)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    assert window.editor.is_read_only()
    title = field(window, "Title & keywords", "case_report", "title")
    window.editor.focus_path("case_report.title")
    qtbot.keyClicks(title, "Typed into a trashed case")
    assert title.text() == stored.case_report.title
    assert copied(qtbot, title) == stored.case_report.title
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    assert window.focusWidget() is not title and window.editor.stack.isAncestorOf(
        window.focusWidget())
    assert unchanged(window, casebook, stored)

    window.commands.restore.trigger()  # File › Restore from trash: editable again
    trash_written(qtbot, window)
    assert not window.editor.is_read_only() and not title.isReadOnly()


def test_the_helper_turns_any_field_read_only_and_back(qtbot):
    """Tick boxes, plain lists and spin boxes too (a figure's attestation): focus, but no
    change by keys, the wheel or clicks; buttons off; what was off for its own reason stays."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox, QVBoxLayout, QWidget

    from gui.editor.read_only import ChoiceGuard, keep_when_read_only, set_read_only

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    tick, choice, spin = QCheckBox("Attested", root), QComboBox(root), QSpinBox(root)
    choice.addItems(["one", "two", "three"])
    add, off = QPushButton("Add row", root), QPushButton("Move up", root)
    off.setEnabled(False)  # the first figure cannot move up: off for its own reason
    paste, copy = QAction("Paste", root), keep_when_read_only(QAction("Copy", root))
    root.addActions([paste, copy])
    for widget in (tick, choice, spin, add, off):
        layout.addWidget(widget)
    root.show()
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow)
    guard = ChoiceGuard(root)
    set_read_only(root, True, guard)
    set_read_only(root, True, guard)  # again (a page walked twice): no harm
    for widget in (tick, choice, spin):
        widget.setFocus()
        for key in (Qt.Key.Key_Space, Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_T):
            qtbot.keyClick(widget, key)
        wheel(widget)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        assert widget.hasFocus()
    assert (tick.isChecked(), choice.currentText(), spin.value()) == (False, "one", 0)
    assert not add.isEnabled() and not off.isEnabled() and not paste.isEnabled()
    assert copy.isEnabled() and spin.isReadOnly()

    set_read_only(root, False, guard)
    assert add.isEnabled() and not off.isEnabled() and paste.isEnabled()
    qtbot.mouseClick(tick, Qt.MouseButton.LeftButton)
    qtbot.keyClick(choice, Qt.Key.Key_Down)
    assert tick.isChecked() and choice.currentText() == "two" and not spin.isReadOnly()
