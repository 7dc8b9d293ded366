"""Leaving the open case (opening another, New, Close, quitting): unsaved changes ask Save /
Discard / Cancel, and the figure files this editing stored that nothing names are taken back.
The steps of ``CaseSession.release``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.session_messages import unsaved_detail, unstored_lines, unstored_text
from gui.unstored_advice import nothing_else_changed

if TYPE_CHECKING:
    from gui.case_session import CaseSession


def release_case(session: CaseSession) -> bool:
    editor = session.editor
    editor.commit_pending()
    editor.finish_storing()
    if not session.is_dirty():
        take_back_files(session)  # a figure added, removed again, then saved
        session.drop_draft()  # typed, then taken back before the autosave came
        return True
    session.autosave()
    unstored = unstored_lines(editor.unstored_by_path(), editor.path_words)
    only = nothing_else_changed(session)  # the banner says the same (gui.unstored_advice)
    choice = session.prompter.confirm_unsaved(_edited_title(session),
                                              unsaved_detail(unstored, only))
    if choice == "save":  # typed text the case cannot hold keeps the case open
        left = session.save() and not _stopped_by_unstored(session)
        if left:
            take_back_files(session)
        return left
    if choice == "discard":
        session.discard()
        return True
    return False


def take_back_files(session: CaseSession) -> None:
    """The case is left: figure files its editing stored that nothing names go (EditedFiles)."""
    edit_ctx = session.edit_ctx
    if edit_ctx is not None and edit_ctx.session_files is not None:
        edit_ctx.session_files.remove_added()


def _stopped_by_unstored(session: CaseSession) -> bool:
    """After Save at a question: text the case could not hold stops the leaving, said in
    a message box (not only the status bar), the cursor put on the first such field."""
    unstored = session.editor.unstored_by_path()
    if not unstored:
        return False
    session.prompter.error(unstored_text(unstored_lines(unstored, session.editor.path_words)))
    session.editor.focus_path(next(iter(unstored)))
    return True


def _edited_title(session: CaseSession) -> str:
    try:
        return session.editor.current_case().title
    except ValueError:  # the form cannot build a case right now: name the stored one
        return session.base.title if session.base else ""
