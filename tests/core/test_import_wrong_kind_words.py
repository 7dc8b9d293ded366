"""A file of another kind given to ``casebook validate`` or ``casebook import`` is named for
what it is, not a JSON parser's complaint ("not valid JSON (Expecting value at line 1, column 1,
near: [here]%PDF-1.4 ...)"): a PDF, a PNG image; a schema version written as a number says how
to write it (it said "'a number' is not a schema version"). Nothing is stored."""

from __future__ import annotations

import sqlite3

import pytest

from core.cli import main

INSTEAD = "import the Casebook JSON export (casebook export, the default format) or the CSV " \
    "dataset (a folder, its .zip or the Excel workbook)"


@pytest.mark.parametrize("name, data, what", [
    ("summary.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document"),
    ("figure.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    ("scan.json", b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
])
def test_a_file_of_another_kind_is_named(tmp_path, capsys, data_home, name, data, what):
    path = tmp_path / name
    path.write_bytes(data)
    for command in ("validate", "import"):
        assert main([command, str(path)]) == 1
        said = capsys.readouterr()
        text = said.out + said.err
        assert f"{path}: this is {what}, not a Casebook file; {INSTEAD}" in text
        assert "not valid JSON" not in text and "Expecting" not in text
    database = data_home / "casebook.db"
    if database.exists():  # the import opened the data folder: it stored nothing
        con = sqlite3.connect(database)
        assert con.execute("SELECT count(*) FROM cases").fetchone() == (0,)
        con.close()


def test_a_schema_version_given_as_a_number_says_how_to_write_it(tmp_path, capsys):
    path = tmp_path / "cases.json"
    path.write_text('{"format": "casebook", "schema_version": 1, "cases": []}')
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert (f'{path}, schema_version: 1 is not a schema version: write it in quotes, "1.0.0" '
            "(the version this Casebook reads)") in out
    assert "'a number'" not in out
