"""A section chosen with the mouse (or Enter) in the section list puts the cursor in that
section's first field: typing on lands there, the next Tab in the next field. The keyboard stayed
in the list: 'obt' went to its type-ahead and every value after the next Tab landed one field
too early (Consent status got 'writ'). Arrow keys in the list still move through the sections,
the keyboard staying in the list."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import press
from tests.gui.editor.keyboard import focused


def _click_section(qtbot, window, name: str) -> None:
    sections = window.editor.section_list
    item = next(sections.item(i) for i in range(sections.count())
                if sections.item(i).text().split("  ")[1] == name)
    sections.scrollToItem(item)
    qtbot.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton,
                     pos=sections.visualItemRect(item).center())


def _type_with_tabs(qtbot, texts: list[str]) -> None:
    for text in texts:
        qtbot.keyClicks(focused(), text)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def test_typing_after_a_section_click_lands_in_its_fields(qtbot, window, casebook):
    window.case_list.filter_box.setFocus()
    press(qtbot, window, "Ctrl+N")
    editor = window.editor
    title = editor.section_page("Title & keywords").forms["case_report"].bindings["title"].editor
    qtbot.keyClicks(title, "Consent typed after a click")
    _click_section(qtbot, window, "Consent")
    assert editor.current_section() == "Consent"
    form = editor.section_page("Consent").forms["consent"]
    status = form.bindings["status"].editor
    assert status.isAncestorOf(focused()) or focused() is status, focused()

    _type_with_tabs(qtbot, ["obt", "writ", "pat"])
    assert editor.current_section() == "Consent"
    consent = editor.current_case().consent
    assert (consent.status, consent.form, consent.signed_by) == (
        "obtained", "written", "patient")

    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=5000)
    stored = casebook.cases.open_case(window.session.case_id()).consent
    assert (stored.status, stored.form, stored.signed_by) == ("obtained", "written", "patient")


def test_enter_in_the_list_goes_to_the_field_arrows_stay(qtbot, window):
    window.case_list.filter_box.setFocus()
    press(qtbot, window, "Ctrl+N")
    editor = window.editor
    sections = editor.section_list
    press(qtbot, window, "Ctrl+L")
    assert focused() is sections
    qtbot.keyClick(sections, Qt.Key.Key_Home)
    for _ in range(2):  # arrows move through the sections, the keyboard in the list
        qtbot.keyClick(sections, Qt.Key.Key_Down)
        assert focused() is sections
    shown = editor.current_section()
    assert shown == sections.item(2).text().split("  ")[1]
    qtbot.keyClick(sections, Qt.Key.Key_Return)
    assert editor.current_section() == shown
    assert editor.section_page(shown).isAncestorOf(focused()), focused()
