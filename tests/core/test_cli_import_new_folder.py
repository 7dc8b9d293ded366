"""A failed `casebook import` into a data folder that held no casebook leaves none behind: it
left an empty casebook.db (and config/, backups/, the log, the head's second copy), so the
next command found a casebook that was never meant to exist. A failed import into an existing
casebook still leaves it as it was."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from core.cli import main
from core.cli import progress as cli_progress
from core.store.heads import copy_path
from tests.conftest import REFERENCE_CASEBOOK


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """A file import refuses: a case id that is not one."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "casebook", "schema_version": "1.0.0",
                                "cases": [{"case_id": "X"}]}), encoding="utf-8")
    return path


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _case_ids(folder: Path) -> list[str]:
    con = sqlite3.connect(folder / "casebook.db")
    try:
        return sorted(r[0] for r in con.execute("SELECT id FROM cases"))
    finally:
        con.close()


def test_a_failed_import_into_a_new_folder_leaves_no_casebook(capsys, tmp_path, data_home,
                                                              bad):
    top = tmp_path / "studies"  # the folders above are made for it too
    folder = top / "2024" / "new"
    assert main(["--data-dir", str(folder), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err and "Traceback" not in err
    assert not top.exists()
    assert not copy_path(folder).exists()  # the head's second copy, outside the folder
    # the next command finds no casebook, as before the import
    assert main(["--data-dir", str(folder), "list"]) == 1
    assert "There is no data folder" in capsys.readouterr().err
    # and an import that works starts one as on a first run: no "earlier head" replaced
    assert main(["--data-dir", str(folder), "import", str(REFERENCE_CASEBOOK)]) == 0
    assert _case_ids(folder) == ["SEED-C1-CAO2023", "SEED-C2-CAO2023"]
    log = (folder / "casebook.log").read_text(encoding="utf-8")
    assert "WARNING" not in log and "ERROR" not in log, log


def test_a_failed_import_into_an_empty_folder_leaves_it_as_it_was(capsys, tmp_path, data_home,
                                                                  bad):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["--data-dir", str(folder), "import", str(bad)]) == 1
    assert _tree(folder) == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not copy_path(folder).exists()


def test_ctrl_c_during_an_import_into_a_new_folder_leaves_no_casebook(capsys, monkeypatch,
                                                                     tmp_path, data_home):
    real_show = cli_progress.ProgressBar.show

    def show(self, done, total):
        real_show(self, done, total)
        if done:  # part way through the file
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_progress.ProgressBar, "show", show)
    folder = tmp_path / "new"
    assert main(["--data-dir", str(folder), "import", str(REFERENCE_CASEBOOK)]) == 130
    assert "Import interrupted: nothing was imported." in capsys.readouterr().err
    assert not folder.exists()


def test_a_failed_import_into_an_existing_casebook_leaves_it(capsys, tmp_path, data_home, bad):
    folder = tmp_path / "cases"
    assert main(["--data-dir", str(folder), "import", str(REFERENCE_CASEBOOK)]) == 0
    tree = _tree(folder)
    key = (folder / "config" / "audit.key").read_bytes()
    head = (folder / "config" / "audit-head.json").read_bytes()
    copy = copy_path(folder).read_bytes()
    assert main(["--data-dir", str(folder), "import", str(bad)]) == 1
    assert _tree(folder) == tree
    assert _case_ids(folder) == ["SEED-C1-CAO2023", "SEED-C2-CAO2023"]
    assert (folder / "config" / "audit.key").read_bytes() == key
    assert (folder / "config" / "audit-head.json").read_bytes() == head
    assert copy_path(folder).read_bytes() == copy
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "check"]) == 0, capsys.readouterr()


def test_an_empty_casebook_made_before_is_not_removed(capsys, tmp_path, data_home, bad):
    """A casebook that exists, though empty (the app opened it once), is not the import's."""
    from core.services import open_casebook

    folder = tmp_path / "opened"
    open_casebook(folder).close()  # as the app's first start
    tree = _tree(folder)
    assert main(["--data-dir", str(folder), "import", str(bad)]) == 1
    assert _case_ids(folder) == []
    assert set(_tree(folder)) - {"casebook.lock"} == set(tree)  # every command leaves the lock
    assert (folder / "casebook.db").stat().st_size > 0


def test_what_the_user_put_in_the_folder_during_the_import_stays(tmp_path, data_home):
    """Only the names Casebook makes are removed: a file or folder the user (or another
    program) put into the data folder while the import ran stays, and so does config/ when
    it holds something of theirs (found in review: every new entry was removed)."""
    from contextlib import suppress

    from core.cli.fresh_folder import removed_on_failure
    from core.paths import DataPaths

    root = tmp_path / "study"
    root.mkdir()
    (root / "protocol.txt").write_text("before", encoding="utf-8")
    paths = DataPaths(root)
    with suppress(RuntimeError), removed_on_failure(paths):
        paths.ensure()
        paths.database.write_bytes(b"")
        (root / "casebook.log").write_text("log", encoding="utf-8")
        (root / "casebook.log.1").write_text("log", encoding="utf-8")
        paths.audit_key.write_text("key", encoding="utf-8")
        (root / "meeting-notes.txt").write_text("mine", encoding="utf-8")
        (root / "scans").mkdir()
        (root / "scans" / "ct.png").write_text("image", encoding="utf-8")
        (root / "backups" / "my-copy.db").write_text("mine", encoding="utf-8")
        raise RuntimeError("the import failed")
    assert _tree(root) == ["backups", "backups/my-copy.db", "meeting-notes.txt",
                           "protocol.txt", "scans", "scans/ct.png"]
