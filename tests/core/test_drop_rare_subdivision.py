"""`casebook export --drop-rare-subdivision` (and the app's "Leave out the subdivision"): a
de-identified dataset export leaves out the subdivision of a case whose extreme age makes it a
rare combination (rule V60), as the de-identified PDF does, instead of stopping at it; the
country stays, the files read back hold no subdivision for it, and the audit entry and the
command's output say it was left out. A combination confirmed in the case keeps its
subdivision (a stranger test: the only choices were to export it as is or stop)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from core.cli import main
from tests.core.rare_combination import C1

ARGS = ["export", "--drop-identifiers", "--drop-rare-subdivision"]


def _patient_rows(folder: Path) -> list[dict[str, str]]:
    with open(folder / "patient.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _audit(data_home: Path) -> str:
    with sqlite3.connect(data_home / "casebook.db") as db:
        return db.execute("SELECT new FROM audit WHERE action = 'export' ORDER BY seq DESC"
                          ).fetchone()[0]


def test_the_csv_export_leaves_the_rare_subdivision_out(stored_rare, tmp_path,
                                                         capsys, data_home):
    stored_rare()
    capsys.readouterr()
    out = tmp_path / "deid"
    assert main([*ARGS, "--format", "csv", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "The subdivision was left out of 1 case(s): a rare combination with the age " \
           "(rule V60); the country stays." in err
    [row] = _patient_rows(out)
    assert row["case_id"] == C1 and row["pt_subdivision"] == "" and row["pt_country"] == "CN"
    assert "CN-JS" not in "".join(p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv"))
    audit = _audit(data_home)
    assert "subdivision of a rare combination left out (rule V60)" in audit
    assert "the subdivision left out of 1 case(s), a rare combination with the age" in audit


@pytest.mark.parametrize("fmt, name", [("fhir", "d.fhir.json"), ("odm", "d.odm.xml"),
                                       ("xlsx", "d.xlsx")])
def test_every_dataset_format_leaves_it_out(stored_rare, tmp_path, fmt, name):
    stored_rare()
    out = tmp_path / name
    assert main([*ARGS, "--format", fmt, "-o", str(out)]) == 0
    if fmt == "xlsx":
        book = openpyxl.load_workbook(out, read_only=True)
        text = " ".join(str(v) for sheet in book.worksheets
                        for row in sheet.iter_rows(values_only=True) for v in row if v)
    else:
        text = out.read_text(encoding="utf-8")
    assert "CN-JS" not in text and "CN" in text


def test_a_confirmed_combination_keeps_its_subdivision(stored_rare, tmp_path,
                                                       capsys, data_home):
    stored_rare(confirmed=True)
    capsys.readouterr()
    out = tmp_path / "deid"
    assert main([*ARGS, "--format", "csv", "-o", str(out)]) == 0
    assert [r["pt_subdivision"] for r in _patient_rows(out)] == ["CN-JS"]
    assert "was left out" not in capsys.readouterr().err
    assert "left out of" not in _audit(data_home)


def test_json_refuses_the_option(stored_rare, tmp_path, capsys):
    stored_rare()
    out = tmp_path / "x.json"
    assert main(["export", "--drop-rare-subdivision", "-o", str(out)]) == 2
    assert "a JSON export is the whole record" in capsys.readouterr().err and not out.exists()
