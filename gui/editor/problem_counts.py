"""What the Problems panel counts, in its words ("1 error, 1 warning; 2 more to fill before
Complete"): the panel's summary and the banner above the editor say the same (the banner said
"1 problem" where the panel said "1 error, 1 warning")."""

from __future__ import annotations

from dataclasses import dataclass

from gui.editor.context import EditContext
from gui.editor.feedback import distinct
from gui.formatting import counted


@dataclass(frozen=True)
class ProblemCounts:
    errors: int  # the checks' errors, each once, and typed text not stored
    warnings: int
    required: int  # required items and CARE items still to fill before Complete

    def words(self) -> str:
        """'1 error, 1 warning', with '; 2 more to fill before Complete' when some are."""
        required = (f"; {self.required} more to fill before Complete" if self.required
                    else "")
        return f"{counted(self.errors, 'error')}, {counted(self.warnings, 'warning')}{required}"

    def to_do(self) -> str:
        """What makes the case lockable again: 'correct the errors and fill what is missing'."""
        parts = (["correct the error" + ("" if self.errors == 1 else "s")] if self.errors
                 else []) + (["fill what is missing"] if self.required else [])
        return " and ".join(parts) or "correct them"


def problem_counts(ctx: EditContext) -> ProblemCounts:
    """The counts of the findings the Problems panel lists for the edited state."""
    findings = distinct(ctx.feedback.findings)
    return ProblemCounts(
        errors=len(ctx.unstored) + sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        required=len(distinct(ctx.feedback.required)))
