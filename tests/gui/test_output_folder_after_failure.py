"""A folder is the next output's start only once an output was written there: Save as PDF…,
File › Save PDFs of selected cases… and Case › Submission kit… on a full disk said the output
was not written, yet the next output's dialog (this session and the next, the settings'
output_folder) opened on that folder."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from core.settings import load_settings
from gui.output_folder import output_folder, remember_output
from tests.gui.test_output_folder import home  # noqa: F401 (fixture)
from tests.gui.test_pdf_batch import _select_all
from tests.gui.test_report_view import CASE_1, open_preview


@contextmanager
def disk_full_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every fsync of a file or folder inside ``folder`` fails as on a full disk."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        where = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if where == folder or folder in where.parents:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", fsync)
        yield


def assert_start_is(casebook, folder: Path) -> None:
    """The next output's dialog opens on ``folder``, in this session and the next."""
    assert output_folder(casebook) == folder
    assert load_settings(casebook.paths.settings_file).output_folder == str(folder)


@pytest.fixture
def earlier(casebook, home) -> Path:  # noqa: F811
    """Where an output went earlier (Save as PDF…)."""
    folder = home / "Documents" / "papers"
    folder.mkdir()
    remember_output(casebook, folder)
    return folder


@pytest.mark.expected_errors("a full disk makes the PDF's save fail with an error message")
def test_a_pdf_not_saved_leaves_the_output_folder_as_it_was(
        qtbot, stored_references, window, casebook, prompter, home, earlier,  # noqa: F811
        monkeypatch):
    full = home / "full"
    full.mkdir()
    dialog = open_preview(qtbot, window)
    prompter.script("choose_save_file", full / "summary.pdf")
    prompter.script("error", None)
    with disk_full_in(full, monkeypatch):
        qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [(message,)] = prompter.calls("error")
    assert message.startswith("The PDF was not saved") and "the disk is full" in message
    assert not (full / "summary.pdf").exists()
    assert_start_is(casebook, earlier)  # not the full disk's folder

    # saved there once the disk has room: that folder is the next start
    prompter.script("choose_save_file", full / "summary.pdf")
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert prompter.calls("choose_save_file")[1][1] == str(earlier / f"{CASE_1}.pdf")
    assert (full / "summary.pdf").is_file()
    assert_start_is(casebook, full)
    dialog.close()


def _save_selected_pdfs(qtbot, window) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(menu.isVisible)
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000):
        qtbot.keyClick(menu, Qt.Key.Key_L)  # File › Save PDFs of selected cases…


@pytest.mark.expected_errors("a full disk makes the PDFs' save fail with an error message")
def test_pdfs_not_saved_leave_the_output_folder_as_it_was(
        qtbot, window, casebook, prompter, home, earlier, monkeypatch):  # noqa: F811
    _select_all(qtbot, window, casebook)
    full = home / "full"
    full.mkdir()
    prompter.script("choose_folder", full)
    prompter.script("error", None)
    with disk_full_in(full, monkeypatch):
        _save_selected_pdfs(qtbot, window)
    [(message,)] = prompter.calls("error")
    assert message.startswith("The PDFs could not be saved") and "the disk is full" in message
    assert list(full.iterdir()) == []
    assert_start_is(casebook, earlier)

    prompter.script("choose_folder", full)
    _save_selected_pdfs(qtbot, window)
    assert prompter.calls("choose_folder")[1][1] == str(earlier)
    assert (full / f"case summaries {date.today()}").is_dir()
    assert_start_is(casebook, full)


def _write_kit(qtbot, window, target: Path) -> None:
    window.commands.submission_kit.trigger()  # Case › Submission kit…
    kit = window.kits.dialog
    assert kit is not None and kit.isVisible()
    kit.path_edit.selectAll()
    qtbot.keyClicks(kit.path_edit, str(target))
    with qtbot.waitSignal(window.kits.done, timeout=60_000):
        qtbot.mouseClick(kit.write_button, Qt.MouseButton.LeftButton)


@pytest.mark.expected_errors("a full disk makes the kit fail with an error message")
def test_a_kit_not_written_leaves_the_output_folder_as_it_was(
        qtbot, stored_references, window, casebook, prompter, home, earlier,  # noqa: F811
        monkeypatch):
    assert window.session.open_case(CASE_1)
    full = home / "full"
    full.mkdir()
    prompter.script("error", None)
    with disk_full_in(full, monkeypatch):
        _write_kit(qtbot, window, full / "cao")
    [(message,)] = prompter.calls("error")
    assert message.startswith("The submission kit could not be written")
    assert "the disk is full" in message
    assert list(full.iterdir()) == []
    assert_start_is(casebook, earlier)

    _write_kit(qtbot, window, full / "cao")
    assert (full / "cao" / "manuscript.docx").is_file()
    assert_start_is(casebook, full)
    window.kits.done_box.close()
