"""A path typed into File › Export dataset…'s "Export to" box (no save dialog asked about it):
an existing folder or file is replaced only after a "Replace?" question that names it and the
files in it the export does not write; No (the default) leaves everything as it was and the
dialog open. A file chosen with Browse… was asked about by the save dialog: no second question.
The Submission kit asks the same question, from the same helper."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import Qt

from tests.gui.test_dataset_export import exports, open_dialog, press_export
from tests.gui.test_submission_kit import open_case_1, press_kit_shortcut

LEFT = Qt.MouseButton.LeftButton


def type_path(qtbot, dialog, path) -> None:
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(path))


def test_a_typed_folder_with_other_files_is_asked_about_and_no_keeps_it(
        qtbot, stored_references, make_window, prompter, tmp_path, data_home):
    project = tmp_path / "myproject"
    project.mkdir()
    (project / "analysis.R").write_text("x\n")
    window = make_window()
    dialog = open_dialog(qtbot, window)
    assert dialog.format_combo.currentData() == "csv"
    type_path(qtbot, dialog, project)
    qtbot.mouseClick(dialog.export_button, LEFT)  # the scripted answer: No (the default)
    [(title, question)] = prompter.calls("confirm")
    assert title == "Replace the folder?"
    assert str(project) in question and "analysis.R" in question
    assert "does not write" in question and "deleted" in question
    assert [p.name for p in project.iterdir()] == ["analysis.R"]
    assert (project / "analysis.R").read_text() == "x\n"
    assert exports(data_home) == [] and not window.runner.busy and not prompter.calls("info")
    assert window.dataset_exports.dialog is dialog and dialog.isVisible()  # to choose again
    assert dialog.path_edit.text() == str(project)

    prompter.script("confirm", True)  # Yes: replaced, as `casebook export --force` does
    assert press_export(qtbot, window, dialog) == f"Exported 2 case(s) to myproject in {tmp_path}."
    names = {p.name for p in project.iterdir()}
    assert "data_dictionary.csv" in names and "analysis.R" not in names
    assert len(exports(data_home)) == 1


def test_a_typed_folder_holding_a_previous_export_is_asked_about(
        qtbot, stored_references, make_window, prompter, tmp_path, data_home):
    target = tmp_path / "dataset"
    window = make_window()
    dialog = open_dialog(qtbot, window)
    type_path(qtbot, dialog, target)
    assert press_export(qtbot, window, dialog) == f"Exported 2 case(s) to dataset in {tmp_path}."
    assert prompter.calls("confirm") == []  # a new folder: nothing to ask
    (target / "labs.csv").write_text("old")
    prompter.script("confirm", True)
    dialog = open_dialog(qtbot, window)
    type_path(qtbot, dialog, target)
    assert press_export(qtbot, window, dialog) == f"Exported 2 case(s) to dataset in {tmp_path}."
    [(title, question)] = prompter.calls("confirm")
    assert title == "Replace the folder?" and "holds a previous export" in question
    assert str(target) in question and "does not write" not in question
    assert (target / "labs.csv").read_text() != "old"


def test_a_typed_existing_zip_is_asked_about_and_no_keeps_it(
        qtbot, stored_references, make_window, prompter, tmp_path, data_home):
    target = tmp_path / "ds.zip"
    target.write_bytes(b"my own zip")
    window = make_window()
    dialog = open_dialog(qtbot, window)
    type_path(qtbot, dialog, target)
    qtbot.mouseClick(dialog.export_button, LEFT)
    [(title, question)] = prompter.calls("confirm")
    assert title == "Replace the file?" and str(target) in question
    assert target.read_bytes() == b"my own zip" and exports(data_home) == []
    assert dialog.isVisible()
    prompter.script("confirm", True)
    assert press_export(qtbot, window, dialog) == f"Exported 2 case(s) to ds.zip in {tmp_path}."
    assert "data_dictionary.csv" in zipfile.ZipFile(target).namelist()


def test_a_file_chosen_with_browse_is_not_asked_about_twice(
        qtbot, stored_references, make_window, prompter, tmp_path):
    target = tmp_path / "ds.zip"
    target.write_bytes(b"old")
    window = make_window()
    dialog = open_dialog(qtbot, window)
    prompter.script("choose_save_file", target).script("confirm", True)
    dialog.choose_path.emit()  # Browse…: the save dialog asks whether to replace it
    assert dialog.path_edit.text() == str(target)
    assert len(prompter.calls("confirm")) == 1
    assert press_export(qtbot, window, dialog) == f"Exported 2 case(s) to ds.zip in {tmp_path}."
    assert len(prompter.calls("confirm")) == 1
    assert zipfile.is_zipfile(target)


def test_the_kit_asks_the_same_question(qtbot, casebook, stored_references, make_window,
                                        prompter, tmp_path):
    project = tmp_path / "myproject"
    project.mkdir()
    (project / "analysis.R").write_text("x\n")
    window = make_window()
    open_case_1(qtbot, window)
    dialog = press_kit_shortcut(qtbot, window)
    type_path(qtbot, dialog, project)
    qtbot.mouseClick(dialog.write_button, LEFT)
    [(title, question)] = prompter.calls("confirm")
    assert title == "Replace the folder?"
    assert str(project) in question and "analysis.R" in question
    assert "the kit does not write" in question
    assert [p.name for p in project.iterdir()] == ["analysis.R"] and dialog.isVisible()
