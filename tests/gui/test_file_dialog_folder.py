"""Where the file dialogs open: the folder last chosen in this session, at first the home
folder; never the process's working folder (under `make run`, the source tree: an identified
PDF saved there with one click of Save)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from gui.dialogs import prompter as prompter_module
from gui.dialogs.prompter import QtPrompter


@pytest.fixture
def places(tmp_path, monkeypatch):
    home, work, chosen = tmp_path / "home", tmp_path / "work", tmp_path / "home" / "reports"
    for folder in (home, work, chosen):
        folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)  # started from a source tree
    monkeypatch.setattr(prompter_module, "_LAST_FOLDER", {})
    return home, work, chosen


def _answer(seen: list[str], typed: str | None) -> None:
    """When the dialog shows: note its folder, then choose ``typed`` (or cancel)."""
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, act)
            return
        seen.append(dialog.directory().absolutePath())
        if typed is None:
            dialog.reject()
            return
        dialog.selectFile(typed)
        dialog.accept()
    QTimer.singleShot(0, act)


def test_save_dialog_opens_at_home_then_where_the_last_file_went(qtbot, places):
    home, work, chosen = places
    prompter = QtPrompter()
    seen: list[str] = []
    _answer(seen, str(chosen / "summary.pdf"))
    path = prompter.choose_save_file("Save the case summary as PDF", "HC-1.pdf", "PDF (*.pdf)")
    assert Path(seen[0]) == home and Path(seen[0]) != work
    assert path == chosen / "summary.pdf"

    _answer(seen, None)  # the next dialog, also another prompter's (the preview's own)
    assert QtPrompter().choose_save_file("Export cases to JSON", "cases.casebook.json") is None
    assert Path(seen[1]) == chosen


def test_open_and_folder_dialogs_open_at_home(qtbot, places):
    home, _work, _chosen = places
    seen: list[str] = []
    _answer(seen, None)
    assert QtPrompter().choose_open_files("Import cases") == []
    assert Path(seen[0]) == home


def test_figure_and_backup_dialogs_open_at_home_then_where_the_last_file_was(
        qtbot, places, stored_references, window, monkeypatch):
    """Add figure… (Ctrl+Shift+N) opened in the working folder (the source tree under `make
    run`); now at home, then the picture's folder for the card's Replace file… and for
    the restore dialog's Other backup file…."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from gui.dialogs.backup_list import BackupListDialog
    from tests.gui.conftest import open_from_list
    from tests.gui.editor.test_figures_editor import key, picture, wait_cards

    home, work, chosen = places
    smear = picture(chosen / "smear.png", "#7b1fa2")
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    qtbot.waitUntil(lambda: window.session.case_id() == "SEED-C1-CAO2023")
    window.editor.focus_path("attachments")
    panel = window.editor.section_page("Figures").figures
    seen: list[str] = []
    _answer(seen, str(smear))
    key(qtbot, window.focusWidget(), "Ctrl+Shift+N")
    wait_cards(qtbot, panel, 1)
    assert Path(seen[0]) == home and Path(seen[0]) != work
    assert panel.rows()[0]["file_name"] == "smear.png"

    _answer(seen, None)
    qtbot.mouseClick(panel.cards[0].buttons["replace"], Qt.MouseButton.LeftButton)
    assert Path(seen[1]) == chosen

    dialog = BackupListDialog([])
    qtbot.addWidget(dialog)
    other = next(b for b in dialog.findChildren(QPushButton) if "Other" in b.text())
    asked: list[str] = []  # the folder asked for (Qt's own dialog would go to its last one)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda _parent, _title, folder, _filter:
                                     (asked.append(folder), ("", ""))[1]))
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    assert [Path(folder) for folder in asked] == [chosen]


def test_a_backup_saved_in_the_data_folder_is_not_where_the_next_export_opens(
        qtbot, places, stored_references, casebook, make_window):
    """Found in a real window: File › Back up now… (its dialog opens in the data folder's
    backups/, where a backup may go), then File › Export all to JSON… opened there too, and
    Save was refused ("it is inside the data folder"), the export ended. The export now opens
    where the last file outside the data folder went (at first home)."""
    from PySide6.QtWidgets import QMessageBox

    from gui.dialogs.prompter import QtPrompter

    home, _work, chosen = places
    window = make_window(prompter=QtPrompter())
    seen: list[str] = []
    answers: list[str | None] = [str(chosen / "summary.pdf")]

    def act() -> None:  # answer each file dialog from ``answers``; close the done boxes
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            dialog.accept()
        elif isinstance(dialog, QFileDialog) and answers:
            seen.append(dialog.directory().absolutePath())
            typed = answers.pop(0)
            if typed is None:
                dialog.reject()
                return
            if typed:
                dialog.selectFile(typed)
            dialog.accept()

    poll = QTimer()
    poll.timeout.connect(act)
    poll.start(20)
    # a file saved outside the data folder first
    saved = window.prompter.choose_save_file("Save the case summary as PDF", "x.pdf")
    assert saved is not None and saved.parent == chosen

    answers[:] = [""]  # Back up now…: Save as suggested, in the data folder's backups/
    with qtbot.waitSignal(window.backup_actions.done, timeout=30000):
        window.commands.back_up.trigger()
    backups = casebook.paths.backups
    assert Path(seen[1]) == backups and len(list(backups.glob("*.zip"))) == 1
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)

    answers[:] = [None]  # File › Export all to JSON…: where does it open?
    window.commands.export_all.trigger()
    poll.stop()
    assert Path(seen[2]) == chosen, seen
    assert casebook.paths.root not in Path(seen[2]).parents
