"""A progress bar on stderr for long command-line work (report --all, reindex, demo)."""

from __future__ import annotations

from typing import TextIO

BAR_WIDTH = 30


class ProgressBar:
    """``[#####.....] 512/1000`` (plus the unit, when given) redrawn in place (carriage
    return), once per percent."""

    def __init__(self, stream: TextIO, width: int = BAR_WIDTH, unit: str = ""):
        self.stream, self.width, self.unit = stream, width, unit
        self._drawn: int | None = None  # the percent (or count, total unknown) last drawn

    def text(self, done: int, total: int | None) -> str:
        if not total:
            return f"{done} {self.unit or 'done'}"
        filled = self.width * min(done, total) // total
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        return f"{bar} {self.unit}" if self.unit else bar

    def show(self, done: int, total: int | None) -> None:
        step = done * 100 // total if total else done
        if step == self._drawn and done != total:
            return
        self._drawn = step
        self.stream.write("\r" + self.text(done, total))
        self.stream.flush()

    def end(self) -> None:
        if self._drawn is not None:
            self.stream.write("\n")
            self.stream.flush()
