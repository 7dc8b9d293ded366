"""What to tell the user when an import file is not UTF-8 text: UTF-16 (what Excel's "Unicode
Text" and some Windows tools write) is named as such, with how to save the file again."""

from __future__ import annotations

from pathlib import Path

_BOMS = (b"\xff\xfe", b"\xfe\xff")


def is_utf16(head: bytes) -> bool:
    """Whether the first bytes of a file are UTF-16 text: its byte-order mark, or (with none)
    a NUL byte beside most characters, as ASCII text in UTF-16 has."""
    if head.startswith(_BOMS):
        return True
    pairs = len(head) // 2
    if pairs < 2:
        return False
    nul_odd = head[1:pairs * 2:2].count(0)
    nul_even = head[0:pairs * 2:2].count(0)
    return max(nul_odd, nul_even) >= 0.9 * pairs and min(nul_odd, nul_even) < 0.1 * pairs


def not_utf8_message(name: str, head: bytes) -> str:
    """The message for the file ``name`` that could not be read as UTF-8 (a CSV file: how to
    save it so in Excel)."""
    what = "UTF-16 text" if is_utf16(head) else "not UTF-8 text"
    how = " (CSV UTF-8 in Excel)" if name.lower().endswith(".csv") else ""
    return f"{name} is {what}; save it as UTF-8{how} and import again"


class NotUtf8(ValueError):
    """A file of an import is not UTF-8 text: the message says what it is and what to do."""

    def __init__(self, name: str, data: bytes):
        super().__init__(not_utf8_message(name, data[:4096]))


def file_head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of ``path`` (none when it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""
