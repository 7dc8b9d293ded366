"""The first start made an automatic backup of the empty database, which Restore then listed
as "0 cases". A casebook with no case gets no automatic backup; Back up now… of an empty one is
still made, and says that it holds no cases."""

from __future__ import annotations

import datetime as dt

from gui.dialogs.backup_list import BackupListDialog
from tests.gui.conftest import simple_cases
from tests.gui.test_backup_gui import back_up_now, run_after_start


def listed_by_restore(qtbot, window, prompter) -> list[list[str]]:
    """File › Restore from backup…: the rows its dialog lists (then Cancel)."""
    rows: list[list[str]] = []

    def look(backups):
        dialog = BackupListDialog(backups, window)
        qtbot.addWidget(dialog)
        tree = dialog.tree
        for i in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(i)
            rows.append([item.text(c) for c in range(tree.columnCount())])
        return None

    prompter.script("choose_backup", look)
    window.commands.restore_backup.trigger()
    assert prompter.calls("choose_backup"), "Restore from backup… did not list the backups"
    return rows


def test_no_automatic_backup_of_a_casebook_without_cases(casebook):
    assert casebook.backups.run_daily_if_due() is None
    assert casebook.backups.list() == []
    casebook.cases.import_cases(simple_cases(1))
    made = casebook.backups.run_daily_if_due()
    assert made is not None and made.cases == 1 and made.good
    assert [b.cases for b in casebook.backups.list()] == [1]


def test_a_casebook_whose_cases_are_all_in_the_trash_is_still_backed_up(casebook):
    [case] = simple_cases(1)
    casebook.cases.import_cases([case])
    casebook.cases.trash_case(case.case_id)
    made = casebook.backups.run_daily_if_due(dt.date.today())
    assert made is not None and made.cases == 1


def test_the_first_start_leaves_restore_with_nothing_empty_to_offer(qtbot, window, casebook,
                                                                   prompter):
    report = run_after_start(qtbot, window)
    assert report.backup is None and report.problems == [] and report.backup_error is None
    assert window.banner.isHidden()
    assert casebook.backups.list() == []
    assert listed_by_restore(qtbot, window, prompter) == []


def test_back_up_now_of_an_empty_casebook_says_it_holds_no_cases(qtbot, window, casebook,
                                                                prompter):
    message = back_up_now(qtbot, window, prompter)
    assert "holds no cases: the casebook is empty" in message
    assert [b.cases for b in casebook.backups.list()] == [0]
    [row] = listed_by_restore(qtbot, window, prompter)
    assert row[1] == "manual" and row[2] == "0"  # the word of the question and the CLI too
