"""A table's notes kept with the table: the notes under a table (its placeholder note, its
numbered footnotes, the details under the adverse events) never begin a page on their own. A
stranger run found the notes of reference case 1's Line 3 drug table alone at the top of
page 8, under Dose changes' heading as it were, the table they explain on page 7.

``keep_notes`` joins each table of the story with the note paragraphs that follow it into one
``NotedTable``. It is drawn as the table and its notes were, at the same places; where a page
ends inside it, the table is split so that its last ``KEEP_ROWS`` rows (the whole table, when
it has no more rows) go to the next page with the notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, Table

KEEP_ROWS = 2  # a table's last rows that the notes never leave
NOTE_STYLES = ("note", "note/cjk")
UNLIMITED = 0xFFFFFFF  # the height ReportLab measures a flowable with to find its whole height


def keep_notes(story: Sequence[Flowable]) -> list[Flowable]:
    """The story with each table and the note paragraphs right after it as one
    ``NotedTable``."""
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        item = story[i]
        notes: list[Flowable] = []
        while isinstance(item, Table) and i + 1 + len(notes) < len(story) \
                and is_note(story[i + 1 + len(notes)]):
            notes.append(story[i + 1 + len(notes)])
        out.append(NotedTable(item, notes) if notes and isinstance(item, Table) else item)
        i += 1 + len(notes)
    return out


def is_note(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return getattr(style, "name", None) in NOTE_STYLES


class NotedTable(Flowable):
    """A table with its notes under it, kept together (see the module docstring)."""

    def __init__(self, table: Table, notes: Sequence[Flowable]) -> None:
        super().__init__()
        self.table = table
        self.notes = list(notes)
        self._sizes: list[tuple[float, float]] = []
        self._gaps: list[float] = []

    def __repr__(self) -> str:
        return f"NotedTable({self.table!r}, {len(self.notes)} note(s))"

    @property
    def parts(self) -> list[Flowable]:
        return [self.table, *self.notes]

    def getSpaceBefore(self) -> float:  # noqa: N802
        space: float = self.table.getSpaceBefore()
        return space

    def getSpaceAfter(self) -> float:  # noqa: N802
        space: float = self.notes[-1].getSpaceAfter()
        return space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """The parts' sizes with the space a frame would leave between them (the larger of
        one's space after and the next one's space before)."""
        canv = getattr(self, "canv", None)
        self._sizes = [part.wrapOn(canv, availWidth, availHeight) for part in self.parts]
        self._gaps = [max(a.getSpaceAfter(), b.getSpaceBefore())
                      for a, b in zip(self.parts, self.parts[1:], strict=False)]
        self.width = max(w for w, _ in self._sizes)
        self.height = sum(h for _, h in self._sizes) + sum(self._gaps)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, (_, h), gap in zip(self.parts, self._sizes, [0.0, *self._gaps], strict=True):
            y -= gap + h
            part.drawOn(self.canv, 0, y)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """The table's rows that fit, leaving at least its last ``KEEP_ROWS`` rows, then
        those rows and the notes; nothing (all to the next page) when fewer rows fit than
        that. At the top of a page, a table that cannot be kept with its notes is split as
        ReportLab splits it, the notes after it."""
        self.wrap(availWidth, UNLIMITED)
        table = self.table
        heights: list[float] = list(table._rowHeights)
        repeat = table.repeatRows if isinstance(table.repeatRows, int) else len(table.repeatRows)
        tail = sum(heights[max(repeat, len(heights) - KEEP_ROWS):])
        room = min(availHeight, sum(heights) - tail)
        parts: list[Any] = table.splitOn(self.canv, availWidth, room) if room > 0 else []
        if len(parts) == 2:
            return [parts[0], NotedTable(parts[1], self.notes)]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return self.parts
        return []
