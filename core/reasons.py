"""A reason given for a change (amend, unlock, trash, purge): one line of bounded length, so
the audit trail's one-line-per-entry output, the banner and the PDF stay readable."""

from __future__ import annotations

import re

MAX_REASON = 500
_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")


def fold_reason(text: str) -> str:
    """Line breaks and tabs become spaces (a run of them one space)."""
    return _BREAKS.sub(" ", text)


def breaks_line(text: str) -> bool:
    """True when ``text`` holds a line break or tab: it is not one line."""
    return _BREAKS.search(text) is not None


def one_line(text: str) -> str:
    """A stored text (a reason or value from before reasons were folded) shown on one line:
    a backslash, line break or tab is written as its escape (\\\\, \\n, \\r, \\t)."""
    return (text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
            .replace("\t", "\\t"))


def shortened(text: str, limit: int) -> str:
    """``text`` folded to one line and cut to ``limit`` characters (with '…')."""
    text = " ".join(fold_reason(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
