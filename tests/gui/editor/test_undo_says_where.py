"""Ctrl+Z (and Ctrl+Shift+Z) on a change in a section other than the one shown says in the
status bar what it took back (or put back) and where. Found by a stranger run: a title typo
corrected and saved, then in CSF & CNS a cell left holding refused text ('lumbar' in When);
Ctrl+Z there silently put the old title back, out of sight, and the next Ctrl+S would have
saved the typo again."""

from __future__ import annotations

from tests.gui.conftest import open_from_list, press, type_in_field

C1 = "SEED-C1-CAO2023"
TITLE = "case_report.title"


def test_undo_of_a_change_out_of_sight_names_it(qtbot, casebook, stored_references, window):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "draft", case.version)
    open_from_list(qtbot, window, C1)
    old = window.editor.current_case().case_report.title
    type_in_field(qtbot, window, TITLE, "A corrected title")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).case_report.title == "A corrected title")

    window.editor.focus_path("csf_assessments[0].wbc_per_uL")  # another section, a cell
    assert window.editor.current_section() == "CSF & CNS"
    press(qtbot, window, "Ctrl+Z")
    assert window.editor.current_case().case_report.title == old  # undone, out of sight
    said = window.statusBar().currentMessage()
    assert said.startswith("Undone: Title & keywords › Case report › Title"), said
    assert "Ctrl+Shift+Z" in said

    press(qtbot, window, "Ctrl+Shift+Z")
    assert window.editor.current_case().case_report.title == "A corrected title"
    said = window.statusBar().currentMessage()
    assert said.startswith("Redone: Title & keywords › Case report › Title"), said


def test_undo_in_the_section_shown_says_nothing_more(qtbot, casebook, stored_references,
                                                     window):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "draft", case.version)
    open_from_list(qtbot, window, C1)
    type_in_field(qtbot, window, TITLE, "A corrected title")
    window.editor.focus_path("case_report.keywords")  # same section: the change is in sight
    window.statusBar().clearMessage()
    press(qtbot, window, "Ctrl+Z")
    assert window.editor.current_case().case_report.title != "A corrected title"
    assert not window.statusBar().currentMessage().startswith("Undone")
