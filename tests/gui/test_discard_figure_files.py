"""Discard takes back the figure files the discarded edit stored: a figure added in the app
(its file stored at once, before any save) and then discarded left its file in the store,
named by nothing (an identified image of the wrong patient, say). Never a file a saved case,
an older version (the audit trail), another case or a kept draft uses."""

from __future__ import annotations

import pytest

from tests.gui.conftest import audit_rows, open_from_list, press, type_title
from tests.gui.editor.test_figures_editor import key, picture
from tests.gui.test_quit_during_figure_store import (
    CASE_1,
    CASE_2,
    add_figure_from_the_dialog,
    open_figures,
    stored_files,
)

LEAVE = ["another case opened", "Ctrl+W", "Ctrl+Q"]


def panel_of(window):
    return window.editor.section_page("Figures").figures


def add_from_the_dialog(qtbot, window, monkeypatch, tmp_path) -> str:
    """Add figure… choosing smear.png (the dialog's own path); the stored file's hash."""
    panel = panel_of(window)
    count = len(panel.cards)
    add_figure_from_the_dialog(qtbot, window, monkeypatch, tmp_path)
    qtbot.waitUntil(lambda: len(panel.cards) == count + 1 and not panel.storer.running)
    return panel.rows()[-1]["file_sha256"]


def leave(qtbot, window, how: str) -> None:
    if how == "another case opened":
        open_from_list(qtbot, window, CASE_2)
        qtbot.waitUntil(lambda: window.session.case_id() == CASE_2)
    else:
        press(qtbot, window, how)
        if how == "Ctrl+Q":
            assert window.isHidden()
        else:
            assert window.session.case_id() is None


def database(casebook) -> tuple:
    """What a discard must leave as it was: case 1 as stored, its audit, the drafts."""
    case = casebook.cases.open_case(CASE_1)
    return (case.version, case.attachments, case.title, len(audit_rows(casebook, CASE_1)),
            casebook.drafts.list_drafts())


@pytest.mark.parametrize("how", LEAVE)
def test_discard_takes_back_the_file_of_an_added_figure(qtbot, stored_references, window,
                                                        casebook, prompter, monkeypatch,
                                                        tmp_path, how):
    open_figures(qtbot, window)
    before, stored = stored_files(casebook), database(casebook)
    sha = add_from_the_dialog(qtbot, window, monkeypatch, tmp_path)
    assert casebook.ctx.files.exists(sha)  # stored before any save
    window.session.autosave()  # a draft names it meanwhile (removed with the discard)
    prompter.script("confirm_unsaved", "discard")
    leave(qtbot, window, how)
    assert len(prompter.calls("confirm_unsaved")) == 1
    assert stored_files(casebook) == before and not casebook.ctx.files.path(sha).exists()
    assert database(casebook) == (*stored[:4], [])


def test_a_figure_added_and_removed_again_leaves_no_file(qtbot, stored_references, window,
                                                        casebook, prompter, monkeypatch,
                                                        tmp_path):
    """Added, removed (Ctrl+Delete), the title changed and saved: leaving the case takes the
    file back (only the undo could bring it back, and it goes with the case); the saved
    version is the one with the new title."""
    open_figures(qtbot, window)
    before = stored_files(casebook)
    sha = add_from_the_dialog(qtbot, window, monkeypatch, tmp_path)
    panel = panel_of(window)
    key(qtbot, panel.cards[0].attested, "Ctrl+Delete")
    assert panel.rows() == [] and casebook.ctx.files.exists(sha)
    type_title(qtbot, window, "Renamed")
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(CASE_1).title == "Renamed"
    leave(qtbot, window, "Ctrl+W")
    assert prompter.calls("confirm_unsaved") == []  # saved: nothing asked
    assert stored_files(casebook) == before
    assert casebook.cases.open_case(CASE_1).attachments == []


def test_a_saved_figure_s_file_stays_after_a_later_discard(qtbot, stored_references, window,
                                                          casebook, prompter, monkeypatch,
                                                          tmp_path):
    """A figure added and saved, then another edit discarded: the saved figure's file stays.
    So does that of a figure saved and then removed and saved again (the older version in
    the audit trail names it), and one the store held before (another case's picture)."""
    open_figures(qtbot, window)
    kept = add_from_the_dialog(qtbot, window, monkeypatch, tmp_path)
    press(qtbot, window, "Ctrl+S")
    panel = panel_of(window)
    # a second figure: saved, then removed and saved again
    panel.add_paths([picture(tmp_path / "old.png", "#1b5e20")])
    qtbot.waitUntil(lambda: len(panel.cards) == 2 and not panel.storer.running)
    removed = panel.rows()[-1]["file_sha256"]
    press(qtbot, window, "Ctrl+S")
    key(qtbot, panel.cards[-1].attested, "Ctrl+Delete")
    press(qtbot, window, "Ctrl+S")
    stored = database(casebook)
    assert [a.file_sha256 for a in stored[1]] == [kept]
    # the discarded edit: the title, the same picture added again, and a new one
    type_title(qtbot, window, "Not wanted")
    panel.add_paths([picture(tmp_path / "again.png", "#7b1fa2"),
                     picture(tmp_path / "new.png", "#e65100")])
    qtbot.waitUntil(lambda: len(panel.cards) == 3 and not panel.storer.running)
    new = panel.rows()[-1]["file_sha256"]
    assert panel.rows()[-2]["file_sha256"] == kept
    prompter.script("confirm_unsaved", "discard")
    leave(qtbot, window, "another case opened")
    assert stored_files(casebook) == {kept, removed}
    assert not casebook.ctx.files.path(new).exists()
    assert database(casebook) == stored
    assert casebook.ctx.files.read(kept) and casebook.ctx.files.read(removed)
