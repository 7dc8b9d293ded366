"""File › Restore from backup… with a backup of another installation: the app asks for that
installation's key file (issue 13), then with both case counts before it replaces every case
(issue 12)."""

from __future__ import annotations

from core.services import open_casebook
from gui.main_window import MainWindow
from tests.reliability.test_stranger_backup import restore_entries, two_installations

__all__ = ["two_installations"]  # the fixture


def test_the_app_asks_with_both_counts(qtbot, two_installations, prompter,
                                       monkeypatch):
    paths, backup, key_file = two_installations
    monkeypatch.setenv("CASEBOOK_HOME", str(paths.root))
    casebook = open_casebook(paths.root)
    try:
        window = MainWindow(casebook, prompter)
        qtbot.addWidget(window)
        window.backup_actions.restore(backup)  # no key file chosen: nothing asked, nothing done
        assert len(prompter.calls("choose_open_files")) == 1 and not prompter.calls("confirm")
        prompter.script("choose_open_files", [key_file])
        prompter.script("confirm", False)
        window.backup_actions.restore(backup)
        text = prompter.calls("confirm")[0][1]
        assert "another Casebook installation" in text
        assert "holds 2 case(s)" in text and "holds 3 case(s)" in text
        assert casebook.cases.count_cases() == 3  # declined: nothing changed

        prompter.script("choose_open_files", [key_file])
        prompter.script("confirm", True)
        with qtbot.waitSignal(window.backup_actions.done, timeout=30000):
            window.backup_actions.restore(backup)
        assert casebook.cases.count_cases() == 2
        window.shutdown()
    finally:
        casebook.close()
    assert "another installation" in restore_entries(paths)[0]
