"""A de-identified dataset export (shifted or dropped dates, identifiers or free text left out)
never replaces the stored cases: `casebook import --replace` of it refused, naming the file and
why, and nothing stored (found by a review: a --shift-dates export imported with --replace
silently overwrote the real dates). Into a folder where its case ids are not, it still imports.
The export marks itself in the data dictionary; an export without the mark (made before it, or
its dictionary left out) is told by its missing kept columns."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from core.cli import main
from core.paths import data_paths
from tests.conftest import REFERENCE_CASEBOOK


def _stored(home: Path) -> dict[str, tuple[int, str]]:
    """Each stored case's version and document."""
    with sqlite3.connect(data_paths(home).database) as con:
        return {i: (v, d) for i, v, d in con.execute("SELECT id, version, document FROM cases")}


def _exported(capsys, tmp_path, data_home, suffix: str, options: list[str]):
    """The reference cases stored, exported de-identified with ``options`` as a dataset of
    ``suffix``; the dataset and the stored cases as they are then."""
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    dataset = tmp_path / f"dataset{suffix}"
    fmt = "xlsx" if suffix == ".xlsx" else "csv"
    assert main(["export", "--format", fmt, *options, "--confirm-phi", "-o", str(dataset)]) == 0
    capsys.readouterr()
    return dataset, _stored(data_home)


def _error(capsys) -> str:
    return " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize(("suffix", "options", "why"), [
    (".zip", ["--shift-dates"], "exported with shifted dates (de-identified); importing it "
     "would replace the real dates of 2 stored case(s) (SEED-C1-CAO2023, SEED-C2-CAO2023)."),
    ("", ["--drop-dates"], "exported without its calendar dates (de-identified); importing it "
     "would replace the calendar dates of 2 stored case(s)"),
    (".xlsx", ["--shift-dates", "--drop-text"], "exported without free text and with shifted "
     "dates (de-identified); importing it would replace the free text and the real dates of 2 "
     "stored case(s)"),
])
def test_a_deidentified_dataset_does_not_replace_stored_cases(capsys, tmp_path, data_home,
                                                              suffix, options, why):
    dataset, before = _exported(capsys, tmp_path, data_home, suffix, options)

    assert main(["import", "--replace", str(dataset)]) == 1
    message = _error(capsys)
    assert f"{dataset}: this dataset was {why}" in message
    assert ("Import its cases as new ones under new ids (--as-new), or into a new, empty "
            "data folder, or use an identified export.") in message
    assert _stored(data_home) == before  # nothing replaced

    # a colleague's empty folder: imported as today
    other = tmp_path / "colleague"
    assert main(["--data-dir", str(other), "import", "--replace", str(dataset)]) == 0
    assert "Imported 2 case(s), replaced 0" in _error(capsys)
    assert set(_stored(other)) == set(before)


def test_an_export_without_the_mark_is_told_by_its_missing_kept_columns(capsys, tmp_path,
                                                                       data_home):
    """A de-identified export made before the mark: no dictionary mark, no kept column."""
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    dataset = tmp_path / "dataset"
    assert main(["export", "--format", "csv", "--shift-dates", "--confirm-phi", "-o",
                 str(dataset)]) == 0
    (dataset / "data_dictionary.csv").unlink()
    capsys.readouterr()
    before = _stored(data_home)
    assert main(["import", "--replace", str(dataset)]) == 1
    assert "exported without kept columns, as a de-identified export is (de-identified)" \
        in _error(capsys)
    assert _stored(data_home) == before


def test_the_dictionary_marks_a_deidentified_export(tmp_path, data_home, capsys):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    plain, shifted = tmp_path / "plain.zip", tmp_path / "shifted.zip"
    assert main(["export", "--format", "csv", "-o", str(plain)]) == 0
    assert main(["export", "--format", "csv", "--shift-dates", "--confirm-phi", "-o",
                 str(shifted)]) == 0
    for path, mark in ((plain, None), (shifted, "de-identified: dates shifted")):
        with zipfile.ZipFile(path) as zf:
            text = zf.read("data_dictionary.csv").decode("utf-8-sig")
        case_row = next(line for line in text.splitlines() if line.startswith("case_id,"))
        assert (mark in case_row) if mark else "de-identified" not in case_row
    # an identified export still replaces (left as they are: the same content)
    capsys.readouterr()
    assert main(["import", "--replace", str(plain)]) == 0
    assert "2 unchanged" in _error(capsys)


@pytest.mark.parametrize(("suffix", "options", "how"), [
    (".zip", ["--shift-dates"], "with shifted dates"),
    ("", ["--drop-dates"], "without its calendar dates"),
    (".xlsx", ["--drop-identifiers", "--drop-text"],
     "without identifiers and without free text"),
])
def test_a_collision_does_not_suggest_replace_for_a_deidentified_dataset(capsys, tmp_path,
                                                                          data_home, suffix,
                                                                          options, how):
    """`casebook import` of a de-identified dataset whose ids are stored here: the message
    said "(use --replace or --as-new)", and --replace is refused. It now says why not and
    what works; --as-new, which it names, imports the cases beside the stored ones."""
    dataset, before = _exported(capsys, tmp_path, data_home, suffix, options)

    assert main(["import", str(dataset)]) == 1
    message = _error(capsys)
    assert "--replace" not in message
    for case_id in ("SEED-C1-CAO2023", "SEED-C2-CAO2023"):
        assert (f"{dataset}, case {case_id}, case_id: a case with this id already exists, and "
                "this is a de-identified dataset: it cannot replace stored cases (it was "
                f"exported {how}); use --as-new to import its cases under new ids, or import "
                "it into a new, empty data folder") in message
    assert "2 problems found; nothing was written." in message
    assert _stored(data_home) == before

    assert main(["import", "--as-new", str(dataset)]) == 0  # what the message offers works
    assert "Imported 2 case(s), replaced 0" in _error(capsys)
    after = _stored(data_home)
    assert len(after) == 4 and {i: after[i] for i in before} == before


def test_a_collision_with_an_identified_file_still_suggests_replace(capsys, data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    capsys.readouterr()
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 1
    message = _error(capsys)
    assert "case SEED-C1-CAO2023, case_id: a case with this id already exists (use --replace " \
        "or --as-new)" in message
    assert "de-identified" not in message
