"""core.io.outputs: the checks and the atomic writers on their own (the commands that use them
are tested in tests/reliability/test_output_paths.py)."""

from __future__ import annotations

import errno
import os
import pickle
import stat

import pytest

from core.io.outputs import (
    OutputError,
    atomic_folder,
    atomic_open,
    atomic_write_bytes,
    check_output_path,
    write_error,
)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    (folder / "config").mkdir(parents=True)
    (folder / "backups").mkdir()
    (folder / "casebook.db").write_bytes(b"db")
    return folder


def names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_the_real_device_files_are_refused(data, device):
    with pytest.raises(OutputError, match=f"Refused to write {device}: it is a device"):
        check_output_path(device, data, force=True)
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_new_file_outside_is_returned_with_its_folder_resolved(data, tmp_path):
    (tmp_path / "out").mkdir()
    given = tmp_path / "out" / ".." / "out" / "x.pdf"
    assert check_output_path(given, data, force=False) == tmp_path / "out" / "x.pdf"


def test_backups_may_be_allowed_but_not_the_backups_folder_itself(data):
    backups = data / "backups"
    assert check_output_path(backups / "b.zip", data, force=False, allow_inside=backups)
    with pytest.raises(OutputError, match="inside the data folder"):
        check_output_path(backups, data, force=True, kind="folder", allow_inside=backups)
    with pytest.raises(OutputError, match="inside the data folder"):
        check_output_path(data / "config" / "b.zip", data, force=True, allow_inside=backups)


def test_the_home_folder_is_never_replaced(data, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine")
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputError, match="home folder"):
        check_output_path(home, data, force=True, kind="folder")


def test_output_error_survives_a_worker_process():
    error = write_error("/x/y.pdf", OSError(errno.ENOSPC, "No space left on device"))
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.path, copy.reason) == (str(error), error.path, "the disk is full")


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target, "w", force=True) as fh:
        fh.write("partial")
        raise RuntimeError("the caller failed")
    assert target.read_bytes() == b"old" and names(tmp_path) == ["out.json"]


def test_without_force_a_file_that_appeared_meanwhile_is_kept(tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(OutputError, match="already exists"), \
            atomic_open(target, "wb", force=False) as fh:
        fh.write(b"new")
        target.write_bytes(b"someone else's")
    assert target.read_bytes() == b"someone else's" and names(tmp_path) == ["out.json"]


def test_files_get_the_umask_mode_or_keep_the_replaced_files(tmp_path):
    old_mask = os.umask(0o027)
    try:
        atomic_write_bytes(tmp_path / "new.pdf", b"x", force=False)
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.pdf").st_mode) == 0o640
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(b"old")
    kept.chmod(0o604)
    atomic_write_bytes(kept, b"new", force=True)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604 and kept.read_bytes() == b"new"


def test_a_folder_is_renamed_into_place_and_the_old_one_removed(tmp_path):
    target = tmp_path / "pdfs"
    target.mkdir()
    (target / "old.pdf").write_bytes(b"old")
    with pytest.raises(OutputError, match="not empty"), atomic_folder(target, force=False) as work:
        (work / "a.pdf").write_bytes(b"a")
    assert names(target) == ["old.pdf"] and names(tmp_path) == ["pdfs"]
    with atomic_folder(target, force=True) as work:
        (work / "a.pdf").write_bytes(b"a")
    assert names(target) == ["a.pdf"] and names(tmp_path) == ["pdfs"]


def test_a_file_failing_inside_a_folder_names_the_folder(tmp_path, monkeypatch):
    target = tmp_path / "pdfs"

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError) as caught, atomic_folder(target, force=False) as work:
        atomic_write_bytes(work / "a.pdf", b"a", force=True)
    assert caught.value.path == target and str(caught.value).startswith(f"{target} could not")
    assert names(tmp_path) == []
