"""Output paths (issue 12): every command that writes a file or folder refuses the data folder,
devices, pipes, sockets, folders, existing files (without --force) and missing folders with exit
code 2 and a message naming the path; it writes atomically, leaves no temporary file behind
(a full disk included), and the commands that record audit entries wait for the app's lock.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import socket
import stat
import tempfile
from pathlib import Path

import pytest

from core.cli import main
from core.lock import DataFolderLock
from core.paths import DataPaths
from tests.conftest import REFERENCE_CASEBOOK
from tests.reliability.output_faults import disk_full_runs

CASE = "SEED-C1-CAO2023"
COMMANDS = {
    "report": lambda p: ["report", CASE, "-o", p],
    "report --all": lambda p: ["report", "--all", "-o", p],
    "export": lambda p: ["export", "-o", p],
    "audit export": lambda p: ["audit", "export", "-o", p],
    "schema": lambda p: ["schema", "-o", p],
    "backup": lambda p: ["backup", "-o", p],
}
FORCED = ["report", "report --all", "export", "audit export", "schema"]  # backup never replaces
DATA_FOLDER = "inside the data folder"
CASES = {  # what is refused -> the words the message must hold besides the path
    "database": DATA_FOLDER, "audit key": DATA_FOLDER, "new file in the data folder": DATA_FOLDER,
    "via ..": DATA_FOLDER, "via a symlink": DATA_FOLDER, "via a symlinked folder": DATA_FOLDER,
    "/dev/full": "a device", "/dev/null": "a device", "fifo": "named pipe", "socket": "a socket",
    "existing folder": None, "existing file": "already exists", "missing folder": "does not exist",
}
SUFFIX = {"report": ".pdf", "export": ".json", "audit export": ".csv", "schema": ".json",
          "report --all": ""}  # a name that fits what each writes (test_cli_output_names)
FOLDER_WORDS = {"report --all": "not empty", "backup": "already exists"}
FILE_WORDS = {"report --all": "not a folder", "backup": "not a folder"}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "data"
    assert main(["--data-dir", str(folder), "import", str(REFERENCE_CASEBOOK)]) == 0
    return folder


@pytest.fixture
def data(template, tmp_path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "data"))


@pytest.fixture(autouse=True)
def one_process(monkeypatch):
    """report --all renders in this process (the worker pool is not what is tested here)."""
    monkeypatch.setattr("core.report.batch._worker_count", lambda workers, options: 1)


@pytest.fixture
def short_dir():
    """A folder with a short path, for a Unix socket (at most 107 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="cb-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def cli(capsys, data: Path, *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data), *args])
    return code, capsys.readouterr().err


def device(name: str, tmp: Path) -> Path:
    """``/dev/<name>``; as root a private node with the same numbers, so that a regression
    could never replace the system's own."""
    real = Path("/dev") / name
    if os.geteuid() != 0:
        return real
    node = tmp / f"dev-{name}"
    os.mknod(node, stat.S_IFCHR | 0o666, os.stat(real).st_rdev)
    return node


def refused_path(case: str, data: Path, tmp: Path, short: Path) -> Path:
    if case == "database":
        return data / "casebook.db"
    if case == "audit key":
        return data / "config" / "audit.key"
    if case == "new file in the data folder":
        return data / "report.out"
    if case == "via ..":
        (tmp / "elsewhere").mkdir()
        return Path(f"{tmp}/elsewhere/..", os.path.relpath(data / "casebook.db", tmp))
    if case == "via a symlink":
        (tmp / "link.out").symlink_to(data / "casebook.db")
        return tmp / "link.out"
    if case == "via a symlinked folder":
        (tmp / "datalink").symlink_to(data, target_is_directory=True)
        return tmp / "datalink" / "new.out"
    if case in ("/dev/full", "/dev/null"):
        return device(case.removeprefix("/dev/"), tmp)
    if case == "fifo":
        os.mkfifo(tmp / "fifo")
        return tmp / "fifo"
    if case == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(short / "sock"))
        sock.close()
        return short / "sock"
    if case == "existing folder":
        (tmp / "afolder").mkdir()
        (tmp / "afolder" / "keep.txt").write_text("keep")
        return tmp / "afolder"
    if case == "existing file":
        (tmp / "old.out").write_bytes(b"old")
        return tmp / "old.out"
    assert case == "missing folder"
    return tmp / "nope" / "x.out"


def expected_words(command: str, case: str) -> str:
    if case == "existing folder":
        return FOLDER_WORDS.get(command, "is a folder")
    if case == "existing file":
        return FILE_WORDS.get(command, "already exists")
    return CASES[case]


def snapshot(*folders: Path) -> dict[str, str]:
    """Every file and link under ``folders`` (the log aside): its kind and content hash."""
    seen = {}
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = Path(root, name)
                if name.startswith("casebook.log"):
                    continue
                mode = os.lstat(path).st_mode
                digest = (hashlib.sha256(path.read_bytes()).hexdigest()
                          if stat.S_ISREG(mode) else "")
                seen[str(path)] = f"{stat.S_IFMT(mode)}:{digest}"
    return seen


def log_is_clean(data: Path) -> bool:
    log = data / "casebook.log"
    return not log.exists() or "unexpected error" not in log.read_text().lower()


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_refused_output(capsys, data, tmp_path, short_dir, command, case):
    path = refused_path(case, data, tmp_path, short_dir)
    before = snapshot(tmp_path, short_dir)
    code, err = cli(capsys, data, *COMMANDS[command](str(path)))
    assert code == 2, err
    assert str(path) in err and expected_words(command, case) in err, err
    assert "Unexpected" not in err and "Traceback" not in err
    assert snapshot(tmp_path, short_dir) == before  # target, data folder: untouched, no leftovers
    assert log_is_clean(data)


def test_the_data_folder_still_verifies_after_every_refusal(capsys, data, tmp_path, short_dir):
    for n, args in enumerate(COMMANDS.values()):
        for case in ("database", "audit key", "via ..", "via a symlink"):
            tmp = tmp_path / f"{n}-{case}"
            tmp.mkdir()
            assert cli(capsys, data, *args(str(refused_path(case, data, tmp, short_dir))))[0] == 2
    assert cli(capsys, data, "check")[0] == 0
    assert cli(capsys, data, "audit", "verify")[0] == 0
    assert main(["--data-dir", str(data), "list"]) == 0
    assert "2 case(s)" in capsys.readouterr().err


def test_a_folder_inside_or_around_the_data_folder_is_refused(capsys, data, tmp_path):
    for target in (data, data / "backups" / "pdfs", tmp_path):  # tmp_path holds the data folder
        code, err = cli(capsys, data, "report", "--all", "-o", str(target), "--force")
        assert code == 2 and "data folder" in err, err
    assert (data / "casebook.db").is_file()


def test_backup_may_go_into_backups_but_nowhere_else_in_the_data_folder(capsys, data):
    code, err = cli(capsys, data, "backup", "-o", str(data / "backups" / "mine.zip"))
    assert code == 0 and (data / "backups" / "mine.zip").is_file(), err
    code, err = cli(capsys, data, "backup", "-o", str(data / "config" / "mine.zip"))
    assert code == 2 and DATA_FOLDER in err


def written_ok(command: str, path: Path) -> bool:
    if command == "report":
        return path.read_bytes().startswith(b"%PDF")
    if command == "report --all":
        return sorted(p.name for p in path.iterdir()) == [f"{CASE}.pdf", "SEED-C2-CAO2023.pdf"]
    if command == "export":
        return len(json.loads(path.read_text())["cases"]) == 2
    if command == "audit export":
        return path.read_text().startswith("seq,ts,user")
    return json.loads(path.read_text())["title"] == "Case"


def beside(tmp: Path) -> list[str]:
    """What is in the test's folder, but for the configuration folder (the audit head's copy)."""
    return sorted(p.name for p in tmp.iterdir() if p.name != "xdg-config")


def old_target(command: str, tmp: Path) -> Path:
    if command == "report --all":
        (tmp / "old").mkdir()
        (tmp / "old" / "keep.txt").write_text("old")
        return tmp / "old"
    (tmp / f"old{SUFFIX[command]}").write_bytes(b"old")
    return tmp / f"old{SUFFIX[command]}"


def is_old(path: Path) -> bool:
    if path.is_dir():
        return [p.name for p in path.iterdir()] == ["keep.txt"]
    return path.read_bytes() == b"old"


@pytest.mark.parametrize("command", FORCED)
def test_force_replaces_atomically(capsys, data, tmp_path, command):
    target = old_target(command, tmp_path)
    inode = target.stat().st_ino
    code, err = cli(capsys, data, *COMMANDS[command](str(target)), "--force")
    assert code == 0, err
    assert written_ok(command, target) and target.stat().st_ino != inode  # renamed into place
    assert beside(tmp_path) == sorted(["data", target.name])
    assert log_is_clean(data)


def test_an_empty_folder_needs_no_force(capsys, data, tmp_path):
    (tmp_path / "pdfs").mkdir()
    assert cli(capsys, data, "report", "--all", "-o", str(tmp_path / "pdfs"))[0] == 0
    assert written_ok("report --all", tmp_path / "pdfs")


@pytest.mark.parametrize("command", FORCED)
def test_disk_full_leaves_the_old_target_and_no_temporary_file(capsys, monkeypatch, data,
                                                               tmp_path, command):
    target = old_target(command, tmp_path)
    audit_before = audit_count(data)

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, err = cli(capsys, data, *COMMANDS[command](str(target)), "--force")
    monkeypatch.undo()
    assert code == 2 and str(target) in err and "the disk is full" in err, err
    assert is_old(target)
    assert beside(tmp_path) == sorted(["data", target.name])
    assert audit_count(data) == audit_before  # nothing written, nothing recorded
    assert cli(capsys, data, "check")[0] == 0 and log_is_clean(data)


def audit_count(data: Path) -> int:
    import sqlite3

    con = sqlite3.connect(f"file:{data / 'casebook.db'}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM audit").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("how", ["tmpfs", "rlimit"])
def test_a_real_full_disk(capsys, data, tmp_path, how):
    """A subprocess writes onto a full disk: a 256 KB tmpfs (unshare -m), else RLIMIT_FSIZE."""
    results = disk_full_runs(how, data, tmp_path, [*FORCED])
    for command, run in results.items():
        assert run["code"] == 2, (command, run)
        assert run["target"] in run["err"] and "could not be written" in run["err"], run
        assert run["old_intact"] and run["leftovers"] == [], (command, run)
        assert "Traceback" not in run["err"] and "Logging error" not in run["err"]
    assert cli(capsys, data, "check")[0] == 0 and log_is_clean(data)


@pytest.mark.parametrize("args", [["report", CASE], ["report", "--all"], ["export"],
                                  ["audit", "export"]], ids=" ".join)
def test_writers_wait_for_the_app(capsys, data, tmp_path, args):
    target = tmp_path / f"out{SUFFIX[' '.join(a for a in args if a != CASE)]}"
    with DataFolderLock(DataPaths(data), "Casebook"):
        code, err = cli(capsys, data, *args, "-o", str(target))
    assert code == 3 and "in use by Casebook" in err and "close Casebook" in err, err
    assert not target.exists() and beside(tmp_path) == ["data"]


def test_a_deidentified_report_reads_only(capsys, data, tmp_path):
    audit_before = audit_count(data)
    with DataFolderLock(DataPaths(data), "Casebook"):
        code, err = cli(capsys, data, "report", CASE, "--deidentified",
                        "-o", str(tmp_path / "deid.pdf"))
    assert code == 0, err
    assert (tmp_path / "deid.pdf").read_bytes().startswith(b"%PDF")
    assert audit_count(data) == audit_before


def test_identified_outputs_are_recorded(capsys, data, tmp_path):
    before = audit_count(data)
    for args in (["report", CASE], ["export"], ["audit", "export"]):
        name = "-".join(args) + SUFFIX[" ".join(a for a in args if a != CASE)]
        assert cli(capsys, data, *args, "-o", str(tmp_path / name))[0] == 0
    assert audit_count(data) == before + 3


def test_a_backup_beside_the_app_says_how_to_back_up_elsewhere(capsys, data, tmp_path):
    """`casebook backup` while the app is open is refused (into backups/: a writer), and the
    message named only the app; a backup to a file outside the data folder works meanwhile."""
    with DataFolderLock(DataPaths(data), "Casebook"):
        code, err = cli(capsys, data, "backup")
        assert code == 3 and "casebook backup -o FILE.zip" in err, err
        target = tmp_path / "copy.zip"
        assert cli(capsys, data, "backup", "-o", str(target))[0] == 0
    assert target.is_file()


@pytest.mark.parametrize("command", ["report", "report --all"])
def test_the_data_folder_itself_is_said_to_be_the_data_folder(capsys, data, command):
    """-o <the data folder> read "<path>: it is inside the data folder <path>"."""
    code, err = cli(capsys, data, *COMMANDS[command](str(data)))
    assert code == 2
    assert f"it is the data folder {data.resolve()}," in err, err
    assert "inside the data folder" not in err.split("Choose")[0], err
