"""Keyboard as desktop users expect (issue 15), on the real main window: Alt+Down / F4 open
lists, section keys work from anywhere, Tab stops only where one can type, Alt mnemonics are
unique and never type, and a new case opens at its first field without errors shown."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)

from gui.editor.sections import section_names
from tests.gui.conftest import press
from tests.gui.editor.keyboard import CTRL, SHIFT, focused

ALT = Qt.KeyboardModifier.AltModifier
NAMES = section_names()


def new_case(qtbot, window) -> None:
    window.case_list.filter_box.setFocus()
    press(qtbot, window, "Ctrl+N")
    assert window.session.is_open()


def table_with(window, section: str, kind: tuple[str, ...]):
    """The first table of ``section`` with an editable column of one of ``kind``, and it."""
    page = window.editor.section_page(section)
    for panel in page.tables.values():
        for i, column in enumerate(panel.table_model.columns):
            if column.spec is not None and column.spec.kind in kind:
                return panel, i
    raise AssertionError(f"no {kind} column in {section}")


def add_row(qtbot, panel) -> None:
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_N, CTRL | SHIFT)
    assert panel.table_model.rowCount() >= 1


# -- dropdowns ----------------------------------------------------------------------------------
def test_alt_down_and_f4_open_a_form_dropdown_and_leave_the_section(qtbot, window):
    new_case(qtbot, window)
    press(qtbot, window, "Ctrl+2")
    assert window.editor.current_section() == NAMES[1]
    form = window.editor.section_page(NAMES[1]).forms["patient"]
    box = form.bindings["sex"].editor
    assert isinstance(box, QComboBox)
    box.setFocus()
    for key, mods in ((Qt.Key.Key_Down, ALT), (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier)):
        qtbot.keyClick(focused(), key, mods)
        qtbot.waitUntil(box.view().isVisible)
        assert window.editor.current_section() == NAMES[1]  # not a section key any more
        qtbot.keyClick(box.view(), Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not box.view().isVisible())
    qtbot.keyClick(focused(), Qt.Key.Key_F4)  # choose from the list by keyboard
    qtbot.waitUntil(box.view().isVisible)
    qtbot.keyClick(box.view(), Qt.Key.Key_Down)
    qtbot.keyClick(box.view(), Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert window.editor.current_case().patient.sex is not None


def test_alt_down_and_f4_open_a_table_cell_list(qtbot, window):
    new_case(qtbot, window)
    section = next(n for n in NAMES if n.startswith("Adverse"))
    window.editor.show_section(section)
    panel, column = table_with(window, section, ("enum", "bool"))
    add_row(qtbot, panel)
    view = panel.view
    for key, mods in ((Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Down, ALT)):
        view.setFocus()
        view.setCurrentIndex(view.view_index(0, column))
        qtbot.keyClick(view, key, mods)
        (box,) = [b for b in view.findChildren(QComboBox) if b.isVisible()]  # the cell editor
        qtbot.waitUntil(box.view().isVisible)
        assert window.editor.current_section() == section
        qtbot.keyClick(box.view(), Qt.Key.Key_Escape)
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # close the cell editor
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


# -- section keys -------------------------------------------------------------------------------
def test_section_keys_work_while_the_case_list_has_focus(qtbot, window):
    new_case(qtbot, window)
    for key, expected in (("Ctrl+PgDown", 1), ("Ctrl+5", 4), ("Ctrl+PgUp", 3), ("Ctrl+1", 0)):
        window.case_list.table.setFocus()
        assert focused() is window.case_list.table
        press(qtbot, window, key)
        assert window.editor.current_section() == NAMES[expected], key
    window.case_list.table.setFocus()
    press(qtbot, window, "Alt+Down")
    assert window.editor.current_section() == NAMES[0]  # Alt+Down is not a section key


def test_ctrl_page_down_in_a_table_changes_section_not_row(qtbot, window):
    new_case(qtbot, window)
    section = next(n for n in NAMES if n.startswith("Adverse"))
    window.editor.show_section(section)
    panel, _ = table_with(window, section, ("enum", "bool"))
    add_row(qtbot, panel)
    index = NAMES.index(section)
    panel.view.setFocus()
    press(qtbot, window, "Ctrl+PgDown")
    assert window.editor.current_section() == NAMES[index + 1]
    press(qtbot, window, "Ctrl+PgUp")
    assert window.editor.current_section() == section


# -- Tab ----------------------------------------------------------------------------------------
def test_tab_skips_reason_boxes_and_ctrl_m_gives_a_reason(qtbot, window):
    new_case(qtbot, window)
    page = window.editor.section_page(NAMES[0])
    reasons = {box for form in page.forms.values() for box in form.reasons.values()}
    reasons |= {box.lineEdit() for box in reasons}
    editors = {b.editor for form in page.forms.values() for b in form.bindings.values()}
    assert reasons, "the first section has required fields with reason boxes"
    seen = []
    for _ in range(len(editors) + 2):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        widget = focused()
        assert widget not in reasons, "Tab stopped on an 'if missing: why' box"
        seen.append(widget)
    walked = seen[:len(editors) - 1]  # from Title on: one field after another, no other stop
    assert all(w.objectName().startswith("field:") for w in walked), walked
    assert len(set(walked)) == len(walked)

    title = page.forms["case_report"].bindings["keywords"]
    title.editor.setFocus()
    qtbot.keyClick(title.editor, Qt.Key.Key_M, CTRL)
    menu = QApplication.activePopupWidget()
    assert menu is not None
    qtbot.keyClick(menu, Qt.Key.Key_N)  # Not reported
    assert window.editor.ctx.doc.missing_reason(title.path) == "not_reported"
    assert page.forms["case_report"].reasons["keywords"].currentText() != ""


def test_tab_in_a_table_skips_derived_cells(qtbot, window):
    new_case(qtbot, window)
    section = next(n for n in NAMES if n.startswith("CSF"))
    window.editor.show_section(section)
    panel = window.editor.section_page(section).tables["csf_assessments"]
    columns = panel.table_model.columns
    assert any(not c.editable for c in columns), "the CSF table has derived columns"
    add_row(qtbot, panel)
    add_row(qtbot, panel)
    view = panel.view
    view.setCurrentIndex(view.view_index(0, view.first_editable_column()))
    visited = []
    for _ in range(2 * len(columns)):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        if not view.isAncestorOf(focused()) and focused() is not view:
            break
        visited.append(view.proxy.mapToSource(view.currentIndex()).column())
    assert visited and all(columns[c].editable for c in visited), visited
    editable = [i for i, c in enumerate(columns) if c.editable and not view.isColumnHidden(i)]
    assert set(editable) <= set(visited) | {view.first_editable_column()}


# -- mnemonics ----------------------------------------------------------------------------------
def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window) -> list[tuple[str, str]]:
    """(letter, text) of every mnemonic one Alt press can reach now: menus, shown labels with a
    buddy, buttons, group boxes and tabs."""
    out = [(mnemonic(a.text()), a.text()) for a in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            texts = [widget.text()]
        elif isinstance(widget, QAbstractButton):
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count())]
        else:
            continue
        out += [(mnemonic(t), t) for t in texts]
    return [(k, t) for k, t in out if k]


def test_every_sections_mnemonics_are_unique_in_the_window(qtbot, window):
    new_case(qtbot, window)
    letters_seen = set()
    for name in NAMES:
        window.editor.show_section(name)
        found = visible_mnemonics(window)
        letters = [k for k, _ in found]
        twice = sorted({(k, t) for k, t in found if letters.count(k) > 1})
        assert not twice, f"{name}: one Alt letter for several: {twice}"
        letters_seen |= set(letters)
    assert {"f", "e", "t"} <= letters_seen  # File, Edit, Title all have theirs


def test_mnemonics_stay_unique_with_the_search_filters_open(qtbot, window):
    new_case(qtbot, window)
    if not window.search_panel.isVisible():  # the test window is small: bring the list back
        window.commands.show_list.trigger()
    button = window.search_panel.filters_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel = window.search_panel.filter_panel
    assert button.isChecked() and panel.isVisible()
    labels = [w for w in panel.findChildren(QLabel) if w.buddy() is not None]
    assert len(labels) >= 12  # the filter labels are counted by visible_mnemonics
    for name in NAMES:
        window.editor.show_section(name)
        found = visible_mnemonics(window)
        letters = [k for k, _ in found]
        twice = sorted({(k, t) for k, t in found if letters.count(k) > 1})
        assert not twice, f"{name} with Filters open: one Alt letter for several: {twice}"


def test_alt_title_reaches_the_title_and_alt_keys_type_nothing(qtbot, window):
    new_case(qtbot, window)
    window.case_list.filter_box.setFocus()
    press(qtbot, window, "Alt+T")
    title = window.editor.section_page(NAMES[0]).forms["case_report"].bindings["title"].editor
    assert focused() is title  # not "Show trash" as well
    used = {k for k, _ in visible_mnemonics(window)}
    free = [c for c in "abcdefghijklmnopqrstuvwxyz" if c not in used]
    assert free, "every letter is taken"
    for line in (title, window.case_list.filter_box):
        line.setFocus()
        assert isinstance(line, QLineEdit)
        line.setText("x")
        for key in (Qt.Key.Key_0, Qt.Key.Key_5, getattr(Qt.Key, f"Key_{free[0].upper()}")):
            qtbot.keyClick(line, key, ALT)
        assert line.text() == "x", f"{line.accessibleName()}: Alt typed {line.text()!r}"
    qtbot.keyClick(title, Qt.Key.Key_0)  # without Alt, a digit still types
    assert title.text() == "x0"


# -- a new case ---------------------------------------------------------------------------------
def test_new_case_opens_at_its_first_field_without_errors_shown(qtbot, window):
    new_case(qtbot, window)
    press(qtbot, window, "Ctrl+W")  # close it; the last section used is Consent
    new_case(qtbot, window)
    window.editor.show_section(NAMES[-1])
    press(qtbot, window, "Ctrl+W")
    window.case_list.filter_box.setFocus()
    press(qtbot, window, "Ctrl+N")
    editor = window.editor
    assert editor.current_section() == NAMES[0]
    title = editor.section_page(NAMES[0]).forms["case_report"].bindings["title"].editor
    assert focused() is title
    problems = editor.problems_panel
    severities = {f.severity for f in problems.model.findings}
    assert "error" not in severities and "warning" not in severities, problems.model.findings
    assert "to fill before Complete" in problems.summary.text()
    assert problems.summary.text().startswith("0 errors")
    assert "⚠" not in editor.section_list.item(0).text()

    qtbot.keyClicks(title, "A case")  # touching a field does not show errors elsewhere
    editor.evaluate_now()
    assert editor.current_case().case_report.title == "A case"
    assert not any(f.severity == "error" for f in problems.model.findings)

    window.commands.mark_complete.trigger()  # asking to Complete shows everything
    assert window.prompter.calls("show_reasons")
    assert any(f.severity == "error" for f in problems.model.findings)
