"""Where Save as PDF… and Submission kit… open: the folder last chosen for an output, kept in
the settings file (stranger test: the PDF saved in Documents, then the kit's dialog suggested
the home folder); at first Documents, else the home folder; never the data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.settings import load_settings
from gui.output_folder import output_folder
from tests.gui.test_report_view import CASE_1, open_preview


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return home


def test_the_kit_opens_where_the_pdf_was_saved(qtbot, stored_references, window, casebook,
                                               prompter, home):
    documents = home / "Documents"
    papers = documents / "papers"
    papers.mkdir()
    dialog = open_preview(qtbot, window)
    prompter.script("choose_save_file", papers / "summary.pdf")
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # the first output's dialog opens in Documents
    assert prompter.calls("choose_save_file")[0][1] == str(documents / f"{CASE_1}.pdf")
    assert (papers / "summary.pdf").is_file()
    assert load_settings(casebook.paths.settings_file).output_folder == str(papers)
    dialog.close()

    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.commands.submission_kit.trigger()  # Case › Submission kit…
    kit = window.kits.dialog
    assert not prompter.calls("info"), prompter.calls("info")
    assert kit is not None and kit.isVisible()
    assert kit.path_edit.text() == str(papers / f"{CASE_1}-kit")  # not the home folder
    target = home / "kits" / "cao"
    target.parent.mkdir()
    kit.path_edit.selectAll()
    qtbot.keyClicks(kit.path_edit, str(target))
    with qtbot.waitSignal(window.kits.done, timeout=60_000):
        qtbot.mouseClick(kit.write_button, Qt.MouseButton.LeftButton)
    assert (target / "manuscript.docx").is_file()
    # the kit's folder is where the next output's dialog opens, in this session and the next
    assert load_settings(casebook.paths.settings_file).output_folder == str(home / "kits")
    assert output_folder(casebook) == home / "kits"
    window.kits.done_box.close()


def test_never_the_data_folder_and_home_without_documents(casebook, home):
    assert output_folder(casebook) == home / "Documents"
    casebook.settings.output_folder = str(casebook.paths.root / "backups")
    (casebook.paths.root / "backups").mkdir(exist_ok=True)
    assert output_folder(casebook) == home / "Documents"
    casebook.settings.output_folder = str(home / "gone")  # a folder since removed
    (home / "Documents").rmdir()
    assert output_folder(casebook) == home
