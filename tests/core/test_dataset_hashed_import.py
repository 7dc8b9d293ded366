"""A dataset exported with hashed case ids (`--hash-ids`: H-3f9c0a…, no Casebook id) imports
with `--as-new`, each case under a new id, into any data folder; without it the import says
once what to do. Before, every case was refused, with or without --as-new, with "a case id is
HC-, SEED-, SYN- or DEMO- …", while the dictionary's case_id note said to import it into an
empty data folder (which refused it the same)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from core.cli import main
from core.io.dataset_mark import HASHED_IDS
from tests.conftest import REFERENCE_CASEBOOK


@pytest.fixture
def hashed(tmp_path: Path) -> dict[str, Path]:
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    out = {}
    for fmt, name in (("csv", "hashed.zip"), ("xlsx", "hashed.xlsx")):
        out[fmt] = tmp_path / name
        assert main(["export", "--format", fmt, "--hash-ids", "--shift-dates", "--confirm-phi",
                     "-o", str(out[fmt])]) == 0
    return out


def _stored(folder: Path, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"{folder.name}.json"
    assert main(["--data-dir", str(folder), "export", "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_as_new_imports_a_hashed_dataset_under_new_ids(hashed, tmp_path: Path, capsys,
                                                       fmt: str) -> None:
    empty = tmp_path / f"empty-{fmt}"
    capsys.readouterr()
    assert main(["--data-dir", str(empty), "import", str(hashed[fmt])]) == 1
    err = capsys.readouterr().err
    assert err.count(HASHED_IDS) == 1 and "a case id is HC-" not in err
    assert "1 problem found; nothing was written." in err
    assert main(["--data-dir", str(empty), "import", "--as-new", str(hashed[fmt])]) == 0
    assert "Imported 2 case(s)" in capsys.readouterr().err
    cases = _stored(empty, tmp_path)
    assert len(cases) == 2 and all(c["case_id"].startswith("HC-") for c in cases)
    assert sorted(c["case_report"]["title"] for c in cases) == sorted(
        c["case_report"]["title"] for c in json.loads(REFERENCE_CASEBOOK.read_text())["cases"])
    # and beside the cases they came from: new ids, nothing replaced
    assert main(["import", "--as-new", str(hashed[fmt])]) == 0
    assert len(_stored(tmp_path / "casebook-home", tmp_path)) == 4


def test_the_dictionary_says_what_imports_a_hashed_dataset(hashed) -> None:
    with zipfile.ZipFile(hashed["csv"]) as zf:
        text = zf.read("data_dictionary.csv").decode("utf-8-sig")
    note = next(r["Field Note"] for r in csv.DictReader(io.StringIO(text))
                if r["Variable / Field Name"] == "case_id")
    assert "casebook import --as-new imports its cases under new ids" in note
    assert "empty data folder" not in note
