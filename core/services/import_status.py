"""Imported cases whose status their errors do not allow (CASE-MODEL.md: rule errors block
draft -> complete): a case a file calls complete or locked, with errors or open required items
that would stop it from being marked complete here, is stored as a draft and named in the
report. Otherwise an import would store, or let be signed, a case the app never lets be
completed (a vincristine given intrathecally: rule V42, no override).

Only complete and locked cases are evaluated (a draft holds any error), and only those the
import writes (``importing.ImportWriter``: not a case the same as the stored one)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.errors import Blocker
from core.io.screening import safe_text
from core.model import Case
from core.services.report_text import warning_lines

DEMOTED_SHOWN = 20  # cases named in the report (all are counted)
REASONS_SHOWN = 2  # blockers named for each case


class DemotedCases:
    """The check an import makes of each case it is about to write, and what it found."""

    def __init__(self, blockers: Callable[[Case], Sequence[Blocker]]):
        self._blockers = blockers  # ``CaseService.completion_blockers``: as Mark complete
        self.named: list[str] = []
        self.count = 0

    def check(self, case: Case) -> tuple[Case, str | None]:
        """``case`` as it is to be stored, and why it is a draft when the file said
        otherwise (None when it keeps its status)."""
        if case.status not in ("complete", "locked"):
            return case, None
        found = self._blockers(case)
        if not found:
            return case, None
        from core.clinical.row_numbers import shown_blockers

        found = shown_blockers(case, found)  # rows as the editor's tables show them
        draft = case.model_copy(update={"status": "draft", "locked_by": None,
                                        "locked_at": None})  # a draft is signed by no one
        return draft, why_text(case.status, found)

    def written(self, case_id: str, why: str) -> str:
        """Count case ``case_id`` (stored as a draft, ``why``); the note its audit entries
        carry (the count only: a rule's message may quote the case's values)."""
        self.count += 1
        if len(self.named) < DEMOTED_SHOWN:
            self.named.append(f"{case_id}: imported as a draft: {why}")
        return f"stored as a draft: {why.split(' (', 1)[0]}"


def why_text(status: str, found: Sequence[Blocker]) -> str:
    """"1 error blocks 'complete' (V42 Treatment › Treatment lines › row 1 › Administrations
    › row 3 › Route: …)", each field from the editor's section list (the Blocker's label); a
    case the file calls locked says so ("the file says locked; …")."""
    n = len(found)
    head = f"{n} error blocks" if n == 1 else f"{n} errors block"
    shown = "; ".join(safe_text(_with_rule(b), 160) for b in found[:REASONS_SHOWN])
    more = f"; and {n - REASONS_SHOWN} more" if n > REASONS_SHOWN else ""
    said = "the file says locked; " if status == "locked" else ""
    return f"{said}{head} 'complete' ({shown}{more})"


def demoted_text(named: list[str], count: int) -> list[str]:
    """The report's warning for the cases stored as drafts, or [] when none."""
    return warning_lines(
        f"Warning: {count} case(s) marked complete or locked in the file are stored as "
        "drafts: errors block 'complete' (Problems lists them; correct them, then Mark "
        "complete):", named, count)


def _with_rule(blocker: Blocker) -> str:
    """"V42 Treatment › …: …"; a required field without the tag REQUIRED, which is no rule a
    clinician can look up ("Patient › Sex: required (a value or a reason)")."""
    rule = "" if blocker.rule == "REQUIRED" else blocker.rule
    return f"{rule} {blocker}".strip()
