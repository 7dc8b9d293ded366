"""File > Back up now… and Restore from backup…, and the background work after start-up: the
quick check (a failure shows the banner with the restore offer) and the daily backup."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press, simple_cases, type_title

WAIT_MS = 30000


def stored_cases(casebook) -> dict[str, dict]:
    ids = [s.case_id for s in casebook.cases.list_cases()]
    return {i: casebook.cases.open_case(i).model_dump(mode="json") for i in ids}


def back_up_now(qtbot, window, prompter) -> str:
    prompter.script("choose_save_file", lambda _title, suggested: Path(suggested))
    with qtbot.waitSignal(window.backup_actions.done, timeout=WAIT_MS) as done:
        window.commands.back_up.trigger()
    return done.args[0]


def run_after_start(qtbot, window):
    with qtbot.waitSignal(window.backup_actions.checked, timeout=WAIT_MS) as checked:
        window.backup_actions.start_automatic()
    return checked.args[0]


def test_back_up_now_then_restore_gives_the_same_cases(qtbot, stored_references, window,
                                                       casebook, prompter):
    before = stored_cases(casebook)
    message = back_up_now(qtbot, window, prompter)
    backup = casebook.backups.list()[0]
    assert message.startswith(f"Backup written to:\n{backup.path}")
    assert "Verified: integrity check passed, 2 case(s)" in message and backup.good
    assert prompter.calls("info")[-1] == (message,)

    casebook.cases.import_cases(simple_cases(3))  # work done after the backup...
    window.case_model.reload()
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    type_title(qtbot, window, "Edited after the backup")
    press(qtbot, window, "Ctrl+S")
    assert window.case_model.total == 5

    prompter.script("choose_backup", lambda backups: backups[0])
    prompter.script("confirm", True)
    with qtbot.waitSignal(window.backup_actions.done, timeout=WAIT_MS) as done:
        window.commands.restore_backup.trigger()
    assert "Restore from backup" == prompter.calls("confirm")[0][0]
    assert not window.session.is_open()  # the open case was closed first
    assert window.case_model.total == 2
    assert stored_cases(casebook) == before
    kept = next(b for b in casebook.backups.list() if b.kind == "pre-restore")
    assert done.args[0].startswith(f"Restored the backup from {backup.label}.")
    assert f"kept as a backup:\n{kept.path}" in done.args[0]
    assert kept.cases == 5
    assert casebook.audit.verify().ok


def test_restore_cancelled_changes_nothing(qtbot, stored_references, window, casebook, prompter):
    back_up_now(qtbot, window, prompter)
    casebook.cases.import_cases(simple_cases(1))
    prompter.script("choose_backup", lambda backups: backups[0])
    prompter.script("confirm", False)
    window.commands.restore_backup.trigger()
    assert casebook.cases.count_cases() == 3
    assert not window.runner.busy


def test_automatic_backup_after_start_up_runs_off_the_ui_thread(qtbot, stored_references,
                                                               window, casebook, monkeypatch):
    threads = []
    make = casebook.backups.run_daily_if_due

    def recorded(*args):
        threads.append(threading.current_thread())
        return make(*args)

    monkeypatch.setattr(casebook.backups, "run_daily_if_due", recorded)
    report = run_after_start(qtbot, window)
    assert report.problems == [] and report.backup is not None
    assert threads and threads[0] is not threading.main_thread()
    assert [b.path for b in casebook.backups.list()] == [report.backup.path]
    assert report.backup.path.suffix == ".zip" and report.backup.good
    assert run_after_start(qtbot, window).backup is None  # one a day
    assert window.banner.isHidden()


def test_no_automatic_backup_when_turned_off(qtbot, window, casebook):
    window.apply_settings(casebook.settings.model_copy(update={"automatic_backups": False}))
    report = run_after_start(qtbot, window)
    assert report.backup is None and report.problems == []
    assert casebook.backups.list() == []


@pytest.mark.expected_errors("a damaged database fails the quick check (logged)")
def test_failed_quick_check_shows_the_banner_and_restores(qtbot, stored_references, window,
                                                         casebook, prompter, monkeypatch):
    good = casebook.backups.create()
    casebook.cases.import_cases(simple_cases(2))
    monkeypatch.setattr(casebook.maintenance, "quick_check",
                        lambda: ["Page 7: btreeInitPage() returns error code 11"])
    report = run_after_start(qtbot, window)
    assert report.offer == good and report.backup is None  # no backup of a damaged database
    assert window.banner.isVisible() and window.banner.restore_button.isVisible()
    assert "failed its integrity check" in window.banner.message.text()
    assert good.label in window.banner.message.text()

    prompter.script("confirm", True)
    with qtbot.waitSignal(window.backup_actions.done, timeout=WAIT_MS):
        qtbot.mouseClick(window.banner.restore_button, Qt.MouseButton.LeftButton)
    assert window.banner.isHidden()
    assert window.case_model.total == 2 and casebook.cases.count_cases() == 2


@pytest.mark.expected_errors("a disk-full automatic backup is logged")
def test_failed_automatic_backup_is_shown_as_a_warning(qtbot, window, casebook, monkeypatch):
    from core.services.backup import BackupError

    def fail(*_args):
        raise BackupError("The backup could not be written ([Errno 28] No space left on device).")

    monkeypatch.setattr(casebook.backups, "run_daily_if_due", fail)
    run_after_start(qtbot, window)
    assert window.banner.isVisible() and window.banner.restore_button.isHidden()
    assert "No space left on device" in window.banner.message.text()


def test_back_up_elsewhere_and_restore_that_file(qtbot, stored_references, window, casebook,
                                                 prompter, tmp_path):
    before = stored_cases(casebook)
    elsewhere = tmp_path / "usb-stick" / "casebook-copy"  # ".zip" is added
    elsewhere.parent.mkdir()  # a save dialog only offers existing folders
    prompter.script("choose_save_file", elsewhere)
    with qtbot.waitSignal(window.backup_actions.done, timeout=WAIT_MS) as done:
        window.commands.back_up.trigger()
    written = elsewhere.with_name("casebook-copy.zip")
    assert written.is_file() and str(written) in done.args[0]
    assert casebook.backups.list() == []  # not in the backups folder

    casebook.cases.import_cases(simple_cases(2))
    prompter.script("choose_backup", written)  # "Other backup file…"
    prompter.script("confirm", True)
    with qtbot.waitSignal(window.backup_actions.done, timeout=WAIT_MS):
        window.commands.restore_backup.trigger()
    assert str(written) in prompter.calls("confirm")[0][1]
    assert stored_cases(casebook) == before and window.case_model.total == 2
