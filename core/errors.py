"""Errors a user can act on. Each carries a plain message; none is shown as a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class CasebookError(Exception):
    """Base of every expected error; ``str(err)`` is the message shown to the user."""


class NotFound(CasebookError):
    pass


class ConflictError(CasebookError):
    """A save based on a stale version: someone saved the case in between."""

    def __init__(self, case_id: str, expected: int, actual: int):
        self.case_id, self.expected, self.actual = case_id, expected, actual
        super().__init__(
            f"Case {case_id} was changed elsewhere (you edited version {expected}, the stored "
            f"version is {actual}). Nothing was overwritten; reload the case and apply your "
            "changes again."
        )


@dataclass(frozen=True)
class Problem:
    """One problem in input data: which file, which case, which field, what is wrong."""

    file: str
    case: str | None
    path: str
    message: str
    # the field in words, as the editor's section list leads to it ("Patient › Sex"), said in
    # place of ``path`` (which programs read: ``casebook validate --json``); "" to say the path
    place: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.case:
            where += f", case {self.case}"
        if self.place or self.path:
            where += f", {self.place or self.path}"
        return f"{where}: {self.message}"


class InvalidData(CasebookError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)  # "1 problem found", "2 problems found"
        head = f"{count} problem{'' if count == 1 else 's'} found; nothing was written."
        super().__init__("\n".join([head] + [str(p) for p in problems[:50]]))


@dataclass(frozen=True)
class Blocker:
    """One reason a case cannot be marked complete: the field (``path``, and ``label``, the
    path in words), what is wrong, and the rule that says so ("V42", "CARE 13", "REQUIRED");
    ``overridable``: the rule allows an override with a reason (V57, rituximab given IT...)."""

    path: str
    message: str
    label: str = ""
    rule: str = ""
    overridable: bool = False  # the rule allows confirming it with a reason (Problems)

    def __str__(self) -> str:
        return f"{self.label}: {self.message}" if self.label else self.message


def as_blockers(reasons: Iterable[str | Blocker]) -> list[Blocker]:
    """Reasons as Blockers; a plain text names no field."""
    return [r if isinstance(r, Blocker) else Blocker("", str(r)) for r in reasons]


class StatusError(CasebookError):
    """A status change that is not allowed (e.g. completing a case with errors): ``reasons``
    in words, ``blockers`` the same with the field each one is about."""

    def __init__(self, message: str, reasons: Iterable[str | Blocker] = ()):
        self.blockers = as_blockers(reasons)
        self.reasons = [str(b) for b in self.blockers]
        super().__init__(message)


class StorageError(CasebookError):
    """The disk is full, the folder is read-only, the database is locked or damaged."""


class DamagedCase(CasebookError, ValueError):
    """A stored case the model cannot read (its document damaged, or written by a Casebook
    that stored other fields): its id and, in words, what is wrong at which field."""

    def __init__(self, case_id: str, problems: list[str]):
        self.case_id, self.problems = case_id, problems
        shown = "; ".join(problems[:5]) + ("; ..." if len(problems) > 5 else "")
        super().__init__(
            f"Case {case_id} cannot be read: its stored record is damaged or was saved by "
            f"another version of Casebook ({shown}). Nothing was changed in the database. "
            "Restore a backup made before the damage, or open the case with the Casebook "
            "version that saved it.")


class DatabaseProblem(CasebookError):
    """The database file is damaged, foreign, or from a newer Casebook."""

    def __init__(self, message: str, kind: str):
        self.kind = kind
        super().__init__(message)
