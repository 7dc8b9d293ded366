"""Backups that hold against someone without the key (issue 13): the manifest is signed with the
audit key and lists every file's SHA-256; the key is not in the backup. A backup changed after
it was made is refused naming the file, before anything in the live folder is touched."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from core.cli import main
from core.paths import DataPaths
from core.services import open_casebook
from core.services.backup import newest_good_backup
from tests.gui.conftest import simple_cases
from tests.reliability.conftest import raw

SKIPPED = ("backups", "casebook.log", "casebook.lock", "casebook.instance")


# -- helpers --------------------------------------------------------------------------------
def cli(capsys, *args: object) -> tuple[int, str]:
    code = main([str(a) for a in args])
    said = capsys.readouterr()
    text = said.out + said.err
    assert "Unexpected error" not in text and "Traceback" not in text
    return code, text


def live_state(paths: DataPaths) -> dict[str, bytes]:
    """Every file of the data folder that a restore could change (database and its WAL, key,
    head and anything else in config/), plus any head copy kept in the user's config folder."""
    state = {}
    roots = [paths.root, Path(os.environ.get("XDG_CONFIG_HOME", paths.root / "none"))]
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            relative = path.relative_to(root)
            if path.is_file() and relative.parts[0] not in SKIPPED \
                    and not path.name.endswith("-shm"):
                data = path.read_bytes()
                if data or not path.name.endswith("-wal"):  # SQLite's empty WAL of a read
                    state[str(path)] = data
    assert str(paths.database) in state and str(paths.audit_key) in state
    return state


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit_backup(backup: Path, edit: Callable[[Path], None]) -> None:
    """Change a backup folder, or a zip's content (unpacked, edited, packed again)."""
    if backup.is_dir():
        edit(backup)
        return
    work = backup.with_name(backup.name + ".work")
    with zipfile.ZipFile(backup) as zf:
        zf.extractall(work)
    edit(work)
    backup.unlink()
    with zipfile.ZipFile(backup, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(work.iterdir()):
            zf.write(path, path.name)
    shutil.rmtree(work)


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def write_manifest(folder: Path, data: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(data, indent=1))


def fix_checksums(folder: Path) -> None:
    """What someone without the key does after an edit: recompute every SHA-256 listed."""
    data = manifest(folder)
    data["sha256"] = sha(folder / "casebook.db")
    for name, entry in data.get("files", {}).items():
        entry["sha256"] = sha(folder / name)
    write_manifest(folder, data)


def forge_title(folder: Path) -> None:
    con = raw(folder / "casebook.db")
    con.execute("UPDATE cases SET title = 'FORGED'")
    con.close()


def made(filled, tmp_path: Path, packed: bool) -> Path:
    path = filled.backups.create(tmp_path / ("copy.zip" if packed else "copy")).path
    filled.close()
    return path


def assert_refused(capsys, paths: DataPaths, args: list, *words: str, code: int = 1) -> str:
    before = live_state(paths)
    got, said = cli(capsys, "--data-dir", paths.root, "restore", *args)
    assert got == code, said
    for word in words:
        assert word in said, said
    assert live_state(paths) == before  # byte for byte: database, key, head
    return said


# -- a backup changed after it was made ------------------------------------------------------
@pytest.mark.parametrize("packed", [True, False], ids=["zip", "folder"])
@pytest.mark.parametrize("fixed", [True, False], ids=["checksum-recomputed", "checksum-left"])
def test_a_database_edited_inside_the_backup_is_refused(filled, tmp_path, capsys, packed, fixed):
    backup = made(filled, tmp_path, packed)
    edit_backup(backup, lambda f: (forge_title(f), fix_checksums(f) if fixed else None))
    said = assert_refused(capsys, filled.paths, [backup], str(backup),
                          "casebook.db in the backup was changed after the backup was made",
                          "Nothing was changed")
    assert ("checksum in manifest.json was rewritten" in said) == fixed


@pytest.mark.parametrize("edit", ["cases", "audit-entries", "kind", "schema"])
def test_an_edited_manifest_is_refused(filled, tmp_path, capsys, edit):
    backup = made(filled, tmp_path, packed=True)

    def change(folder: Path) -> None:
        data = manifest(folder)
        if edit == "cases":
            data["cases"] += 3
        elif edit == "audit-entries":
            data["audit"]["entries"] -= 1
        elif edit == "kind":
            data["kind"] = "weekly"
        else:
            data["schema_revision"] = "0001"
        write_manifest(folder, data)

    edit_backup(backup, change)
    assert_refused(capsys, filled.paths, [backup, "--yes"], str(backup),
                   "manifest.json in the backup was edited after the backup was made")


@pytest.mark.parametrize("fixed", [True, False], ids=["checksum-recomputed", "checksum-left"])
def test_an_edited_head_copy_in_the_backup_is_refused(filled, tmp_path, capsys, fixed):
    backup = made(filled, tmp_path, packed=True)

    def rewind(folder: Path) -> None:
        head = json.loads((folder / "audit-head.json").read_text())
        head["count"] -= 1
        (folder / "audit-head.json").write_text(json.dumps(head))
        if fixed:
            fix_checksums(folder)

    edit_backup(backup, rewind)
    assert_refused(capsys, filled.paths, [backup], str(backup),
                   "audit-head.json in the backup was changed after the backup was made")


def test_a_manifest_claiming_the_signed_format_without_a_signature_is_refused(filled, tmp_path,
                                                                              capsys):
    backup = made(filled, tmp_path, packed=False)
    data = manifest(backup)
    del data["mac"]
    write_manifest(backup, data)
    assert_refused(capsys, filled.paths, [backup, "--yes"], str(backup),
                   "claims the signed format but carries no valid signature")


def test_a_manifest_signed_with_another_key_under_our_fingerprint_is_refused(filled, tmp_path,
                                                                             capsys):
    from core.store.manifest import sign

    backup = made(filled, tmp_path, packed=False)
    forge_title(backup)
    data = manifest(backup)
    ours = data["key_fingerprint"]
    files = {name: sha(backup / name) for name in data["files"]}
    forged = sign({k: v for k, v in data.items() if k not in ("files", "mac")},
                  secrets.token_bytes(32), files)
    forged["key_fingerprint"] = ours
    write_manifest(backup, forged)
    assert_refused(capsys, filled.paths, [backup, "--yes"], str(backup),
                   "manifest.json in the backup is not signed by this installation's audit key")


def test_a_signed_backup_passed_off_as_an_old_one_is_refused(filled, tmp_path, capsys):
    """Stripping the signature to look like an old backup: old backups carry their key, and
    this one has none (whoever lacks the key cannot supply it)."""
    backup = made(filled, tmp_path, packed=False)
    forge_title(backup)
    fix_checksums(backup)
    data = {k: v for k, v in manifest(backup).items() if k not in ("files", "key_fingerprint",
                                                                    "mac")}
    write_manifest(backup, {**data, "format_version": 1})
    assert_refused(capsys, filled.paths, [backup, "--yes"], str(backup),
                   "old, unsigned format, but it holds no audit.key")


def test_a_tampered_backup_is_not_offered(filled, tmp_path):
    first = filled.backups.create()
    second = filled.backups.create()
    forge_title(second.path)
    fix_checksums(second.path)
    assert newest_good_backup(filled.paths) == first


# -- the key is not in backups; it is exported once ---------------------------------------------
def test_no_new_backup_holds_the_key(filled, tmp_path):
    from core.store.manifest import key_fingerprint

    key = filled.paths.audit_key.read_text().strip()
    backups = [filled.backups.create(), filled.backups.create(tmp_path / "copy.zip"),
               filled.backups.create(tmp_path / "copy"), filled.backups.run_daily_if_due()]
    for backup in backups:
        if backup.path.is_dir():
            contents = {p.name: p.read_bytes() for p in backup.path.iterdir()}
        else:
            with zipfile.ZipFile(backup.path) as zf:
                contents = {name: zf.read(name) for name in zf.namelist()}
        assert "audit.key" not in contents
        assert set(contents) == {"casebook.db", "audit-head.json", "manifest.json"}
        for data in contents.values():
            assert key.encode() not in data and bytes.fromhex(key) not in data
        assert manifest_of(backup.path)["key_fingerprint"] == key_fingerprint(bytes.fromhex(key))


def manifest_of(path: Path) -> dict:
    if path.is_dir():
        return manifest(path)
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))


def test_audit_key_export_writes_it_owner_only(filled, tmp_path, capsys):
    target = tmp_path / "audit.key.saved"
    code, said = cli(capsys, "audit", "key", "export", "-o", target)
    assert code == 0 and str(target) in said
    assert target.read_text().strip() == filled.paths.audit_key.read_text().strip()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, said = cli(capsys, "audit", "key", "export", "-o", target)
    assert code == 2 and "already exists" in said and "--force" in said
    target.write_text("old")
    target.chmod(0o644)
    assert cli(capsys, "audit", "key", "export", "-o", target, "--force")[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert bytes.fromhex(target.read_text().strip()) == bytes.fromhex(
        filled.paths.audit_key.read_text().strip())


def test_audit_key_export_refuses_the_data_folder(filled, capsys):
    paths = filled.paths
    before = live_state(paths)
    for target in (paths.root / "key.txt", paths.audit_key, paths.root / "config" / "copy.key",
                   paths.backups / "copy.key", paths.root / "config" / ".." / "k.key"):
        code, said = cli(capsys, "audit", "key", "export", "-o", target, "--force")
        assert code == 2 and "inside the data folder" in said, said
        assert not Path(os.path.normpath(target)).exists() or target == paths.audit_key
    assert live_state(paths) == before


def test_audit_key_export_without_a_key(filled, tmp_path, capsys):
    filled.paths.audit_key.unlink()
    code, said = cli(capsys, "audit", "key", "export", "-o", tmp_path / "k.key")
    assert code == 1 and str(filled.paths.audit_key) in said and "nothing to export" in said
    assert not (tmp_path / "k.key").exists()


# -- restoring where the key is not ------------------------------------------------------------
def test_restore_into_a_fresh_folder_asks_for_the_key_file(filled, tmp_path, capsys):
    assert cli(capsys, "audit", "key", "export", "-o", tmp_path / "saved.key")[0] == 0
    key_file = tmp_path / "saved.key"
    backup = made(filled, tmp_path, packed=True)
    fresh = DataPaths(tmp_path / "fresh")
    code, said = cli(capsys, "--data-dir", fresh.root, "restore", backup)
    assert code == 1 and str(backup) in said and "--key KEYFILE" in said
    assert "casebook audit key export" in said and "Nothing was changed" in said
    assert not fresh.database.exists() and not fresh.audit_key.exists()

    code, said = cli(capsys, "--data-dir", fresh.root, "restore", backup, "--key", key_file)
    assert code == 0, said
    assert fresh.audit_key.read_text().strip() == key_file.read_text().strip()
    code, said = cli(capsys, "--data-dir", fresh.root, "audit", "verify")
    assert code == 0 and said.startswith("OK"), said
    restored = open_casebook(fresh.root, read_only=True)
    try:
        assert restored.cases.count_cases() == 2
    finally:
        restored.close()


def test_a_wrong_or_broken_key_file_is_refused(filled, tmp_path, capsys):
    backup = made(filled, tmp_path, packed=True)
    other = open_casebook(tmp_path / "other")
    wrong = other.backups.export_key(tmp_path / "other.key")
    other.close()
    garbage = tmp_path / "garbage.key"
    garbage.write_text("not a key at all")
    empty = tmp_path / "empty.key"
    empty.write_text("")
    fresh = DataPaths(tmp_path / "fresh")
    fresh.ensure()
    for paths in (fresh, filled.paths):
        if paths is fresh:
            before = sorted(p.name for p in fresh.root.rglob("*") if p.name not in SKIPPED)
        else:
            assert_refused(capsys, paths, [backup, "--key", wrong], str(wrong), str(backup),
                           "is not the audit key the backup", "Nothing was changed")
            for bad in (garbage, empty):
                assert_refused(capsys, paths, [backup, "--key", bad], str(bad),
                               "is not a Casebook audit key", code=2)
            assert_refused(capsys, paths, [backup, "--key", tmp_path / "gone.key"],
                           "does not exist", code=2)
            continue
        code, said = cli(capsys, "--data-dir", fresh.root, "restore", backup, "--key", wrong)
        assert code == 1 and "is not the audit key the backup" in said
        assert sorted(p.name for p in fresh.root.rglob("*") if p.name not in SKIPPED) == before
        assert not fresh.database.exists() and not fresh.audit_key.exists()


def test_a_backup_of_another_installation_needs_its_key_and_yes(filled, tmp_path, capsys):
    from core.store.manifest import key_fingerprint

    elsewhere = open_casebook(tmp_path / "elsewhere")
    elsewhere.cases.import_cases(simple_cases(3))
    backup = elsewhere.backups.create(tmp_path / "elsewhere.zip").path
    key_file = elsewhere.backups.export_key(tmp_path / "elsewhere.key")
    elsewhere.close()
    own_key = filled.paths.audit_key.read_text().strip()
    filled.close()
    paths = filled.paths
    assert_refused(capsys, paths, [backup], str(backup), "another Casebook installation",
                   "holds 3 case(s)", "all 2 case(s)", "--key KEYFILE and add --yes")
    assert_refused(capsys, paths, [backup, "--key", key_file], "another Casebook installation",
                   "holds 3 case(s)", "all 2 case(s)", "Add --yes")
    code, said = cli(capsys, "--data-dir", paths.root, "restore", backup, "--key", key_file,
                     "--yes")
    assert code == 0, said
    assert cli(capsys, "--data-dir", paths.root, "audit", "verify")[0] == 0
    # the replaced key is kept under its fingerprint: the backup made just before restores
    retired = paths.audit_key.with_name(f"audit-{key_fingerprint(bytes.fromhex(own_key))}.key")
    assert retired.read_text().strip() == own_key
    pre_restore = next(b for b in open_casebook(paths.root, read_only=True).backups.list()
                       if b.kind == "pre-restore")
    code, said = cli(capsys, "--data-dir", paths.root, "restore", pre_restore.path, "--yes")
    assert code == 0, said
    assert paths.audit_key.read_text().strip() == own_key
    assert cli(capsys, "--data-dir", paths.root, "audit", "verify")[0] == 0


# -- old backups (unsigned, holding their key) ------------------------------------------------
def make_old(backup: Path, key_path: Path) -> None:
    """A backup as Casebook wrote them before issue 13: the key in clear, no signature."""
    shutil.copyfile(key_path, backup / "audit.key")
    data = {k: v for k, v in manifest(backup).items() if k not in ("files", "key_fingerprint",
                                                                    "mac")}
    write_manifest(backup, {**data, "format_version": 1})


def test_an_old_backup_is_restored_after_a_yes(filled, tmp_path, capsys):
    backup = made(filled, tmp_path, packed=False)
    make_old(backup, filled.paths.audit_key)
    code, said = cli(capsys, "--data-dir", filled.paths.root, "backup", "--list")
    assert_refused(capsys, filled.paths, [backup], str(backup), "older Casebook",
                   "not signed", "Add --yes")
    code, said = cli(capsys, "--data-dir", filled.paths.root, "restore", backup, "--yes")
    assert code == 0, said
    assert cli(capsys, "--data-dir", filled.paths.root, "audit", "verify")[0] == 0
    with raw(filled.paths.database) as con:
        [detail] = [r[0] for r in con.execute(
            "SELECT reason FROM audit WHERE action = 'backup-restore'")]
    assert "old unsigned backup" in detail


def test_an_old_backup_changed_without_its_checksum_is_refused(filled, tmp_path, capsys):
    backup = made(filled, tmp_path, packed=False)
    make_old(backup, filled.paths.audit_key)
    forge_title(backup)
    assert_refused(capsys, filled.paths, [backup, "--yes"], str(backup),
                   "does not match its manifest's checksum")


def test_backup_list_names_old_and_foreign_backups(filled, tmp_path, capsys):
    ours = filled.backups.create()
    old = filled.backups.create()
    make_old(old.path, filled.paths.audit_key)
    other = open_casebook(tmp_path / "other")
    foreign = other.backups.create(filled.paths.backups / "foreign")
    other.close()
    code, said = cli(capsys, "backup", "--list")
    assert code == 0 and "3 backup(s)" in said
    lines = said.splitlines()
    [line] = [line for line in lines if line.endswith(str(ours.path))]
    assert "\tverified\t" in line
    [line] = [line for line in lines if line.endswith(str(old.path))]
    assert "old format (unsigned, holds the key)" in line
    [line] = [line for line in lines if line.endswith(str(foreign.path))]
    assert "signed with a key this folder lacks (restore needs --key)" in line
