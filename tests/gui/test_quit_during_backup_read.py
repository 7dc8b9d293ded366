"""File › Restore from backup…: the user quits (Ctrl+Q, or closes the window) while "Reading the
backup…" runs. The read ends off the UI thread, then nothing follows: no "Restore from backup"
question (nor any other dialog) after the quit, nothing restored, no error, the app's loop ends
(the progress dialog's delayed show after the close no longer cancels Qt's quit on the last
window closed, which left the app running with no window) and the data folder is as it was."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from gui import backup_actions
from tests.gui.conftest import simple_cases
from tests.gui.test_quit_during_refresh import in_app_exec

READ_WAIT_S = 10  # how long the slowed read waits to be released
RELEASE_AFTER_S = 0.6  # the read ends this long after the quit


@pytest.mark.parametrize("how", ["Ctrl+Q", "window closed", "app quit"])
def test_quitting_while_the_backup_is_read_opens_no_dialog_and_restores_nothing(
        qtbot, qapp, stored_references, window, casebook, prompter, monkeypatch, how):
    backup = casebook.backups.create()
    casebook.cases.import_cases(simple_cases(2))  # work done after the backup
    window.case_model.reload()
    before = {s.case_id: s.version for s in casebook.cases.list_cases()}
    zips = sorted(p.name for p in casebook.paths.backups.glob("*.zip"))

    started, release = threading.Event(), threading.Event()
    events: list[str] = []
    real_read = backup_actions.read_backup

    def slow_read(path):
        started.set()
        release.wait(READ_WAIT_S)
        events.append("read ended")
        return real_read(path)

    monkeypatch.setattr(backup_actions, "read_backup", slow_read)
    opened: list[str] = []  # any real dialog run after the quit
    for cls in (QDialog, QMessageBox):
        monkeypatch.setattr(cls, "exec", lambda self: opened.append(type(self).__name__) or 0)
    prompter.script("choose_backup", backup.path)  # "Other backup file…": read on the worker
    prompter.script("confirm", True)  # were the question asked, the restore would go on

    def quit_once_reading() -> None:
        if not started.is_set():
            QTimer.singleShot(10, quit_once_reading)
            return
        events.append("quit")
        # the read ends later, after the progress dialog's delay (SHOW_AFTER_MS): the window's
        # close waits for the running work (the UI thread is blocked, so not a QTimer)
        threading.Timer(RELEASE_AFTER_S, release.set).start()
        if how == "Ctrl+Q":
            qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
            assert window.isHidden()
        elif how == "window closed":
            assert window.close()
        else:  # the application told to quit (Qt closes its windows, its event loops end)
            QApplication.quit()

    def body() -> None:
        QTimer.singleShot(0, quit_once_reading)
        window.commands.restore_backup.trigger()  # returns once the read has ended
        events.append("restore returned")

    started_at = time.monotonic()
    in_app_exec(qapp, body)  # ends when the app quits (or after 30 s: the safety net)
    assert time.monotonic() - started_at < READ_WAIT_S  # the app quit, nothing kept it
    assert events == ["quit", "read ended", "restore returned"]
    assert prompter.calls("choose_backup")  # the read was started from the menu
    assert prompter.calls("confirm") == [] and prompter.calls("error") == []
    assert prompter.calls("info") == [] and opened == []
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()]
    assert not window.backup_actions.busy and not window.runner.busy
    assert {s.case_id: s.version for s in casebook.cases.list_cases()} == before
    assert sorted(p.name for p in casebook.paths.backups.glob("*.zip")) == zips  # no pre-restore
