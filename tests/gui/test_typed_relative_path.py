"""A relative path typed into Export dataset's "Export to" or the Submission kit's folder box
is taken inside the folder the dialog's Browse… opens on (the home folder at first), never the
process's working folder (the program folder when the app was started from there, where
`export1.zip` landed); the confirmation names the full path, not the file's name alone."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt

from gui.dialogs import prompter as prompter_module
from tests.gui.test_dataset_export import exports, open_dialog, press_export
from tests.gui.test_submission_kit import CASE_1, open_case_1, press_kit_shortcut

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def home_and_cwd(tmp_path, monkeypatch):
    """A home folder the dialogs start in, and another working folder (the program's)."""
    home, cwd = tmp_path / "home", tmp_path / "program"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delitem(prompter_module._LAST_FOLDER, "folder", raising=False)
    monkeypatch.chdir(cwd)
    return home, cwd


def test_a_relative_export_path_goes_to_the_home_folder(qtbot, stored_references, make_window,
                                                        prompter, home_and_cwd, data_home):
    home, cwd = home_and_cwd
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    qtbot.keyClicks(dialog.path_edit, "export1.zip")
    message = press_export(qtbot, window, dialog)
    assert message == f"Exported 2 case(s) to export1.zip in {home}."
    assert prompter.calls("info") == [(message,)]
    assert list(cwd.iterdir()) == []  # nothing in the working folder
    with zipfile.ZipFile(home / "export1.zip") as zf:
        assert "data_dictionary.csv" in zf.namelist()
    assert len(exports(data_home)) == 1


def test_a_relative_export_path_that_exists_is_asked_about_by_its_full_path(
        qtbot, stored_references, make_window, prompter, home_and_cwd):
    home, cwd = home_and_cwd
    (home / "old.zip").write_text("mine")
    (cwd / "old.zip").write_text("program's")
    window = make_window()
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.path_edit, "old.zip")
    qtbot.mouseClick(dialog.export_button, LEFT)  # the scripted answer: No
    [(title, question)] = prompter.calls("confirm")
    assert title == "Replace the file?" and str(home / "old.zip") in question
    assert (home / "old.zip").read_text() == "mine"
    assert (cwd / "old.zip").read_text() == "program's"


def test_a_relative_kit_folder_goes_where_the_dialog_suggests(
        qtbot, casebook, stored_references, make_window, prompter, home_and_cwd):
    home, cwd = home_and_cwd
    window = make_window()
    open_case_1(qtbot, window)
    dialog = press_kit_shortcut(qtbot, window)
    assert dialog.path_edit.text() == str(home / f"{CASE_1}-kit")
    qtbot.keyClicks(dialog.path_edit, "mykit")  # replaces the selected suggestion
    window.kits.opener = lambda path: None
    with qtbot.waitSignal(window.kits.done, timeout=30000) as done:
        qtbot.mouseClick(dialog.write_button, LEFT)
    assert done.args[0].endswith(f" to {home / 'mykit'}.")
    assert (home / "mykit" / "manuscript.docx").is_file()
    assert list(cwd.iterdir()) == []
