"""The warnings an import or export report ends with: a head line, then the first items named
(indented), then how many more there are."""

from __future__ import annotations

from collections.abc import Sequence


def warning_lines(head: str, named: Sequence[str], count: int) -> list[str]:
    """``head`` and the ``named`` items of ``count`` in all, one a line; [] when ``count`` is
    0."""
    if not count:
        return []
    more = count - len(named)
    return [head, *(f"  {line}" for line in named),
            *([f"  ... and {more} more"] if more > 0 else [])]
