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
