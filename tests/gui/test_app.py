"""casebook-gui as a process (ready, quit, second launch, command line refused, SIGTERM) and
its start-up pieces in-process (folder in use, damaged database, unexpected errors)."""

from __future__ import annotations

import json
import signal
import sys
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core.lock import DataFolderLock, FolderInUse
from core.paths import DataPaths
from gui import app
from gui.single_instance import send_command, server_name
from tests.conftest import REFERENCE_CASEBOOK
from tests.gui.helpers.processes import run_cli, run_gui_once, start_gui, stop, wait_for_log


@pytest.fixture
def running_gui(request, data_home, qapp):
    """The GUI in a child process, told its folder by --data-dir or by CASEBOOK_HOME."""
    paths = DataPaths(data_home)
    proc = start_gui(data_home if request.param == "--data-dir" else None)
    try:
        wait_for_log(paths.log_file, "casebook-gui ready", proc)
        yield proc, paths
    finally:
        stop(proc)


@pytest.mark.parametrize("running_gui", ["--data-dir"], indirect=True)
def test_while_the_gui_runs_others_are_turned_away_then_it_quits(running_gui):
    proc, paths = running_gui
    second = run_gui_once(paths.root)
    assert second.returncode == 0
    assert "Casebook is already open there" in second.stderr
    wait_for_log(paths.log_file, "received 'activate'", proc)

    cli = run_cli(paths.root, "import", str(REFERENCE_CASEBOOK))
    assert cli.returncode == 3
    assert "in use by Casebook" in cli.stderr and "Traceback" not in cli.stderr

    assert send_command(server_name(paths.root), "quit")
    assert proc.wait(timeout=30) == 0
    assert "casebook-gui closed" in paths.log_file.read_text()
    assert not paths.instance_file.exists()
    assert "Traceback" not in proc.stderr.read()


@pytest.mark.parametrize("running_gui", ["--data-dir"], indirect=True)
def test_a_deleted_lock_file_does_not_let_commands_write_beside_the_gui(running_gui):
    """A temp-file cleaner deletes casebook.lock: a command would lock a new file. The app's
    note refuses it meanwhile, and the app locks the file again (the note deleted too)."""
    proc, paths = running_gui
    paths.lock_file.unlink()
    cli = run_cli(paths.root, "import", str(REFERENCE_CASEBOOK), "--as-new")
    assert cli.returncode == 3
    assert f"in use by Casebook (process {proc.pid})" in cli.stderr
    retaken = "lock file was deleted: locked it again"
    wait_for_log(paths.log_file, retaken, proc)  # the command's new file
    paths.lock_file.unlink()
    paths.instance_file.unlink()
    wait_until_logged_twice(paths, retaken, proc)
    cli = run_cli(paths.root, "import", str(REFERENCE_CASEBOOK), "--as-new")
    assert cli.returncode == 3
    assert f"in use by Casebook (process {proc.pid})" in cli.stderr
    assert json.loads(run_cli(paths.root, "list", "--json").stdout) == []
    assert send_command(server_name(paths.root), "quit")
    assert proc.wait(timeout=30) == 0
    assert not paths.instance_file.exists()


def wait_until_logged_twice(paths: DataPaths, needle: str, proc) -> None:
    deadline = time.monotonic() + 30
    while paths.log_file.read_text(encoding="utf-8").count(needle) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, "not locked again"
        time.sleep(0.05)


@pytest.mark.parametrize("running_gui", ["CASEBOOK_HOME"], indirect=True)
def test_sigterm_closes_cleanly(running_gui):
    proc, paths = running_gui
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert "signal 15" in paths.log_file.read_text()


def test_folder_held_by_the_command_line_opens_on_retry_once_it_is_free(data_home, qapp,
                                                                          capsys):
    """Retry while the import still runs asks again; Retry after it ended opens the app (the
    lock is the app's); it no longer exits with code 3."""
    paths = DataPaths(data_home)
    held = DataFolderLock(paths, "the command line").acquire()
    mine = DataFolderLock(paths, app.GUI_KIND)
    asked = []

    def retry(text):
        asked.append(text)
        if len(asked) == 2:
            held.release()  # the import ends while the second question shows
        return True

    try:
        assert app.take_folder(mine, paths, retry) is None
        with pytest.raises(FolderInUse) as now:
            DataFolderLock(paths, "the command line").acquire()
        assert now.value.holder["kind"] == app.GUI_KIND
    finally:
        mine.release()
        held.release()
    assert len(asked) == 2
    assert "in use by the command line" in asked[0] and "Click Retry once" in asked[0]
    assert "has not finished yet" not in asked[0] and "has not finished yet" in asked[1]
    assert "in use by the command line" in capsys.readouterr().err


def test_quit_while_the_command_line_holds_the_folder_exits_3(data_home, qapp):
    paths = DataPaths(data_home)
    asked = []

    def quit_(text):
        asked.append(text)
        return False

    with DataFolderLock(paths, "the command line"):
        code = app.take_folder(DataFolderLock(paths, app.GUI_KIND), paths, quit_)
    assert code == app.EXIT_IN_USE and len(asked) == 1


def test_the_busy_question_has_retry_and_quit_buttons(data_home, qtbot):
    """The message box itself: Retry is the default (Enter), Quit is Escape."""
    paths = DataPaths(data_home)
    held = DataFolderLock(paths, "the command line").acquire()
    mine = DataFolderLock(paths, app.GUI_KIND)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(([b.text() for b in box.buttons()], box.defaultButton().text(),
                     box.text()))
        if len(seen) == 1:
            qtbot.keyClick(box, Qt.Key.Key_Escape)  # Quit
            return
        held.release()  # the import has ended: Enter (Retry) opens the app
        qtbot.keyClick(box, Qt.Key.Key_Return)

    try:
        QTimer.singleShot(0, answer)
        assert app.take_folder(mine, paths) == app.EXIT_IN_USE
        QTimer.singleShot(0, answer)
        assert app.take_folder(mine, paths) is None
    finally:
        mine.release()
        held.release()
    buttons, default, text = seen[0]
    assert sorted(buttons) == ["&Quit", "&Retry"] and default == "&Retry"
    assert "in use by the command line" in text and "Click Retry once" in text
    assert len(seen) == 2


@pytest.mark.expected_errors("a damaged database is logged and explained in an error dialog")
def test_damaged_database_is_reported_plainly(data_home, qapp, prompter):
    paths = DataPaths(data_home).ensure()
    paths.database.write_bytes(b"this is not a database" * 100)
    assert app.open_services(paths, prompter) is None
    message = prompter.calls("error")[0][0]
    assert "cannot open its database" in message and "damaged" in message


@pytest.mark.expected_errors("checks the app's exception hook logs and shows an error")
def test_unexpected_errors_are_logged_and_shown_plainly(data_home, qapp):
    paths = DataPaths(data_home).ensure()
    app.setup_logging(paths.log_file)
    said = []
    previous = app.install_excepthook(said.append, paths)
    try:
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert said == [f"Something went wrong (ZeroDivisionError). Your typing is autosaved. "
                    f"Details are in the log file:\n{paths.log_file}"]
    log = paths.log_file.read_text()
    assert "Traceback" in log and "ZeroDivisionError: boom" in log


@pytest.mark.expected_errors("an exception in a slot must reach the app's exception hook")
@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_plain_message(qtbot, data_home):
    from PySide6.QtWidgets import QPushButton

    paths = DataPaths(data_home).ensure()
    said = []
    previous = app.install_excepthook(said.append, paths)
    try:
        button = QPushButton("Crash")
        qtbot.addWidget(button)
        button.clicked.connect(lambda: 1 / 0)
        button.click()
    finally:
        sys.excepthook = previous
    assert said and said[0].startswith("Something went wrong (ZeroDivisionError)")


@pytest.mark.parametrize("fault", ["file as folder", "database is a folder"])
def test_an_unusable_data_folder_is_explained_without_a_traceback(tmp_path, qapp, monkeypatch,
                                                                 capsys, fault):
    if fault == "file as folder":
        folder = tmp_path / "notes.txt"
        folder.write_text("not a folder", encoding="utf-8")
        expected = "is a file, not a folder"
    else:
        folder = tmp_path / "home"
        (folder / "casebook.db").mkdir(parents=True)
        expected = "is not a database file"
    said = []
    monkeypatch.setattr(app, "show_message", said.append)
    assert app.main(["--data-dir", str(folder)]) == app.EXIT_FAILED
    assert len(said) == 1 and expected in said[0] and str(folder) in said[0]
    assert "Traceback" not in capsys.readouterr().err
