"""``casebook restore`` given what is no backup says why in words: a PDF or a JSON file is
"neither a backup folder nor a backup .zip file" (it said "(File is not a zip file)"), a folder
"holds no manifest.json" (it said "([Errno 2] No such file or directory:
'.../manifest.json')"), a damaged manifest is "damaged". The database is untouched."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from core.cli import main
from core.paths import data_paths
from tests.conftest import REFERENCE_CASEBOOK


def _given(tmp_path, kind):
    if kind == "pdf":
        path = tmp_path / "summary.pdf"
        path.write_bytes(b"%PDF-1.4\n%broken\n")
    elif kind == "json":
        path = tmp_path / "cases.json"
        path.write_text(REFERENCE_CASEBOOK.read_text())
    elif kind == "folder":
        path = tmp_path / "papers"
        path.mkdir()
        (path / "notes.txt").write_text("x")
    elif kind == "damaged":
        path = tmp_path / "backup"
        path.mkdir()
        (path / "manifest.json").write_text("{")
    else:
        path = tmp_path / "other.zip"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("a.txt", "x")
    return path


@pytest.mark.parametrize("kind, why", [
    ("pdf", "it is neither a backup folder nor a backup .zip file"),
    ("json", "it is neither a backup folder nor a backup .zip file"),
    ("folder", "it holds no manifest.json"),
    ("zip", "it holds no manifest.json"),
    ("damaged", "its manifest.json is damaged"),
])
def test_what_is_no_backup_is_said_in_words(tmp_path, capsys, kind, why):
    folder = tmp_path / "data"
    assert main(["--data-dir", str(folder), "import", str(REFERENCE_CASEBOOK)]) == 0
    database = data_paths(str(folder)).database
    before = database.read_bytes()
    path = _given(tmp_path, kind)
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "restore", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path} is not a Casebook backup ({why})." in err
    for words in ("Errno", "File is not a zip", "Expecting", "Traceback"):
        assert words not in err
    assert database.read_bytes() == before
    con = sqlite3.connect(database)
    assert con.execute("SELECT count(*) FROM cases").fetchone() == (2,)
    con.close()
