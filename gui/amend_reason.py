"""The reason of an amendment when it is saved (moved from ``case_session``, past 400 lines):
the one given with "Amend…", unless it names the patient as the edit now reads (a name typed
after it, refused by the service): then it is asked again, checked against the edit."""

from __future__ import annotations

from collections.abc import Callable

from core.errors import CasebookError
from core.logs import get_logger
from core.model import Case
from core.services import Casebook
from gui.dialogs.prompter import Prompter

log = get_logger("gui.session")


def amendment_reason(casebook: Casebook, prompter: Prompter, base: Case, case: Case,
                     given: str | None) -> str | None:
    """The reason to save ``case`` over the locked ``base`` with; None: cancelled, the
    amendment stays open."""
    check = casebook.reason_check([base.case_id], [case])
    problem = _problem(check, given) if given is not None else None
    if given is not None and problem is None:
        return given
    return _ask(prompter, base, check, given, problem)


def _ask(prompter: Prompter, base: Case, check: Callable[[str], str | None],
         given: str | None, problem: str | None) -> str | None:
    """Saving changes to a locked case without "Amend…" first (a recovered draft), or
    with a reason from "Amend…" that ``problem`` refuses: it is quoted, to be retyped."""
    who = f" by {base.locked_by}" if base.locked_by else ""
    if given is not None and problem:
        prompt = (f"The reason given with Amend… was “{given}”. {problem}\n"
                  "Your changes are not saved yet. Reason for the change:")
    else:
        prompt = (f"This case was locked{who}. Changing it records an amendment.\n"
                  "Reason for the change:")
    return prompter.ask_reason("Amend a locked case", prompt, check)


def _problem(check: Callable[[str], str | None], reason: str) -> str | None:
    """``check``'s verdict on ``reason``; None when the case cannot be read (the save then
    says why, and the service checks the reason again)."""
    try:
        return check(reason)
    except CasebookError:
        log.warning("the amendment's reason could not be checked before the save",
                    exc_info=True)
        return None
