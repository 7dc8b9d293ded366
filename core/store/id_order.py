"""The case list's Case id order: natural, as people count (SYN-2023-2 before SYN-2023-10).

SQLite compares text character by character (SYN-2023-10 before SYN-2023-2), and a custom
collation would have to be registered on every connection that writes the table (the app,
``casebook list``'s plain sqlite3, the sqlite3 shell). So each row stores a sort key made from
its id (``cases.id_key``, migration 0006) with its own index, and the list pages read that
index in order as they read the other sorts' (no sort of every row per page).

The key: letters casefolded; each run of digits as its length (two digits) and then the digits
without leading zeros, so a longer number sorts after a shorter one and equal lengths compare
digit by digit; then a space and the id itself, so that ids whose keys would be equal
(SYN-07, SYN-7; SYN-a, SYN-A) still have one fixed order. A space sorts before every
character an id may hold, so SYN-1 comes before SYN-1-2 and SYN-1A.
"""

from __future__ import annotations

import re

DIGITS = re.compile(r"[0-9]+")


def _number(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    return f"{min(len(digits), 99):02d}{digits}"


def numbers_in_order(text: str) -> str:
    """``text`` with each run of digits as its length and value (see the module's text), so
    that plain text order is natural order (the title's key, core.store.title_order, too)."""
    return DIGITS.sub(_number, text)


def case_id_key(case_id: str) -> str:
    """The stored sort key of ``case_id`` (see the module's text)."""
    return f"{numbers_in_order(case_id.casefold())} {case_id}"
