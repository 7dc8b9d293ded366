"""The progress of `casebook import` on stderr reads naturally from its first line: "Reading the
file…" until something is read, never "0/4 KB read" or "0 cases" (found by a review), and a
dataset's progress moves as its cases are read (it said 0 KB until the end)."""

from __future__ import annotations

import io
import re

from core.cli import main
from core.cli.progress import ProgressBar
from core.services import open_casebook
from core.services.datasets import DatasetService
from tests.conftest import REFERENCE_CASEBOOK


def _lines(err: str) -> list[str]:
    """The progress texts drawn (each redraw starts with a carriage return), padding off."""
    return [part.rstrip() for line in err.splitlines() for part in line.split("\r") if part]


def test_a_json_import_starts_with_reading_the_file(capsys):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    lines = _lines(capsys.readouterr().err)
    assert lines[0] == "Reading the file…"
    assert not [line for line in lines if re.search(r"\b0/\d+ KB read|\b0 KB read", line)]
    assert lines[-1] == "Imported 2 case(s), replaced 0, from 1 file(s)."


def test_a_dataset_import_counts_its_cases_read(capsys, tmp_path, reference_cases):
    source = open_casebook(tmp_path / "source", user="dr.test")
    try:
        source.cases.import_cases(reference_cases)
        DatasetService(source.interchange).export(tmp_path / "folder", "csv")
    finally:
        source.close()
    assert main(["import", str(tmp_path / "folder")]) == 0
    lines = _lines(capsys.readouterr().err)
    assert lines[0] == "Reading the file…"
    bars = [line for line in lines if line.endswith("KB read")]
    done = [int(re.search(r"\] (\d+)/", line).group(1)) for line in bars]  # type: ignore[union-attr]
    assert done == sorted(done) and 0 < done[0] < done[-1]  # the folder's share moved it on
    assert lines[-1] == "Imported 2 case(s), replaced 0, from 1 file(s)."


def test_the_bar_says_what_it_starts_with_then_counts():
    stream = io.StringIO()
    bar = ProgressBar(stream, unit="cases", starting="Reading the file…", terminal=True)
    assert bar.text(0, None) == bar.text(0, 10) == "Reading the file…"
    assert bar.text(3, None) == "3 cases"
    bar.show(0, None)
    bar.show(2, None)
    bar.end()
    # the shorter count blanks out the rest of the starting text it is drawn over
    assert stream.getvalue() == "\rReading the file…\r2 cases" + " " * 10 + "\n"
    assert ProgressBar(io.StringIO(), unit="KB read").text(0, 4) == \
        "[..............................] 0/4 KB read"  # no starting text: as before
