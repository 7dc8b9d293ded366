"""Two Casebook processes started together on one data folder: the second sees the first's
lock for what it is. The holder writes its note (``casebook.instance``) just after it locks, so
a process turned away in that moment read no note, or a killed earlier run's: the app started
second named a process that had ended and asked Retry/Quit as if the command line held the
folder (the first window not brought forward), and a command named the ended process. The live
lock and its note are left as they are."""

from __future__ import annotations

import ctypes
import json
import os
import select
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.paths import DataPaths
from tests.conftest import REFERENCE_CASEBOOK

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="inotify tells when the second process read the note")

# A process that has just locked the folder, its note not written yet: it writes it when the
# test says so (a line on its input), once the second process has read the folder's note (as
# it may by chance when both start together).
STARTING = textwrap.dedent("""
    import sys
    from pathlib import Path
    import core.lock as lock_module
    from core.paths import DataPaths
    write = lock_module._write_holder

    def slow_write(paths, holder):
        print("locked", flush=True)
        sys.stdin.readline()
        write(paths, holder)

    lock_module._write_holder = slow_write
    lock = lock_module.DataFolderLock(DataPaths(Path(sys.argv[1])), "Casebook").acquire()
    print("held", flush=True)
    sys.stdin.read()  # holds the folder until the test closes its input
    lock.release()
""")
IN_OPEN = 0x20


class OpenWatch:
    """inotify: whether a file was opened since the watch began."""

    def __init__(self, path: Path):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(0)
        assert self.fd >= 0 and self.libc.inotify_add_watch(
            self.fd, os.fsencode(path), IN_OPEN) >= 0, os.strerror(ctypes.get_errno())

    def wait(self, timeout: float = 60) -> None:
        readable, _, _ = select.select([self.fd], [], [], timeout)
        os.close(self.fd)
        assert readable, "the second process never read the folder's note"


def _note_now(first: subprocess.Popen, watch: OpenWatch) -> None:
    """Once the second process has read the note (a killed command's), the first writes its."""
    watch.wait()
    assert first.stdin is not None
    first.stdin.write("write\n")
    first.stdin.flush()


def _ended_pid() -> int:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(ended.stdout)


@pytest.fixture
def paths(data_home: Path) -> DataPaths:
    """A data folder a command killed earlier left its lock file and note in."""
    paths = DataPaths(data_home).ensure()
    paths.lock_file.touch()
    lock = os.stat(paths.lock_file)
    paths.instance_file.write_text(json.dumps(
        {"kind": "the command line", "pid": _ended_pid(), "started": 1,
         "lock": [lock.st_dev, lock.st_ino]}), encoding="utf-8")
    return paths


@pytest.fixture
def first(paths: DataPaths):
    """The first process, just past taking the lock (its note not written yet)."""
    holder = subprocess.Popen([sys.executable, "-c", STARTING, str(paths.root)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def _still_held_by(first: subprocess.Popen, paths: DataPaths) -> None:
    assert first.stdout is not None and first.stdout.readline().strip() == "held"
    assert first.poll() is None and paths.lock_file.is_file()
    note = json.loads(paths.instance_file.read_text(encoding="utf-8"))
    assert (note["kind"], note["pid"]) == ("Casebook", first.pid)


def test_a_command_started_with_the_app_names_the_app(paths, first):
    watch = OpenWatch(paths.instance_file)
    second = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "--data-dir", str(paths.root), "import",
         str(REFERENCE_CASEBOOK)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _note_now(first, watch)
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 3, stderr
    assert f"in use by Casebook (process {first.pid})" in stderr
    assert "the command line" not in stderr
    _still_held_by(first, paths)


def test_the_app_started_second_sees_the_first_window(paths, first):
    watch = OpenWatch(paths.instance_file)
    second = subprocess.Popen(
        [sys.executable, "-m", "gui.app", "--data-dir", str(paths.root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    try:
        _note_now(first, watch)
        assert second.stderr is not None
        said = second.stderr.readline().strip()  # then a message box it waits on
    finally:
        second.kill()
        second.wait()
    # the first window is brought forward (here none answers), no Retry question about a
    # command that had ended
    assert said == f"Casebook is already open there ({paths.root}).", said
    _still_held_by(first, paths)
