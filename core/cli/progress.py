"""A progress bar on stderr for long command-line work (report --all, reindex, demo)."""

from __future__ import annotations

from typing import TextIO

BAR_WIDTH = 30


class ProgressBar:
    """``[#####.....] 512/1000`` (plus the unit, when given) redrawn in place (carriage
    return), once per percent. ``starting``, when given, is shown instead while nothing is
    done yet ("Reading the file(s)…", not "0/4 KB read")."""

    def __init__(self, stream: TextIO, width: int = BAR_WIDTH, unit: str = "",
                 starting: str = ""):
        self.stream, self.width, self.unit, self.starting = stream, width, unit, starting
        self._drawn: int | None = None  # the percent (or count, total unknown) last drawn

    def text(self, done: int, total: int | None) -> str:
        if done == 0 and self.starting:
            return self.starting
        if not total:
            return f"{done} {self.unit or 'done'}"
        filled = self.width * min(done, total) // total
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        return f"{bar} {self.unit}" if self.unit else bar

    def show(self, done: int, total: int | None) -> None:
        step = done * 100 // total if total else done
        if step == self._drawn and done != total:
            return
        previous = self._drawn
        self._drawn = step
        line = self.text(done, total)
        # a shorter line after "Reading the file(s)…": blanks over the rest of it
        pad = max(0, len(self.starting) - len(line)) if previous == 0 and self.starting else 0
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()

    def end(self) -> None:
        if self._drawn is not None:
            self.stream.write("\n")
            self.stream.flush()
