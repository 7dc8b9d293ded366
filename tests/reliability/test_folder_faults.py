"""Faults of the data folder on the command line (issue 12): every reader, and a few writers,
against a missing folder or database, a file given as the folder, ``casebook.db`` that is a
folder, an outdated database, a missing audit key, a read-only folder, a full disk, a log that
cannot be written, database and disk errors, ``--limit``/``--offset`` out of range and a
closed pipe. Each ends with its own exit code and a plain message naming the path or option:
no traceback, and no "unexpected error" entry in the log. Readers never create, upgrade or
write anything.

Read-only folder and full disk need a mount (as root, chmod stops nothing): the commands run
in-process in one subprocess under ``unshare -m`` (a read-only bind mount; a 1 MB tmpfs; for
the full disk ``RLIMIT_FSIZE`` is the fallback). Where that is unavailable these tests skip
with the reason, and fail instead when ``CI=true``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError as SAOperationalError

from core.cli import main
from core.services.cases import CaseService
from core.services.interchange import InterchangeService
from core.services.search import SearchService
from tests.conftest import DATA, REFERENCE_CASEBOOK

ROOT = Path(__file__).resolve().parents[2]
CASE = "SEED-C1-CAO2023"
READERS = [["list"], ["list", "--json"], ["show", CASE], ["show", CASE, "--json"],
           ["search", "blinatumomab"], ["search", "--json", "dx:C91.0"], ["check"],
           ["audit", "verify"], ["audit", "show", CASE], ["backup", "--list"],
           ["report", CASE, "--deidentified", "-o", "{out}/summary.pdf", "--force"]]
NEEDS_DATABASE = [r for r in READERS if r != ["backup", "--list"]]
WRITERS = [["import", str(REFERENCE_CASEBOOK), "--as-new"], ["demo", "--cases", "1"]]
LOG_ERROR = "--- Logging error ---"


@dataclass
class Result:
    args: list[str]
    code: int
    out: str
    err: str

    def plain(self, code: int, *words: str) -> None:
        """Exit ``code``, every word in the message, no traceback, not the catch-all."""
        assert self.code == code, self
        for word in words:
            assert word in self.err, (word, self)
        for bad in ("Traceback", "Unexpected error", LOG_ERROR, "Exception ignored"):
            assert bad not in self.err and bad not in self.out, (bad, self)


def cli(capsys, folder: Path, args: list[str], out: Path | None = None) -> Result:
    args = [a.replace("{out}", str(out)) for a in args]
    code = main(["--data-dir", str(folder), *args])
    captured = capsys.readouterr()
    return Result(args, code, captured.out, captured.err)


def assert_no_catch_all(folder: Path) -> None:
    log = folder / "casebook.log"
    if log.is_file():
        assert "unexpected error" not in log.read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file but the log and SQLite's own -wal/-shm, by content."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and p.name != "casebook.log" and not p.name.endswith(("-wal", "-shm"))}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "data"
    assert main(["--data-dir", str(folder), "import", str(REFERENCE_CASEBOOK)]) == 0
    assert main(["--data-dir", str(folder), "backup"]) == 0
    return folder


@pytest.fixture
def folder(template, tmp_path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "data"))


@pytest.fixture
def out(tmp_path) -> Path:
    (tmp_path / "out").mkdir()
    return tmp_path / "out"


# -- the folder is not what it should be ---------------------------------------------------

def test_a_missing_folder_is_named_and_not_created(tmp_path, out, capsys):
    nowhere = tmp_path / "nowhere"
    for args in READERS:
        cli(capsys, nowhere, args, out).plain(1, str(nowhere), "no data folder")
    assert not nowhere.exists()


def test_a_folder_without_a_database_stays_empty(tmp_path, out, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in NEEDS_DATABASE:
        cli(capsys, empty, args, out).plain(1, str(empty), "casebook.db is missing")
    cli(capsys, empty, ["backup", "--list"]).plain(0, "0 backup(s)")
    assert sorted(p.name for p in empty.iterdir()) in ([], ["casebook.log"])


def test_a_file_given_as_the_data_folder(tmp_path, out, capsys):
    given = tmp_path / "notes.txt"
    given.write_text("not a folder")
    for args in READERS + WRITERS:
        cli(capsys, given, args, out).plain(2, str(given), "is a file, not a folder")
    assert given.read_text() == "not a folder"


def test_casebook_db_that_is_a_folder(folder, out, capsys):
    db = folder / "casebook.db"
    db.unlink()
    (db / "inside").mkdir(parents=True)
    for args in READERS + WRITERS:
        if args == ["backup", "--list"]:
            cli(capsys, folder, args).plain(0, "1 backup(s)")
        else:
            cli(capsys, folder, args, out).plain(1, str(db), "not a database file")
    assert db.is_dir() and (db / "inside").is_dir()
    assert_no_catch_all(folder)


# -- readers write nothing ------------------------------------------------------------------

def test_readers_create_change_and_upgrade_nothing(folder, out, capsys):
    before = snapshot(folder)
    for args in READERS:
        cli(capsys, folder, args, out).plain(0)
    assert snapshot(folder) == before
    assert_no_catch_all(folder)


def test_an_outdated_database_is_not_upgraded_by_a_reader(tmp_path, out, capsys):
    old = Path(shutil.copytree(DATA / "v1-casebook", tmp_path / "v1"))
    before = snapshot(old)
    for args in NEEDS_DATABASE:
        cli(capsys, old, args, out).plain(1, str(old / "casebook.db"), "must be upgraded")
    assert snapshot(old) == before  # no upgrade, no pre-migration backup
    assert main(["--data-dir", str(old), "reindex"]) == 0  # a writer upgrades it
    capsys.readouterr()
    cli(capsys, old, ["list"]).plain(0)


def test_a_missing_audit_key_is_reported_not_created(folder, out, capsys):
    key = folder / "config" / "audit.key"
    key.unlink()
    for args in READERS:
        if args in (["check"], ["audit", "verify"]):
            cli(capsys, folder, args, out).plain(1)
        else:
            cli(capsys, folder, args, out).plain(0)
    result = cli(capsys, folder, ["audit", "verify"])
    assert str(key) in result.out and "missing" in result.out
    assert not key.exists()
    assert_no_catch_all(folder)


def test_changes_left_in_the_wal_of_a_read_only_folder_are_not_hidden(folder, tmp_path,
                                                                      monkeypatch, capsys):
    """Without a WAL index the only read-only open is immutable=1, which would not see the
    changes still in casebook.db-wal: refused, naming both."""
    from core.store import engine

    con = sqlite3.connect(folder / "casebook.db", isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE fault_probe (x)")  # committed, but only in the WAL
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*-shm"))
    con.close()
    assert (copy / "casebook.db-wal").stat().st_size > 0
    monkeypatch.setattr(engine, "can_index", lambda _folder: False)
    monkeypatch.setattr("core.services.can_index", lambda _folder: False)
    monkeypatch.setattr("core.store.summaries.can_write", lambda _path: False)
    cli(capsys, copy, ["list"]).plain(1, str(copy), "casebook.db-wal", "read-only")


# -- options, logs, errors --------------------------------------------------------------------

@pytest.mark.parametrize("args, option", [
    (["list", "--limit", str(10**20)], "--limit"), (["list", "--limit", "-1"], "--limit"),
    (["list", "--limit", "many"], "--limit"),
    (["search", "x", "--limit", str(10**20)], "--limit"),
    (["search", "x", "--offset", str(10**20)], "--offset"),
    (["search", "x", "--offset", "-5"], "--offset")])
def test_limit_and_offset_out_of_range(folder, capsys, args, option):
    cli(capsys, folder, args).plain(2, option)
    assert_no_catch_all(folder)


def test_a_log_that_cannot_be_written_stays_silent(folder, out, capsys):
    log = folder / "casebook.log"
    log.unlink()
    log.mkdir()  # every write to the log fails
    for args in READERS + WRITERS:
        cli(capsys, folder, args, out).plain(0)
    assert log.is_dir()


@pytest.mark.expected_errors("an unexpected error in a command is logged")
def test_unexpected_errors_name_the_command_line(folder, monkeypatch, capsys):
    def broken(*_args, **_kwargs):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(CaseService, "list_cases", broken)
    monkeypatch.setattr("core.store.summaries.read_summaries", broken)  # the quick way too
    result = cli(capsys, folder, ["list", "--sort", "title"])
    assert result.code == 1 and "Unexpected error" in result.err
    logged = (folder / "casebook.log").read_text(encoding="utf-8")
    assert f"unexpected error running casebook --data-dir {folder} list --sort title" in logged


def raising(exc: BaseException):
    def fail(*_args, **_kwargs):
        raise exc
    return fail


@pytest.mark.expected_errors("disk and database faults are logged by the command line")
@pytest.mark.parametrize("target, exc, args, code, words", [
    (CaseService.list_cases, sqlite3.OperationalError("disk I/O error"), ["list"], 1,
     ["casebook.db", "could not be read"]),
    (SearchService.search, SAOperationalError("SELECT", {}, sqlite3.OperationalError(
        "unable to open database file")), ["search", "x"], 1, ["casebook.db", "could not be read"]),
    (InterchangeService.import_files, SAOperationalError("INSERT", {}, sqlite3.OperationalError(
        "database or disk is full")), WRITERS[0], 1, ["casebook.db", "disk is full"]),
    (InterchangeService.import_files, OSError(errno.ENOSPC, "No space left on device",
                                               "{folder}/drafts.tmp"), WRITERS[0], 1,
     ["{folder}/drafts.tmp", "disk is full"]),
    (InterchangeService.import_files, OSError(errno.EACCES, "Permission denied",
                                               "{folder}/config"), WRITERS[0], 2,
     ["{folder}/config", "no permission"]),
    (InterchangeService.import_files, OSError(errno.EIO, "Input/output error",
                                               "{folder}/casebook.db"), WRITERS[0], 1,
     ["{folder}/casebook.db", "disk error"]),
    (CaseService.open_case, OSError(errno.EROFS, "Read-only file system", "{folder}/x"),
     ["show", CASE], 2, ["{folder}/x", "read-only"]),
    (InterchangeService.import_files, OSError(errno.ENOTDIR, "Not a directory",
                                               "{folder}/backups"), WRITERS[0], 1,
     ["{folder}/backups", "expected a folder"]),
    (CaseService.list_cases, OSError(errno.ENOENT, "No such file or directory",
                                     "{folder}/config"), ["list"], 1,
     ["{folder}/config", "does not exist"]),
], ids=["read-io", "read-open", "write-full", "oserror-full", "oserror-access", "oserror-io",
        "oserror-rofs", "oserror-notdir", "oserror-gone"])
def test_disk_and_database_errors_are_plain(folder, monkeypatch, capsys, target, exc, args,
                                            code, words):
    if isinstance(exc, OSError):
        exc = OSError(exc.errno, exc.strerror, exc.filename.replace("{folder}", str(folder)))
    owner = {CaseService.list_cases: CaseService, CaseService.open_case: CaseService,
             SearchService.search: SearchService,
             InterchangeService.import_files: InterchangeService}[target]
    if target is CaseService.list_cases:  # `list` reads an ordinary folder without it
        monkeypatch.setattr("core.store.summaries.read_summaries", raising(exc))
    monkeypatch.setattr(owner, target.__name__, raising(exc))
    cli(capsys, folder, args).plain(code, *[w.replace("{folder}", str(folder)) for w in words])
    assert_no_catch_all(folder)


# -- a closed pipe --------------------------------------------------------------------------

def casebook(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "core.cli", "--data-dir", str(folder), *args]


@pytest.mark.parametrize("args", [["list"], ["search", "--json", "blinatumomab"],
                                  ["show", "--json", CASE]])
def test_a_closed_pipe_ends_quietly(folder, args):
    """The reader is gone before the first write (``casebook list | true``)."""
    proc = subprocess.Popen(casebook(folder, *args), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    for bad in ("Traceback", "Error", "Exception ignored", "Unexpected"):
        assert bad not in err, err
    assert_no_catch_all(folder)


def test_a_pipe_into_head(folder):
    command = " ".join(f"'{a}'" for a in casebook(folder, "show", "--json", CASE))
    result = subprocess.run(["sh", "-c", f"{command} | head -c 20"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and len(result.stdout) == 20
    assert result.stderr == ""


# -- read-only folder and full disk (a mount, in a subprocess) ----------------------------

# a private mount namespace; a user that is not root maps itself to root in a user namespace
UNSHARE = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-r", "-m"]


@cache
def mounts_unavailable() -> str | None:
    """Why ``unshare -m`` with mounts cannot run here (None when it can)."""
    if os.environ.get("CASEBOOK_TEST_NO_MOUNTS"):  # to try the fallbacks
        return "mounts turned off by CASEBOOK_TEST_NO_MOUNTS"
    if not shutil.which("unshare"):
        return "unshare (util-linux) is not installed"
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"casebook-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        done = subprocess.run([*UNSHARE, "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs '
                               '"$0" && mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"',
                               str(probe)], capture_output=True, text=True, timeout=30)
    finally:
        probe.rmdir()
    if done.returncode:
        return f"unshare -m with mounts failed here: {done.stderr.strip()}"
    return None


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and this fault cannot be staged: {reason}")
    pytest.skip(reason)


def in_mount(setup: str, folder: Path, plan: list[dict], *, unshare: bool = True,
             preexec=None) -> list[dict]:
    """Run ``plan`` (see fault_driver) with ``setup`` mounted in a private mount namespace."""
    driver = [sys.executable, "-m", "tests.reliability.fault_driver", str(folder),
              json.dumps(plan)]
    if unshare:
        command = [*UNSHARE, "sh", "-c", f'{setup} && exec "$@"', str(folder), *driver]
    else:
        command = driver
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=env, preexec_fn=preexec)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and LOG_ERROR not in done.stderr, done.stderr
    return json.loads(done.stdout)


def results(steps: list[dict]) -> list[Result]:
    return [Result(s["args"], s["code"], s["out"], s["err"]) for s in steps if "args" in s]


def test_a_read_only_folder_can_be_read(folder, out):
    reason = mounts_unavailable()
    if reason:
        skip_or_fail(reason)
    before = snapshot(folder)
    plan = [{"run": [a.replace("{out}", str(out)) for a in args]} for args in READERS]
    plan += [{"run": args} for args in [*WRITERS, ["reindex"], ["backup"]]]
    steps = results(in_mount('mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"',
                             folder, plan))
    for result in steps[:len(READERS)]:
        result.plain(0)
    assert "2 case(s)" in steps[0].err
    for result in steps[len(READERS):]:
        result.plain(2, str(folder), "is read-only")
    assert snapshot(folder) == before
    assert_no_catch_all(folder)


def test_a_full_disk(folder, out):
    """A full disk: readers still read (immutable=1: no WAL index can be made), writers say
    the disk is full and leave the database whole, and the log stays quiet."""
    reason = mounts_unavailable()
    unshare = reason is None
    if not unshare and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the full disk cannot be staged with a mount: {reason}")
    source = folder.parent / "source"
    folder.rename(source)
    folder.mkdir()
    readers = [{"run": [a.replace("{out}", str(out)) for a in args]} for args in READERS]
    writers = [{"run": args} for args in WRITERS]
    if unshare:
        plan = [{"fill": 0}, *readers, *writers, {"unfill": True}, {"inspect": True},
                {"fill": 24 * 1024}, *writers, {"unfill": True}, {"inspect": True},
                {"run": ["audit", "verify"]}]
        steps = in_mount('mount -t tmpfs -o size=1m tmpfs "$0" && cp -a "$0/../source/." "$0"',
                         folder, plan)
    else:  # fallback: no file may grow past a limit (a full disk for the writers only)
        shutil.copytree(source, folder, dirs_exist_ok=True)
        limit = 40 * 1024  # room for the WAL index (32 KiB), not for the import's WAL

        def small_files() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        readers, plan = [], [*writers, {"inspect": True}, {"run": ["audit", "verify"]}]
        steps = in_mount("", folder, plan, unshare=False, preexec=small_files)
    ran = results(steps)
    for result in ran[:len(readers)]:
        result.plain(0)
    writes = ran[len(readers):-1]
    assert writes
    for result in writes:  # past RLIMIT_FSIZE, SQLite sees a disk I/O error (EFBIG)
        result.plain(1, "disk is full" if unshare else "nothing was saved", str(folder))
    inspected = [s for s in steps if "integrity" in s]
    assert all(s["integrity"] == "ok" for s in inspected)
    assert len({(s["cases"], s["audit"]) for s in inspected}) == 1  # nothing half-written
    ran[-1].plain(0)
    assert ran[-1].out.startswith("OK")
    if not unshare:
        pytest.skip(f"readers on a full disk were not tried: {reason}")
