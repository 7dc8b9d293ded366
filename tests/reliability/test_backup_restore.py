"""Verified backups: made from a separate connection, checked, rotated, restored identically."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from core.cli import main
from core.errors import DatabaseProblem
from core.lock import DataFolderLock
from core.services.backup import newest_good_backup, restore_backup, verify_backup
from core.store.backup import BackupError, BackupInfo, create_backup, list_backups
from core.store.rotation import due_kind, prune
from core.store.tables import audit, cases
from tests.reliability.conftest import raw


def snapshot(cb) -> tuple[list[tuple], list[tuple]]:
    """Every case row and every audit row, as stored."""
    with cb.ctx.db.read() as conn:
        case_rows = [tuple(r) for r in conn.execute(select(cases).order_by(cases.c.id))]
        audit_rows = [tuple(r) for r in conn.execute(select(audit).order_by(audit.c.seq))]
    return case_rows, audit_rows


def change_things(cb, reference_cases) -> None:
    case = cb.cases.open_case(reference_cases[1].case_id)
    case.patient.age_at_day0 = 33
    cb.cases.save_case(case)
    cb.cases.trash_case(reference_cases[0].case_id)


def test_backup_is_verified_and_described(filled):
    info = filled.backups.create()
    assert info.good and info.cases == 2 and info.kind == "manual"
    assert info.audit_entries == filled.audit.count()
    manifest = json.loads((info.path / "manifest.json").read_text())
    assert manifest["schema_revision"] == info.schema_revision and manifest["sha256"] == info.sha256
    assert {p.name for p in info.path.iterdir()} == {
        "casebook.db", "audit-head.json", "manifest.json"}  # never the key (issue 13)
    assert manifest["key_fingerprint"] and manifest["mac"]
    assert verify_backup(info, filled.ctx.audit.key) == []
    assert filled.backups.list() == [info]


def test_backup_then_restore_gives_identical_cases_and_audit(filled, reference_cases):
    before = snapshot(filled)
    info = filled.backups.create()
    change_things(filled, reference_cases)
    result = filled.backups.restore(info)
    cases_after, audit_after = snapshot(filled)
    assert cases_after == before[0]
    assert audit_after[:-1] == before[1]
    assert audit_after[-1][4] == "backup-restore"  # the restore itself is on the record
    assert filled.audit.verify().ok
    replaced = newest_good_backup(filled.paths)
    assert result.previous == replaced.path and replaced.kind == "pre-restore"
    # the state it replaced is kept: a save (its field and its document hash) and a trash
    assert replaced.audit_entries == len(before[1]) + 3
    filled.cases.save_case(filled.cases.open_case(reference_cases[0].case_id))  # still usable


def test_zip_backup_and_restore_from_the_command_line(filled, reference_cases, tmp_path, capsys):
    before = snapshot(filled)
    target = tmp_path / "copy.zip"
    assert main(["backup", "-o", str(target)]) == 0
    change_things(filled, reference_cases)
    filled.close()
    assert main(["restore", str(target)]) == 0
    assert "kept as" in capsys.readouterr().err
    filled.ctx.db.engine.dispose()
    cases_after, audit_after = snapshot(filled)
    assert cases_after == before[0] and audit_after[:-1] == before[1]
    assert main(["audit", "verify"]) == 0


def test_restore_refuses_while_the_app_holds_the_folder(filled, capsys):
    info = filled.backups.create()
    with DataFolderLock(filled.paths, "Casebook"):
        assert main(["restore", str(info.path)]) == 3
    assert "in use" in capsys.readouterr().err


def test_a_changed_backup_is_neither_offered_nor_restored(filled):
    first = filled.backups.create()
    second = filled.backups.create()
    raw(second.path / "casebook.db").execute("UPDATE cases SET title = 'edited'")
    assert newest_good_backup(filled.paths) == first
    assert "casebook.db in the backup was changed after the backup was made" in verify_backup(
        second, filled.ctx.audit.key)[0]
    with pytest.raises(BackupError, match="cannot be restored"):
        restore_backup(filled.paths, second)


def test_backup_while_the_app_holds_a_write_transaction(filled, reference_cases):
    """From a separate plain connection: never waits for the writer, copies the last commit."""
    with filled.ctx.db.write() as conn:
        conn.execute(cases.update().values(title="uncommitted"))
        info = create_backup(filled.paths, "manual")
    assert info.good and info.cases == 2
    titles = raw(info.path / "casebook.db").execute("SELECT title FROM cases").fetchall()
    assert ("uncommitted",) not in titles


def test_a_broken_chain_is_backed_up_but_not_good(filled, capsys):
    raw(filled.paths.database).execute("UPDATE audit SET user = 'x' WHERE seq = 2")
    assert main(["backup"]) == 1
    assert "audit chain does not verify" in capsys.readouterr().err
    [info] = list_backups(filled.paths)
    assert not info.good and newest_good_backup(filled.paths) is None


def test_daily_backup_once_a_day_and_not_when_turned_off(filled):
    first = filled.backups.run_daily_if_due()
    assert first is not None and first.kind == "weekly" and first.good
    assert first.path.suffix == ".zip" and newest_good_backup(filled.paths) == first
    assert filled.backups.run_daily_if_due() is None
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    if tomorrow.isocalendar()[:2] == dt.date.today().isocalendar()[:2]:
        assert filled.backups.run_daily_if_due(tomorrow).kind == "daily"
    filled.settings.automatic_backups = False
    assert filled.backups.run_daily_if_due(tomorrow + dt.timedelta(days=7)) is None


def test_restore_from_a_zipped_daily_backup(filled, reference_cases):
    before = snapshot(filled)
    daily = filled.backups.run_daily_if_due()
    change_things(filled, reference_cases)
    filled.backups.restore(daily)
    cases_after, audit_after = snapshot(filled)
    assert cases_after == before[0] and audit_after[:-1] == before[1]
    assert not list(filled.paths.backups.glob(".restore-*"))


def test_backup_refused_for_a_damaged_database(filled):
    filled.close()
    db = filled.paths.database
    db.write_bytes(db.read_bytes()[:-4096])
    with pytest.raises(DatabaseProblem, match="damaged, so it was not backed up"):
        create_backup(filled.paths, "manual")
    assert list_backups(filled.paths) == []


# -- rotation -------------------------------------------------------------------------------
def local_noon(day: dt.date) -> str:
    """Noon on ``day`` in the local time zone, as a manifest's UTC timestamp."""
    noon = dt.datetime.combine(day, dt.time(12)).astimezone().astimezone(dt.UTC)
    return noon.isoformat().replace("+00:00", "Z")


def fake_backup(folder: Path, day: dt.date, kind: str, good: bool = True) -> BackupInfo:
    created = local_noon(day)
    path = folder / f"fake-{day}-{kind}"
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps({
        "format": "casebook-backup", "created_at": created, "kind": kind, "cases": 1,
        "schema_revision": "0001", "sha256": "x",
        "audit": {"entries": 1, "ok": good, "message": ""}}))
    return BackupInfo(path, created, kind, 1, "0001", "x", 1, good, "")


def test_rotation_keeps_10_daily_8_weekly_manual_and_the_newest_good(casebook):
    start = dt.date(2024, 1, 1)  # a Monday
    days = [start + dt.timedelta(days=n) for n in range(70)]
    made = [fake_backup(casebook.paths.backups, d, "weekly" if d.weekday() == 0 else "daily",
                        good=n < 5) for n, d in enumerate(days)]
    fake_backup(casebook.paths.backups, start, "manual")
    prune(casebook.paths)
    kept = list_backups(casebook.paths)
    by_kind = {k: [b for b in kept if b.kind == k] for k in ("daily", "weekly", "manual")}
    assert len(by_kind["daily"]) == 10 + 1 and len(by_kind["weekly"]) == 8
    assert by_kind["daily"][0].created_at == made[-1].created_at
    assert made[4].path in {b.path for b in kept}  # the newest good one survives
    assert len(by_kind["manual"]) == 1


def test_due_kind_weekly_first_then_daily():
    monday = dt.date(2024, 1, 1)
    assert due_kind([], monday) == "weekly"
    done = BackupInfo(Path("x"), local_noon(monday), "weekly", 1, "0001", "", 1, True, "")
    assert due_kind([done], monday) is None
    assert due_kind([done], monday + dt.timedelta(days=1)) == "daily"
    assert due_kind([done], monday + dt.timedelta(days=7)) == "weekly"


def test_a_backups_label_counts_its_cases_in_words(tmp_path):
    """The restore question read '(manual, 202 case(s))?': now '(manual, 202 cases)'."""
    from core.store.backup import BackupInfo

    label = {n: BackupInfo(tmp_path / "b.zip", "2026-12-06T14:51:00+00:00", "manual", n, None,
                           "0" * 64, 0, True, "").label for n in (1, 202, 12345)}
    assert label[202].endswith("(manual, 202 cases)")
    assert label[1].endswith("(manual, 1 case)")
    assert label[12345].endswith("(manual, 12,345 cases)")
