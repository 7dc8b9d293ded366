"""One Casebook window per data folder, so one place where a case is being edited.

A case's unsaved edit is kept as one draft per case (core.services.drafts: the row's key is the
case id, not a window's). Two windows editing one case would share that row: one window's
autosave overwrites the other's draft, its Save or Discard deletes it, and a crash then loses
what the other had typed. That cannot happen because there is never a second window on a
folder: the app holds the folder's lock while it runs; a second launch (or one started at the
same moment, tests/reliability/test_lock_started_together.py) brings the first window forward
and exits (tests/gui/test_app.py); a command that writes is refused meanwhile; the app has no
"new window" action; and read-only commands write no drafts.

One gap was left: a cleaner that deleted both ``casebook.lock`` and ``casebook.instance`` while
the app ran let a second launch, in the moment before the app locked its folder again (it
checks every 2 s), take the fresh lock and open a second window on the same cases. The second
launch now asks the folder's window first: a window that answers is brought forward, and the
launch leaves the folder to it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from core.lock import DataFolderLock
from core.paths import DataPaths
from gui import app
from tests.gui.helpers.processes import (
    ROOT,
    START_TIMEOUT_S,
    child_env,
    start_gui,
    stop,
    wait_for_log,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows cannot delete a locked file")

# The running window's side, in a process of its own: the folder's lock and its local socket
# (as gui.app holds them); each command it receives is printed; a line on its input runs
# DataFolderLock.keep (the app's timer does every 2 s) and prints what it gave.
WINDOW = textwrap.dedent("""
    import sys
    import threading
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from core.lock import DataFolderLock
    from core.paths import DataPaths
    from gui.single_instance import InstanceServer, server_name

    paths = DataPaths(Path(sys.argv[1]))
    qt = QCoreApplication([])
    lock = DataFolderLock(paths, "Casebook").acquire()
    server = InstanceServer(server_name(paths.root))
    assert server.listen()
    server.command_received.connect(lambda command: print(command, flush=True))

    def keep():
        for _line in sys.stdin:
            print(lock.keep(), flush=True)

    threading.Thread(target=keep, daemon=True).start()
    print("held", flush=True)
    qt.exec()
""")


@pytest.fixture
def window_process(data_home):
    paths = DataPaths(data_home).ensure()
    proc = subprocess.Popen([sys.executable, "-c", WINDOW, str(paths.root)], cwd=ROOT,
                            env=child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield proc, paths
    finally:
        stop(proc)


def _never(text: str) -> bool:
    raise AssertionError(f"asked Retry/Quit: {text}")


def test_a_launch_after_a_cleaner_took_lock_and_note_brings_the_window_forward(
        window_process, qapp, capsys):
    proc, paths = window_process
    paths.lock_file.unlink()
    paths.instance_file.unlink()  # nothing in the folder says a window runs there
    said: list[str] = []
    second = DataFolderLock(paths, app.GUI_KIND)
    code = app.take_folder(second, paths, _never, said.append)
    assert code == app.EXIT_OK  # before: None, a second window opened on the same cases
    assert not second._lock.is_locked  # the folder is left to the window
    assert proc.stdout is not None and proc.stdout.readline().strip() == "activate"
    assert said == []  # the window answered: no message box over it
    assert f"Casebook is already open there ({paths.root})." in capsys.readouterr().err
    assert not paths.instance_file.exists()  # the launch's own note went with its lock
    # the window locks its folder again at its next check, with its note
    assert proc.stdin is not None
    proc.stdin.write("keep\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "True"
    assert json.loads(paths.instance_file.read_text(encoding="utf-8"))["pid"] == proc.pid


def test_a_launch_with_no_window_running_opens(data_home, qapp):
    """No window answers (none runs, or one crashed and left its socket): the launch keeps
    the folder and opens, as before."""
    paths = DataPaths(data_home).ensure()
    mine = DataFolderLock(paths, app.GUI_KIND)
    try:
        assert app.take_folder(mine, paths, _never, _never) is None
        assert mine._lock.is_locked
    finally:
        mine.release()


def test_the_real_window_is_brought_forward_after_its_lock_and_note_were_deleted(data_home,
                                                                                  qapp):
    paths = DataPaths(data_home)
    proc = start_gui(data_home)
    try:
        wait_for_log(paths.log_file, "casebook-gui ready", proc)
        paths.lock_file.unlink()
        paths.instance_file.unlink()
        said: list[str] = []
        second = DataFolderLock(paths, app.GUI_KIND)
        assert app.take_folder(second, paths, _never, said.append) == app.EXIT_OK
        assert not second._lock.is_locked and said == []
        wait_for_log(paths.log_file, "received 'activate'", proc)
        # the window takes its folder back: a command that writes is refused again
        wait_for_log(paths.log_file, "lock file was deleted: locked it again", proc)
        with pytest.raises(Exception, match="in use by Casebook"):
            DataFolderLock(paths, "the command line").acquire()
        assert proc.poll() is None
    finally:
        stop(proc)


def test_two_launches_at_the_same_moment_open_one_window(data_home):
    """Two clicks on the icon at once: one process takes the folder and opens; the other is
    turned away saying where Casebook is open (whichever wins; the moment the winner's note
    is not written yet is tests/reliability/test_lock_started_together.py)."""
    paths = DataPaths(data_home)
    procs = [start_gui(data_home), start_gui(data_home)]
    try:
        _wait_until_ready(paths)
        holder = json.loads(paths.instance_file.read_text(encoding="utf-8"))["pid"]
        (window,) = [p for p in procs if p.pid == holder]
        (other,) = [p for p in procs if p is not window]
        assert other.stderr is not None
        said = other.stderr.readline().strip()  # then it ends, or shows it in a message box
        assert said == f"Casebook is already open there ({paths.root}).", said
        assert window.poll() is None
        assert paths.log_file.read_text(encoding="utf-8").count("casebook-gui ready") == 1
    finally:
        for proc in procs:
            stop(proc)


def _wait_until_ready(paths: DataPaths) -> None:
    """Until a window is ready (either process may be the one, the other may end first)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while "casebook-gui ready" not in (paths.log_file.read_text(encoding="utf-8")
                                       if paths.log_file.exists() else ""):
        assert time.monotonic() < deadline, "no window became ready"
        time.sleep(0.05)


def test_no_menu_or_toolbar_action_opens_another_window(window):
    """The app's one window has no "New window" (nor "Open in new window"): a case is edited
    in it alone. Every menu and toolbar action is named; none speaks of a window."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QMainWindow

    actions = window.findChildren(QAction)
    named = [a.text().replace("&", "") for a in actions if a.text()]
    assert "Save" in named and "New case" in named  # the window's own actions were found
    assert not [t for t in named if "window" in t.casefold()], named
    assert [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMainWindow) and w.isVisible()] == [window]
