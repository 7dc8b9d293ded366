"""Text cells a spreadsheet would run as a formula, made safe in a CSV file and read back.

A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe (the OWASP advice against CSV injection), and so does a text that already starts
with an apostrophe followed by one of those or by another apostrophe, so that ``plain`` takes
exactly one apostrophe off again: every text reads back as it was written. A text such as
``'abc`` is written and read as it is. Numbers are never made text: the writers only pass
the cells of text columns.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_AFTER_APOSTROPHE = (*FORMULA_START, "'")
RISKY_FIRST = frozenset(_AFTER_APOSTROPHE)  # the first characters ``safe`` looks at


def safe(text: str) -> str:
    """``text`` as written to a CSV cell: an apostrophe before a would-be formula."""
    if text.startswith(FORMULA_START) or (text.startswith("'")
                                           and text[1:].startswith(_AFTER_APOSTROPHE)):
        return "'" + text
    return text


def plain(cell: str) -> str:
    """A CSV cell as the text it was before ``safe``."""
    if cell.startswith("'") and cell[1:].startswith(_AFTER_APOSTROPHE):
        return cell[1:]
    return cell
