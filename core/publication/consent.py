"""What a consent statement says, to hold it against the recorded consent status (rule V56)."""

from __future__ import annotations

import re
from typing import Literal

Says = Literal["obtained", "waived", "not_obtained"]
_WAIVED = re.compile(r"\bwaiv|\bexempt|\bnot\s+(?:been\s+)?required\b|\bno\s+need\b", re.I)
_NOT = re.compile(r"\b(?:not|unable|no|never|without)\b[^.;]{0,40}?\b(?:obtain|given|consent|"
                  r"signed|provided)", re.I)
_OBTAINED = re.compile(r"\b(?:obtained|given|signed|provided|gave|granted|consented)\b", re.I)
_STATUS_SAYS: dict[str, Says] = {"obtained": "obtained", "waived_by_ethics_committee": "waived",
                                 "not_obtained": "not_obtained"}
_WORDS = {"obtained": "consent was obtained", "waived": "consent was waived",
          "not_obtained": "consent was not obtained"}


def statement_says(text: str | None) -> Says | None:
    """'waived', 'not_obtained' or 'obtained' as the statement reads; None if it says none."""
    if not text or not text.strip():
        return None
    if _WAIVED.search(text):
        return "waived"
    if _NOT.search(text):
        return "not_obtained"
    if _OBTAINED.search(text):
        return "obtained"
    return None


def statement_conflict(status: str | None, statement: str | None) -> str | None:
    """Why the consent statement contradicts the recorded status, or None."""
    says = statement_says(statement)
    if says is None or status is None or _STATUS_SAYS.get(status) == says:
        return None
    recorded = status.replace("_", " ")
    return (f"The consent statement says {_WORDS[says]}, but the consent status is "
            f"'{recorded}': correct the status or the statement")
