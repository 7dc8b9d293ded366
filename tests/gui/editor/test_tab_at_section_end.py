"""Tab from a section's last field goes on to the next section's first field, Shift+Tab from a
section's first field back to the previous section's last one, as in one long form. With the
panels hidden (1024x768), Tab from Patient's last field wrapped to Patient's first field with
its text selected: typing on overwrote it. At the last section's end Tab never wraps either."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.editor.sections import section_names
from tests.gui.conftest import open_from_list
from tests.gui.editor.keyboard import focused

C1 = "SEED-C1-CAO2023"


def stops(page):
    return [w for w in page.focus_widgets() if w.isVisible() and w.isEnabled()]


def holder(page, widget):
    """The page's Tab stop holding ``widget`` (a choice's line edit, a table's cell)."""
    return next(s for s in stops(page) if s is widget or s.isAncestorOf(widget))


def open_small(qtbot, window):
    window.resize(1024, 768)
    qtbot.wait(20)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    QApplication.processEvents()


def tab_to_last(qtbot, page):
    last = stops(page)[-1]
    for _ in range(len(stops(page)) + 5):
        if holder(page, focused()) is last:
            return last
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {last.accessibleName()!r}")


def test_tab_at_a_sections_end_goes_on_to_the_next(qtbot, stored_references, window, casebook):
    open_small(qtbot, window)
    editor = window.editor
    patient = editor.section_page("Patient")
    editor._go_to_section(section_names().index("Patient"))
    first = stops(patient)[0]
    assert focused() is first  # Name
    qtbot.keyClicks(first, "Wang L")
    before = first.text()
    tab_to_last(qtbot, patient)

    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    history = editor.section_page("History")
    assert editor.current_section() == "History"
    assert holder(history, focused()) is stops(history)[0]
    assert editor.section_list.currentRow() == section_names().index("History")
    qtbot.keyClicks(focused(), "x")  # typing on lands in History, never in Patient
    assert first.text() == before
    assert not patient.isAncestorOf(focused())

    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab)  # symmetric: back to Patient's last field
    assert editor.current_section() == "Patient"
    assert holder(patient, focused()) is stops(patient)[-1]
    assert editor.current_case().patient.name == "Wang L"
    qtbot.wait(800)  # the draft (autosaved) holds the name as typed, nothing over it
    assert casebook.drafts.list_drafts()[0].case.patient.name == "Wang L"


def test_tab_at_the_last_sections_end_does_not_wrap(qtbot, stored_references, window):
    open_small(qtbot, window)
    editor = window.editor
    name = section_names()[-1]
    editor._go_to_section(len(section_names()) - 1)
    page = editor.section_page(name)
    last = tab_to_last(qtbot, page)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert editor.current_section() == name
    assert not (page.isAncestorOf(focused()) and holder(page, focused()) is not last)
