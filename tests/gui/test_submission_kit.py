"""Case › Submission kit… (issue 19): opened with its shortcut on the open case, a folder typed,
de-identified ticked; the kit is written in the background, the closing message lists the files
and its Open folder button opens the folder; a folder in the data folder is refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from tests.core.kit.conftest import LEGENDS, add_figures, paper_case
from tests.gui.conftest import open_from_list

LEFT = Qt.MouseButton.LeftButton
CASE_1 = "SEED-C1-CAO2023"


@pytest.fixture(autouse=True)
def suggested_base(tmp_path, monkeypatch):
    """The dialog suggests <case id>-kit in this folder (the home folder for a user)."""
    base = tmp_path / "suggested"
    base.mkdir()
    monkeypatch.setattr("gui.kit_export.kit_base_folder", lambda _casebook: base)
    return base


def open_case_1(qtbot, window):
    """Click its row and press Enter, as a user does. (Selecting the row in code read the
    keyboard modifiers of the last key event: after a test that ended on Ctrl+Shift+N, the
    selection toggled and nothing opened.)"""
    open_from_list(qtbot, window, CASE_1)
    assert window.session.case_id() == CASE_1


def press_kit_shortcut(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.kits.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_kit_from_the_case_menu_deidentified(qtbot, casebook, stored_references, make_window,
                                             prompter, tmp_path):
    case = paper_case(casebook.cases.open_case(CASE_1))
    add_figures(casebook, case, [("red", LEGENDS[0], True), ("lime", LEGENDS[1], False)])
    window = make_window()
    assert not window.commands.submission_kit.isEnabled()  # no case open
    open_case_1(qtbot, window)
    assert window.commands.submission_kit.isEnabled()
    dialog = press_kit_shortcut(qtbot, window)
    suggested = str(tmp_path / "suggested" / f"{CASE_1}-kit")
    assert dialog.path_edit.text() == suggested and dialog.path_edit.selectedText() == suggested
    assert dialog.write_button.isEnabled()  # the suggestion is a folder to write to
    target = tmp_path / "kit"
    qtbot.keyClicks(dialog.path_edit, str(target))  # typing replaces the selected suggestion
    assert dialog.path_edit.text() == str(target)
    qtbot.mouseClick(dialog.deidentified, LEFT, pos=QPoint(6, dialog.deidentified.height() // 2))
    assert dialog.deidentified.isChecked()
    opened = []
    window.kits.opener = opened.append
    with qtbot.waitSignal(window.kits.done, timeout=30000) as done:
        qtbot.mouseClick(dialog.write_button, LEFT)
    assert done.args[0] == f"Wrote 6 file(s) to {target}."
    assert {p.name for p in target.iterdir()} == {
        "manuscript.docx", "CARE-checklist.docx", "CARE-checklist.pdf", "case-summary.pdf",
        "Figure1.tiff", "Figure2.tiff"}
    box = window.kits.done_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    details = box.informativeText()
    assert "manuscript.docx" in details and "Figure2.tiff" in details
    assert "Left out: Figure 2: left out of the de-identified kit" in details
    open_button = next(b for b in box.buttons() if b.text() == "&Open folder")
    qtbot.mouseClick(open_button, LEFT)
    assert opened == [target]
    assert not prompter.calls("error") and not window.runner.busy


@pytest.mark.expected_errors("a kit folder inside the data folder is refused with a message")
def test_kit_refuses_the_data_folder_and_unsaved_changes(qtbot, casebook, stored_references,
                                                         make_window, prompter, data_home):
    window = make_window()
    open_case_1(qtbot, window)
    dialog = press_kit_shortcut(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, str(data_home / "kit"))
    qtbot.mouseClick(dialog.write_button, LEFT)
    [(message,)] = prompter.calls("error")
    assert "inside the data folder" in message
    assert dialog.isVisible() and not (data_home / "kit").exists()  # the dialog stays open
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    window.editor.focus_path("case_report.title")
    qtbot.keyClicks(window.focusWidget(), " (edited)")
    assert window.session.is_dirty()
    window.commands.submission_kit.trigger()
    assert "unsaved changes" in prompter.calls("info")[-1][0]


def test_enter_right_away_writes_the_kit_to_the_suggested_folder(qtbot, casebook,
                                                                 stored_references, make_window,
                                                                 prompter, suggested_base):
    window = make_window()
    open_case_1(qtbot, window)
    dialog = press_kit_shortcut(qtbot, window)
    assert dialog.focusWidget() is dialog.path_edit  # the keyboard starts in the folder
    target = suggested_base / f"{CASE_1}-kit"
    window.kits.opener = lambda path: None
    with qtbot.waitSignal(window.kits.done, timeout=30000) as done:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert done.args[0].startswith("Wrote ") and done.args[0].endswith(f" to {target}.")
    assert (target / "manuscript.docx").is_file() and (target / "case-summary.pdf").is_file()
    assert window.kits.dialog is None and not prompter.calls("error")  # the dialog closed
    window.kits.done_box.close()


def test_kit_dialog_shows_the_renumbered_figures(qtbot, casebook, stored_references,
                                                 make_window, prompter, tmp_path):
    """De-identified, the un-attested Figure 2 is left out: the kit's Figure 3 becomes its
    Figure 2, and the discussion's "Figure 3" follows; the closing message says so."""
    case = paper_case(casebook.cases.open_case(CASE_1))
    case.case_report.discussion = "The response is shown in Figure 3."
    add_figures(casebook, case, [("red", LEGENDS[0], True), ("lime", LEGENDS[1], False),
                                 ("blue", "Response at day 60.", True)])
    window = make_window()
    open_case_1(qtbot, window)
    dialog = press_kit_shortcut(qtbot, window)
    target = tmp_path / "kit"
    qtbot.keyClicks(dialog.path_edit, str(target))
    qtbot.mouseClick(dialog.deidentified, LEFT, pos=QPoint(6, dialog.deidentified.height() // 2))
    assert dialog.deidentified.isChecked()
    window.kits.opener = lambda path: None
    with qtbot.waitSignal(window.kits.done, timeout=30000):
        qtbot.mouseClick(dialog.write_button, LEFT)
    assert {"Figure1.tiff", "Figure2.tiff", "Figure3.tiff"} <= {p.name for p in target.iterdir()}
    box = window.kits.done_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    lines = box.informativeText().splitlines()
    assert ("Renumbered: the figures are numbered without gaps in the kit: Figure 3 is "
            "Figure 2") in lines
    assert any(line.startswith("Renumbered: 1 figure reference(s) in the manuscript's text "
                               "were changed") for line in lines)
    assert any(line.startswith("Left out: Figure 2: left out of the de-identified kit")
               for line in lines)
    assert not prompter.calls("error") and not window.runner.busy
    box.close()
