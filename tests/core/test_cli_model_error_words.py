"""A file the model cannot read: ``casebook validate`` and ``casebook import`` name each field
from the editor's section list and say what is wrong in plain words, never pydantic's own lines
("Input should be ...", "[type=literal_error, input_value=...]", "errors.pydantic.dev");
``validate --json`` keeps the field path for programs. Nothing is stored."""

from __future__ import annotations

import json
import sqlite3

from core.cli import main
from core.paths import data_paths
from tests.conftest import REFERENCE_CASEBOOK

RAW_WORDS = ("Input should", "type=", "input_value", "pydantic", "Extra inputs",
             "patient.sex", "treatment_lines[", "labs[")


def _broken(tmp_path):
    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    case = doc["cases"][0]
    case["patient"]["sex"] = "F"
    case["patient"]["age_at_day0"] = "thirty-four"
    case["treatment_lines"][0]["administrations"][2]["dose_typo"] = 750
    case["labs"][0]["day"] = "yesterday"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc))
    return path


def _saying(text: str) -> None:
    for words in RAW_WORDS:
        assert words not in text, (words, text)
    assert "Patient › Sex: should be 'female', 'male', 'other' or 'unknown' (got \"F\")" in text
    assert "Patient › Age at Day 0: should be a whole number (got \"thirty-four\")" in text
    assert ("Treatment › Treatment lines › row 1 › Administrations › row 3: unknown field "
            "\"dose_typo\"") in text
    assert "Labs › Laboratory results › row 1 › When: 'yesterday' is not a date" in text


def test_validate_names_fields_in_words(capsys, tmp_path):
    path = _broken(tmp_path)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    _saying(out)
    assert f"error  {path}, case SEED-C1-CAO2023, Patient › Sex: " in out
    assert "1 case(s) read, 4 error(s)." in err  # the file's second case is sound


def test_validate_json_keeps_the_paths(capsys, tmp_path):
    assert main(["validate", "--json", str(_broken(tmp_path))]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {p["path"] for p in problems} == {
        "patient.sex", "patient.age_at_day0", "labs[0].day",
        "treatment_lines[0].administrations[2].dose_typo"}
    assert {p["place"] for p in problems if p["path"] == "patient.sex"} == {"Patient › Sex"}


def test_import_names_fields_in_words_and_stores_nothing(capsys, tmp_path):
    folder = tmp_path / "data"
    assert main(["--data-dir", str(folder), "import", str(REFERENCE_CASEBOOK)]) == 0
    database = data_paths(str(folder)).database
    before = _rows(database)
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "import", "--as-new", str(_broken(tmp_path))]) == 1
    err = capsys.readouterr().err
    _saying(err)
    assert "4 problems found; nothing was written." in err
    assert _rows(database) == before


def _rows(database) -> list[tuple]:
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return con.execute("SELECT id, version, document FROM cases ORDER BY id").fetchall() + \
            con.execute("SELECT count(*) FROM audit").fetchall()
    finally:
        con.close()


def test_attach_says_a_bad_day_once(tmp_path, capsys):
    """`casebook attach --day` with no date says the day given once, quoted, and what is wrong
    (it said "Day '2023-13-45': '2023-13-45': there is no month 13")."""
    from PIL import Image

    folder = tmp_path / "data"
    assert main(["--data-dir", str(folder), "import", str(REFERENCE_CASEBOOK)]) == 0
    before = _rows(data_paths(str(folder)).database)
    picture = tmp_path / "smear.png"
    Image.new("RGB", (40, 40)).save(picture)
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "attach", "SEED-C1-CAO2023", str(picture),
                 "--figure", "3", "--day", "2023-13-45"]) == 1
    assert capsys.readouterr().err == "Day: '2023-13-45': there is no month 13\n"
    assert _rows(data_paths(str(folder)).database) == before
