"""A stored case whose document the model cannot read (changed outside Casebook, or saved by
another version): each command that opens it says which case, which field in words and what is
wrong, with exit 1 and no "Unexpected error" (it printed pydantic's ValidationError: "patient.sex
Input should be ... [type=literal_error, input_value='F', input_type=str] For further
information visit https://errors.pydantic.dev/..."). Nothing is written."""

from __future__ import annotations

import json
import sqlite3

import pytest

from core.cli import main
from core.paths import data_paths
from tests.conftest import REFERENCE_CASEBOOK

CASE = "SEED-C1-CAO2023"
RAW_WORDS = ("Unexpected", "ValidationError", "Input should", "type=", "input_value",
             "pydantic", "patient.sex", "Traceback")


@pytest.fixture
def folder(tmp_path, capsys):
    root = tmp_path / "data"
    assert main(["--data-dir", str(root), "import", str(REFERENCE_CASEBOOK)]) == 0
    capsys.readouterr()
    return root


def _store(root, document: str) -> None:
    con = sqlite3.connect(data_paths(str(root)).database)
    with con:
        con.execute("UPDATE cases SET document = ? WHERE id = ?", (document, CASE))
    con.close()


def _sex_f(root) -> None:
    con = sqlite3.connect(data_paths(str(root)).database)
    doc = json.loads(con.execute("SELECT document FROM cases WHERE id = ?", (CASE,)).fetchone()[0])
    con.close()
    doc["patient"]["sex"] = "F"
    _store(root, json.dumps(doc))


def _state(root) -> list:
    con = sqlite3.connect(f"file:{data_paths(str(root)).database}?mode=ro", uri=True)
    try:
        return [*con.execute("SELECT id, version, document FROM cases ORDER BY id"),
                *con.execute("SELECT count(*) FROM audit")]
    finally:
        con.close()


@pytest.mark.parametrize("command", [
    ["show", CASE], ["show", "--json", CASE], ["export", CASE, "-o", "{tmp}/out.json"],
    ["export", "--format", "csv", "-o", "{tmp}/csv"], ["report", CASE, "-o", "{tmp}/r.pdf"],
    ["kit", CASE, "-o", "{tmp}/kit"], ["compare", CASE, "SEED-C2-CAO2023"],
])
def test_a_case_the_model_cannot_read_is_named_in_words(folder, tmp_path, capsys, command):
    _sex_f(folder)
    before = _state(folder)
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    assert main(["--data-dir", str(folder), *args]) == 1
    out, err = capsys.readouterr()
    assert (f"Case {CASE} cannot be read: its stored record is damaged or was saved by another "
            "version of Casebook (Patient › Sex: should be 'female', 'male', 'other' or "
            "'unknown' (stored \"F\")). Nothing was changed in the database.") in err
    for words in RAW_WORDS:
        assert words not in out + err, words
    assert _state(folder) == before
    assert not any(p.name in ("out.json", "csv", "r.pdf", "kit") for p in tmp_path.iterdir())


def test_a_document_that_is_no_json_is_said_to_be_damaged(folder, capsys):
    _store(folder, "{not json")
    assert main(["--data-dir", str(folder), "show", CASE]) == 1
    err = capsys.readouterr().err
    assert f"Case {CASE} cannot be read: its stored record is damaged" in err
    assert "(its text is not valid JSON)" in err
    for words in RAW_WORDS:
        assert words not in err, words


def test_reindex_names_the_cases_it_leaves_out(folder, capsys):
    """casebook reindex said 'Indexed 1 case(s)' and nothing of the case it left out (its
    stored record unreadable): it names it, says searches miss it and how to learn why."""
    _sex_f(folder)
    assert main(["--data-dir", str(folder), "reindex"]) == 0
    err = capsys.readouterr().err
    assert "Indexed 1 case(s)" in err
    assert (f"Left out of the index: 1 case(s) whose stored record cannot be read ({CASE}): "
            "searches do not find them. `casebook show <case id>` says what is wrong") in err
    assert not any(word in err for word in RAW_WORDS)
