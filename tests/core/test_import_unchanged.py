"""`casebook import --replace` leaves a case whose content is the stored one as it is: no new
version, no audit entry, and the summary counts it unchanged (found by a review: re-importing
an unchanged export gave every case a new version with no change). A locked case as stored
needs no reason, since nothing is amended."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from core.cli import main
from core.paths import data_paths
from core.services import open_casebook
from tests.conftest import REFERENCE_CASEBOOK


def _rows(home: Path) -> tuple[dict[str, int], int]:
    """Each case's version and the number of audit entries."""
    with sqlite3.connect(data_paths(home).database) as con:
        versions = dict(con.execute("SELECT id, version FROM cases").fetchall())
        return versions, con.execute("SELECT count(*) FROM audit").fetchone()[0]


def _last_line(capsys) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_replacing_with_the_same_cases_changes_nothing(capsys, tmp_path, data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    exported = tmp_path / "export.json"
    dataset = tmp_path / "dataset.zip"
    assert main(["export", "-o", str(exported)]) == 0
    assert main(["export", "--format", "csv", "-o", str(dataset)]) == 0
    capsys.readouterr()
    before = _rows(data_home)
    assert set(before[0].values()) == {1}

    for source in (exported, dataset, REFERENCE_CASEBOOK):
        assert main(["import", "--replace", str(source)]) == 0
        assert _last_line(capsys) == ("Imported 0 case(s), replaced 0, 2 unchanged (left as "
                                      "they were), from 1 file(s).")
        assert _rows(data_home) == before  # no new version, no audit entry

    # one case changed: that one is replaced, the other left as it was
    doc = json.loads(exported.read_text("utf-8"))
    doc["cases"][0]["case_report"]["title"] = "A corrected title"
    exported.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", "--replace", str(exported)]) == 0
    assert _last_line(capsys) == ("Imported 0 case(s), replaced 1, 1 unchanged (left as they "
                                  "were), from 1 file(s).")
    versions, entries = _rows(data_home)
    changed = doc["cases"][0]["case_id"]
    assert versions[changed] == 2 and entries > before[1]
    assert {v for k, v in versions.items() if k != changed} == {1}


def test_a_locked_case_as_stored_needs_no_reason(capsys, tmp_path, data_home):
    doc = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))
    doc["cases"][0].update(status="locked", locked_by="dr.test", locked_at="2024-01-02T10:00:00Z")
    source = tmp_path / "locked.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", str(source)]) == 0
    before = _rows(data_home)
    assert main(["import", "--replace", str(source)]) == 0  # no --reason: nothing is amended
    assert "replaced 0, 2 unchanged" in _last_line(capsys)
    assert _rows(data_home) == before


def test_the_service_reports_unchanged_cases(tmp_path):
    casebook = open_casebook(tmp_path / "folder", user="dr.test")
    try:
        casebook.interchange.import_files([REFERENCE_CASEBOOK])
        report = casebook.interchange.import_files([REFERENCE_CASEBOOK], mode="replace")
        assert (report.imported, report.replaced, report.unchanged) == (0, 0, 2)
        assert casebook.cases.open_case("SEED-C1-CAO2023").version == 1
    finally:
        casebook.close()
