"""Restore from backup names a backup's kind in one word everywhere: the list said "by hand",
the question and the result said "manual" (and "pre-restore", where the list said "before a
restore"); `casebook backup --list` too. Found by a stranger run."""

from __future__ import annotations

from core.cli import main
from gui.dialogs.backup_list import BackupListDialog
from tests.gui.test_backup_gui import WAIT_MS, back_up_now


def listed(qtbot, window, backups) -> list[str]:
    """The Kind column of the real backup list, as the user reads it."""
    dialog = BackupListDialog(backups, window)
    qtbot.addWidget(dialog)
    column = [dialog.tree.headerItem().text(c) for c in range(dialog.tree.columnCount())]
    kind = column.index("Kind")
    return [dialog.tree.topLevelItem(i).text(kind)
            for i in range(dialog.tree.topLevelItemCount())]


def test_restore_says_manual_in_the_list_the_question_and_the_result(
        qtbot, stored_references, window, casebook, prompter, capsys):
    back_up_now(qtbot, window, prompter)
    kinds: list[list[str]] = []

    def choose(backups):
        kinds.append(listed(qtbot, window, backups))
        return backups[0]

    prompter.script("choose_backup", choose, choose)
    prompter.script("confirm", True)
    with qtbot.waitSignal(window.backup_actions.done, timeout=WAIT_MS) as done:
        window.commands.restore_backup.trigger()
    [(title, question)] = prompter.calls("confirm")
    result = done.args[0]
    assert kinds == [["manual"]]
    assert "(manual, 2 cases)" in question
    assert "(manual, 2 cases)" in result
    assert "by hand" not in question + result
    assert {b.kind for b in casebook.backups.list()} == {"manual", "pre-restore"}
    assert casebook.cases.count_cases() == 2

    window.commands.restore_backup.trigger()  # the list again: the one kept before the restore
    prompter.script("confirm", False)
    assert sorted(kinds[1]) == ["before a restore", "manual"]

    capsys.readouterr()
    assert main(["backup", "--list"]) == 0
    out = capsys.readouterr().out
    assert "(manual, 2 cases)" in out and "(before a restore, 2 cases)" in out
    labels = [line.split("\t")[0] for line in out.splitlines()]  # before the folder's name
    assert not [label for label in labels if "pre-restore" in label or "by hand" in label]
