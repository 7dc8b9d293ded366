"""A scripted Prompter: answers are queued by the test, questions are recorded."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class ScriptedPrompter:
    """Each question pops the next scripted answer of its kind (or a safe default).

    An answer may be a callable: it is called with the question's arguments.
    """

    def __init__(self, **answers: Any):
        self.answers: dict[str, deque] = {}
        self.asked: list[tuple[str, tuple]] = []
        self.titles: list[str] = []  # of the reasons dialogs shown
        for kind, values in answers.items():
            self.script(kind, *values)

    def script(self, kind: str, *values: Any) -> ScriptedPrompter:
        self.answers.setdefault(kind, deque()).extend(values)
        return self

    def _answer(self, kind: str, args: tuple, default: Any = None) -> Any:
        self.asked.append((kind, args))
        queue = self.answers.get(kind)
        answer = queue.popleft() if queue else default
        return answer(*args) if callable(answer) else answer

    def calls(self, kind: str) -> list[tuple]:
        return [args for k, args in self.asked if k == kind]

    # -- the Prompter interface ------------------------------------------------------------
    def confirm_unsaved(self, title: str, detail: str = "") -> str:
        return self._answer("confirm_unsaved", (title, detail), "cancel")

    def confirm(self, title: str, message: str) -> bool:
        return self._answer("confirm", (title, message), False)

    def ask_reason(self, title: str, prompt: str, check: Any = None) -> str | None:
        """As the dialog: a scripted reason ``check`` finds a problem in is recorded under
        "reason_problem" and the next scripted answer is taken (the dialog stays open)."""
        while True:
            answer = self._answer("ask_reason", (title, prompt))
            problem = check(answer) if check and answer is not None else None
            if not problem:
                return answer
            self.asked.append(("reason_problem", (problem,)))

    def ask_signer(self, title: str, question: str, suggested: str, account: str,
                   check: Any = None) -> str | None:
        """As the dialog, with scripted "ask_signer" names (a problem ``check`` finds is
        recorded under "signer_problem" and the next name taken); unscripted, a "confirm"
        answer says whether to sign, with the suggested name or else the account."""
        if not self.answers.get("ask_signer"):
            if not self._answer("confirm", (title, question), False):
                return None
            return suggested or account
        while True:
            answer = self._answer("ask_signer", (title, question, suggested, account))
            problem = check(answer) if check and answer is not None else None
            if not problem:
                return answer
            self.asked.append(("signer_problem", (problem,)))

    def ask_text(self, title: str, prompt: str, suggested: str = "") -> str | None:
        return self._answer("ask_text", (title, prompt, suggested))

    def info(self, message: str) -> None:
        self._answer("info", (message,))

    def error(self, message: str) -> None:
        self._answer("error", (message,))

    def show_reasons(self, message: str, reasons: Sequence[Any],
                     title: str = "Cannot mark complete") -> str | None:
        """Records the reasons as the user reads them (their titles in ``titles``);
        answers a field path to go to, or None."""
        self.titles.append(title)
        return self._answer("show_reasons", (message, [str(r) for r in reasons]))

    def confirm_save_and_complete(self, title: str) -> bool:
        return self._answer("confirm_save_and_complete", (title,), False)

    def choose_open_files(self, title: str, name_filter: str = "") -> list[Path]:
        return self._answer("choose_open_files", (title,), [])

    def choose_save_file(self, title: str, suggested: str, name_filter: str = "") -> Path | None:
        return self._answer("choose_save_file", (title, suggested))

    def choose_folder(self, title: str, start: str = "") -> Path | None:
        return self._answer("choose_folder", (title, start) if start else (title,))

    def choose_import_mode(self, existing: int, named: Sequence[str] = (),
                           cannot_replace: str = "") -> str:
        """Recorded as (existing,), or (existing, cannot_replace) when Replace is not offered
        (a de-identified dataset); a scripted "replace" then is the test's mistake."""
        args = (existing, cannot_replace) if cannot_replace else (existing,)
        answer = self._answer("choose_import_mode", args, "cancel")
        assert not (cannot_replace and answer == "replace"), "the question offers no Replace"
        return answer

    def offer_recovery(self, drafts: Sequence[Any]) -> list[str] | None:
        return self._answer("offer_recovery", (list(drafts),))

    def offer_draft(self, title: str, saved_at: str, changes: Sequence[str] | None = None,
                    note: str | None = None) -> str:
        """Recorded as (title, saved_at); the changes listed under "offer_draft_changes", a
        note said under them (the case changed since) under "offer_draft_note"."""
        self.asked.append(("offer_draft_changes", (changes,)))
        if note:
            self.asked.append(("offer_draft_note", (note,)))
        return self._answer("offer_draft", (title, saved_at), "cancel")

    def resolve_merge(self, title: str, merge: Any) -> dict[str, str]:
        """Recorded as (title, merge); unscripted, no conflict is picked."""
        return self._answer("resolve_merge", (title, merge), {})

    def choose_backup(self, backups: Sequence[Any]) -> Any:
        return self._answer("choose_backup", (list(backups),))

    def offer_restore(self, problem: str, backup: Any) -> bool:
        return self._answer("offer_restore", (problem, backup), False)

    def choose_printer(self, pages: int) -> Any:
        return self._answer("choose_printer", (pages,))

    def confirm_identifier_hits(self, hits: Sequence[Any]) -> bool:
        return self._answer("confirm_identifier_hits", (list(hits),), False)

    def choose_rare_export(self, title: str, message: str) -> str:
        return self._answer("choose_rare_export", (title, message), "stop")
