"""Start-up removes what interrupted backups, restores and writes left in the data folder
(issue 12): hidden .partial-*/.restore-* folders holding a copy of the database, and *.tmp
files beside the audit key, head and zipped backups. What it removes is logged; the database,
its backups and a damaged file kept aside are left alone."""

from __future__ import annotations

from core.cli import main
from core.paths import DataPaths
from core.services import open_casebook
from tests.conftest import REFERENCE_CASEBOOK


def plant_leftovers(paths: DataPaths) -> list:
    partial = paths.backups / ".partial-0123abcd"
    restore = paths.backups / ".restore-4567efgh"
    for folder in (partial, restore):
        folder.mkdir(parents=True)
        (folder / "casebook.db").write_bytes(paths.database.read_bytes())
    files = [paths.backups / "casebook-20261201T000000-000-daily.zip.tmp",
             paths.root / "config" / "audit-head.tmp", paths.root / "config" / "audit.tmp",
             paths.root / "config" / "settings.tmp", paths.root / "casebook.json.part",
             paths.backups / ".casebook-20261201T000000-000-daily.zip.x1y2.casebook-part"]
    for f in files:
        f.write_text("patient data, half written", encoding="utf-8")
    return [partial, restore, *files]


def test_a_writer_removes_leftovers_and_logs_them(data_home, reference_cases):
    casebook = open_casebook(data_home)
    casebook.cases.import_cases(reference_cases)
    kept = casebook.backups.create().path
    casebook.close()
    paths = DataPaths(data_home)
    aside = paths.root / "casebook.db.damaged-20261201-000000-000000"
    aside.write_bytes(b"kept on purpose")
    planted = plant_leftovers(paths)

    assert main(["--data-dir", str(paths.root), "import", "--as-new",
                 str(REFERENCE_CASEBOOK)]) == 0

    assert [p for p in planted if p.exists()] == []
    assert kept.exists() and aside.read_bytes() == b"kept on purpose"
    log = paths.log_file.read_text(encoding="utf-8")
    for p in planted:
        assert f"removed the leftover of interrupted work {p}" in log
    reopened = open_casebook(paths.root)
    try:
        assert reopened.cases.count_cases() == 4
        assert reopened.maintenance.verify_audit().ok
    finally:
        reopened.close()


def test_a_reader_removes_nothing(data_home, reference_cases, capsys):
    casebook = open_casebook(data_home)
    casebook.cases.import_cases(reference_cases)
    casebook.close()
    planted = plant_leftovers(DataPaths(data_home))
    assert main(["--data-dir", str(data_home), "list"]) == 0
    assert all(p.exists() for p in planted)
