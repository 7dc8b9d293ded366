"""Small text formatting shared by list and dialogs."""

from __future__ import annotations

from datetime import datetime

STATUS_LABELS = {"draft": "Draft", "complete": "Complete", "locked": "Locked"}


def local_time(iso_utc: str | None, *, seconds: bool = False) -> str:
    """'2024-05-01T12:03:04.123Z' (UTC) -> '2024-05-01 14:03' in local time (``seconds``:
    '2024-05-01 14:03:04', as the history shows it)."""
    if not iso_utc:
        return ""
    try:
        moment = datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    except ValueError:
        return iso_utc
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def counted(count: int, word: str) -> str:
    """'1 error', '2 errors', '0 warnings' (a plural in s: the words counted here)."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)
