"""Ctrl+M then Enter gives a missing-value reason. Found entering reference case 1 by keyboard
in a real window: Ctrl+M in Anchor year opened the reason menu with no item active, so Enter did
nothing and the menu stayed open, and the Ctrl+S typed next went to the menu (nothing saved).
The menu now opens on its first reason, Not reported."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press


def _enter_in_the_menu(qtbot) -> None:
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    menu = QApplication.activePopupWidget()
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def test_ctrl_m_then_enter_in_a_field_stores_not_reported(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    qtbot.waitUntil(lambda: window.session.case_id() is not None)
    press(qtbot, window, "Alt+R")  # Anchor year
    press(qtbot, window, "Ctrl+M")
    _enter_in_the_menu(qtbot)
    assert window.editor.current_case().case_report.nf.get("anchor_year") == "not_reported"
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id()).case_report
    assert (stored.anchor_year, stored.nf.get("anchor_year")) == (None, "not_reported")


def test_ctrl_m_then_enter_in_a_table_cell_stores_not_reported(qtbot, window):
    from tests.gui.editor.keyboard import Typist

    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    panel = typist.go_to_section("Clinical findings").tables["clinical_findings"]
    panel.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    press(qtbot, window, "Ctrl+M")  # in When
    _enter_in_the_menu(qtbot)
    assert window.editor.current_case().clinical_findings[0].nf.get("day") == "not_reported"


def test_a_reason_given_in_a_cell_open_for_typing_stays_after_tab(qtbot, window, casebook):
    """Tab opens the next cell for typing; Ctrl+M there gave the reason, but the cell stayed
    open (empty) under it, and the next Tab stored its empty text over the reason: the row was
    saved with neither a description nor 'not reported'."""
    from PySide6.QtWidgets import QAbstractItemView

    from tests.gui.editor.keyboard import Typist

    press(qtbot, window, "Ctrl+N")
    typist = Typist(qtbot, window.editor)
    panel = typist.go_to_section("History").tables["history_items"]
    panel.view.setFocus()
    press(qtbot, window, "Ctrl+Shift+N")
    typist.key(Qt.Key.Key_Tab)  # When -> Kind
    typist.key(Qt.Key.Key_F2)
    typist.type("comorbidity")
    typist.key(Qt.Key.Key_Tab)  # Description, open for typing
    assert panel.view.state() == QAbstractItemView.State.EditingState
    press(qtbot, window, "Ctrl+M")
    _enter_in_the_menu(qtbot)
    typist.key(Qt.Key.Key_Tab)
    item = window.editor.current_case().history_items[0]
    assert (item.kind, item.description, item.nf.get("description")) == (
        "comorbidity", None, "not_reported")
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id()).history_items[0]
    assert stored.nf.get("description") == "not_reported"
