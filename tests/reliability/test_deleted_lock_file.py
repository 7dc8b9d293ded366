"""A deleted ``casebook.lock`` (a temp-file cleaner, a user) must not let a writer run beside
the open app: the writer would lock a fresh file while the app holds the deleted one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.cli import main
from core.lock import DataFolderLock
from core.paths import DataPaths
from tests.conftest import REFERENCE_CASEBOOK

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows cannot delete a locked file")

# The app's side of the lock, in a process of its own: "keep" runs DataFolderLock.keep (the
# app's timer does every 2 s).
HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from core.lock import DataFolderLock
    from core.paths import DataPaths
    lock = DataFolderLock(DataPaths(Path(sys.argv[1])), "Casebook").acquire()
    print("held", flush=True)
    for line in sys.stdin:
        print(lock.keep(), flush=True)
""")


@pytest.fixture
def folder(data_home: Path, tmp_path: Path) -> tuple[DataPaths, Path]:
    """A data folder with the reference cases and a backup of it outside the folder."""
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    backup = tmp_path / "copy.zip"
    assert main(["backup", "-o", str(backup)]) == 0
    return DataPaths(data_home), backup


@pytest.fixture
def app(folder):
    paths = folder[0]
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(paths.root)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def state(paths: DataPaths) -> tuple[bytes, list[str]]:
    wal = paths.root / "casebook.db-wal"
    return (paths.database.read_bytes() + (wal.read_bytes() if wal.exists() else b""),
            sorted(p.name for p in paths.backups.iterdir()))


@pytest.mark.parametrize("command", [["import", str(REFERENCE_CASEBOOK), "--as-new"],
                                     ["restore", "BACKUP", "--yes"]])
def test_writers_refused_while_the_app_runs_after_its_lock_file_was_deleted(
        folder, app, capsys, command):
    paths, backup = folder
    before = state(paths)
    paths.lock_file.unlink()
    args = [str(backup) if a == "BACKUP" else a for a in command]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert f"in use by Casebook (process {app.pid})" in err and "Traceback" not in err
    assert state(paths) == before
    assert json.loads(paths.instance_file.read_text())["pid"] == app.pid  # the app's note stays


def test_the_app_locks_a_deleted_lock_file_again(folder, app, capsys):
    paths, backup = folder
    paths.lock_file.unlink()
    paths.instance_file.unlink()  # a cleaner that took both: only the app's own lock can tell
    app.stdin.write("keep\n")
    app.stdin.flush()
    assert app.stdout.readline().strip() == "True"
    assert paths.lock_file.exists()
    assert json.loads(paths.instance_file.read_text())["pid"] == app.pid
    before = state(paths)
    assert main(["restore", str(backup), "--yes"]) == 3
    assert f"in use by Casebook (process {app.pid})" in capsys.readouterr().err
    assert state(paths) == before


def test_a_note_of_a_process_that_has_ended_does_not_block(folder, capsys):
    paths, backup = folder
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    for lock in ([1, 2], None):  # a note naming another (deleted) lock file; an older note
        paths.instance_file.write_text(json.dumps(
            {"kind": "Casebook", "pid": int(ended.stdout), "started": 1, "lock": lock}))
        assert main(["import", str(REFERENCE_CASEBOOK), "--as-new"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert not paths.instance_file.exists()  # the command's own note is gone with it


def test_a_note_naming_the_lock_just_taken_is_stale(folder, capsys):
    """The note's process is alive but the lock it names is the one a command now holds: that
    process no longer holds the folder (its pid reused, say)."""
    paths, _ = folder
    with DataFolderLock(paths, "the command line") as lock:
        locked = lock._inode
    paths.instance_file.write_text(json.dumps(
        {"kind": "Casebook", "pid": os.getppid(), "started": None, "lock": locked}))
    assert main(["import", str(REFERENCE_CASEBOOK), "--as-new"]) == 0
