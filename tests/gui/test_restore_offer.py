"""At start-up, a damaged database leads to the offer to restore the newest good backup; after
the restore the app opens with the backup's cases, and the damaged file is kept as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.paths import DataPaths
from core.services import open_casebook
from gui import app
from gui.main_window import MainWindow


def truncate(db: Path) -> bytes:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    return db.read_bytes()


def overwrite_with_garbage(db: Path) -> bytes:
    db.write_bytes(b"\x00garbage, not a database\xff" * 4096)
    return db.read_bytes()


@pytest.fixture
def backed_up(data_home, reference_cases) -> DataPaths:
    """A data folder with the two reference cases and a verified backup of them."""
    casebook = open_casebook(data_home, user="dr.test")
    casebook.cases.import_cases(reference_cases)
    casebook.backups.create()
    casebook.close()
    return DataPaths(data_home)


@pytest.mark.expected_errors("a damaged database at start-up is logged")
@pytest.mark.parametrize("damage", [truncate, overwrite_with_garbage])
def test_damaged_database_is_restored_then_the_app_opens(qtbot, backed_up, prompter, damage):
    paths = backed_up
    damaged = damage(paths.database)
    prompter.script("offer_restore", True)
    casebook = app.open_services(paths, prompter)
    assert casebook is not None
    try:
        problem, backup = prompter.calls("offer_restore")[0]
        assert "damaged" in problem and "casebook restore" not in problem
        assert backup.cases == 2 and backup.good
        aside = list(paths.root.glob("casebook.db.damaged-*"))
        assert len(aside) == 1 and aside[0].read_bytes() == damaged  # never overwritten
        said = prompter.calls("info")[0][0]
        assert said.startswith(f"Restored the backup from {backup.label}.")
        assert str(aside[0]) in said
        window = MainWindow(casebook, prompter)
        qtbot.addWidget(window)
        assert window.case_model.total == 2
        assert casebook.cases.existing_ids(["SEED-C1-CAO2023"]) == {"SEED-C1-CAO2023"}
        window.shutdown()
    finally:
        casebook.close()


@pytest.mark.expected_errors("a damaged database at start-up is logged")
def test_declined_offer_changes_nothing(qtbot, backed_up, prompter):
    paths = backed_up
    damaged = truncate(paths.database)
    prompter.script("offer_restore", False)
    assert app.open_services(paths, prompter) is None
    assert paths.database.read_bytes() == damaged
    assert not list(paths.root.glob("casebook.db.damaged-*"))
    assert prompter.calls("error") == []


@pytest.mark.expected_errors("a damaged database is logged and explained in an error dialog")
def test_without_a_backup_the_problem_is_explained(qtbot, data_home, prompter):
    paths = DataPaths(data_home).ensure()
    damaged = overwrite_with_garbage(paths.database)
    assert app.open_services(paths, prompter) is None
    message = prompter.calls("error")[0][0]
    assert message.startswith("Casebook cannot open its database.")
    assert f"No verified backup was found in {paths.backups}" in message
    assert prompter.calls("offer_restore") == []
    assert paths.database.read_bytes() == damaged


def damage_a_page(db: Path) -> None:
    """Damage past the header: the database opens; the background quick check finds it."""
    size = db.stat().st_size
    with open(db, "r+b") as fh:
        fh.seek(size - 2 * 4096)
        fh.write(b"\xff" * 4096)


@pytest.mark.expected_errors("a damaged database fails the quick check (logged)")
def test_damage_found_after_start_up_is_repaired_from_the_banner(qtbot, backed_up, prompter):
    paths = backed_up
    damage_a_page(paths.database)
    casebook = open_casebook(paths.root, user="dr.test")
    try:
        window = MainWindow(casebook, prompter)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.backup_actions.checked, timeout=30000) as checked:
            window.backup_actions.start_automatic()
        assert checked.args[0].problems and window.banner.isVisible()
        prompter.script("confirm", True)
        with qtbot.waitSignal(window.backup_actions.done, timeout=30000):
            window.banner.restore_button.click()
        assert window.banner.isHidden() and window.case_model.total == 2
        assert casebook.maintenance.quick_check() == []
        aside = [f for f in paths.root.glob("casebook.db.damaged-*")
                 if not f.name.endswith(("-wal", "-shm"))]
        assert len(aside) == 1  # moved aside (with its -wal and -shm), never overwritten
        window.shutdown()
    finally:
        casebook.close()


@pytest.mark.expected_errors("a lost database at start-up is logged")
def test_the_app_offers_the_backup_for_a_lost_database(qtbot, backed_up, prompter):
    backed_up.database.write_bytes(b"")
    prompter.script("offer_restore", True)
    restored = app.open_services(backed_up, prompter)
    assert restored is not None
    try:
        problem, backup = prompter.calls("offer_restore")[0]
        assert "is empty" in problem and backup.cases == 2
        assert restored.cases.count_cases() == 2
    finally:
        restored.close()
