"""The real dialogs behind the Prompter: recovery offer and preferences."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from core.settings import Settings
from gui.dialogs.preferences import PreferencesDialog
from gui.dialogs.recovery import RecoveryDialog


def drafts_of(casebook, cases):
    for case in cases:
        casebook.drafts.save_draft(case)
    return casebook.drafts.list_drafts()


def test_recovery_dialog_returns_the_checked_drafts(qtbot, casebook, reference_cases):
    drafts = drafts_of(casebook, reference_cases)
    dialog = RecoveryDialog(drafts)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    assert "Blinatumomab" in dialog.list.item(0).text()
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    QTimer.singleShot(0, dialog.accept)
    assert dialog.ask() == [drafts[0].key]


def test_recovery_dialog_later_and_discard_all(qtbot, casebook, reference_cases, monkeypatch):
    drafts = drafts_of(casebook, reference_cases)
    asked = []  # Discard all asks first (its real question: test_recovery_discard_all_asks)
    monkeypatch.setattr("gui.dialogs.recovery.confirm_discard",
                        lambda _parent, lost, unchecked=False: asked.append(len(lost)) or True)
    later = RecoveryDialog(drafts)
    qtbot.addWidget(later)
    QTimer.singleShot(0, later.reject)
    assert later.ask() is None
    discard = RecoveryDialog(drafts)
    qtbot.addWidget(discard)
    QTimer.singleShot(0, discard._on_discard_all)
    assert discard.ask() == []
    assert asked == [2]


def test_preferences_dialog_edits_a_copy(qtbot):
    original = Settings(user_name="dr.a")
    dialog = PreferencesDialog(original)
    qtbot.addWidget(dialog)
    dialog.user_name.clear()
    qtbot.keyClicks(dialog.user_name, "dr.b")
    chosen = dialog.chosen_settings()
    assert chosen.user_name == "dr.b"
    assert original.user_name == "dr.a"
