"""File › Save PDFs of selected cases… opens where the last output went (Save as PDF…,
Submission kit…; the settings' output_folder), not where the last file of any kind was chosen
(an import's folder), and the folder chosen there is where the next output's dialog opens."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt

from core.settings import load_settings
from gui.dialogs import prompter as qt_prompter
from gui.output_folder import output_folder, remember_output
from tests.gui.test_output_folder import home  # noqa: F401 (fixture)
from tests.gui.test_pdf_batch import _select_all

TITLE = "Save the PDFs in a new folder inside…"


def test_save_pdfs_opens_in_the_output_folder_and_keeps_the_one_chosen(
        qtbot, window, casebook, prompter, home, monkeypatch):  # noqa: F811
    papers = home / "Documents" / "papers"
    imports = home / "imports"
    papers.mkdir()
    imports.mkdir()
    remember_output(casebook, papers)  # a PDF saved there earlier (Save as PDF…)
    monkeypatch.setitem(qt_prompter._LAST_FOLDER, "folder", imports)  # then an import
    ids = _select_all(qtbot, window, casebook)
    batches = home / "batches"
    batches.mkdir()
    prompter.script("choose_folder", batches)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(menu.isVisible)
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000):
        qtbot.keyClick(menu, Qt.Key.Key_L)  # File › Save PDFs of selected cases…

    assert prompter.calls("choose_folder") == [(TITLE, str(papers))]  # not imports
    folder = batches / f"case summaries {date.today()}"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{i}.pdf" for i in ids)
    # the folder chosen is the next output's start, in this session and the next
    assert load_settings(casebook.paths.settings_file).output_folder == str(batches)
    assert output_folder(casebook) == batches


def test_the_folder_dialog_opens_on_the_start_given(qtbot, monkeypatch, tmp_path):
    seen: list[str] = []

    def choose(parent, title: str, start: str) -> str:
        seen.append(start)
        return ""  # cancelled

    monkeypatch.setattr(qt_prompter.QFileDialog, "getExistingDirectory", choose)
    monkeypatch.setitem(qt_prompter._LAST_FOLDER, "folder", tmp_path)
    asking = qt_prompter.QtPrompter()
    assert asking.choose_folder(TITLE, str(tmp_path / "out")) is None
    assert asking.choose_folder("Import a CSV dataset folder") is None
    assert seen == [str(tmp_path / "out"), str(tmp_path)]  # else the last file's folder
