"""A progress bar on stderr for long command-line work (report --all, reindex, demo)."""

from __future__ import annotations

from typing import TextIO

BAR_WIDTH = 30


class ProgressBar:
    """``[#####.....] 512/1000`` (plus the unit, when given) redrawn in place (carriage
    return), once per percent. ``starting``, when given, is shown instead while nothing is
    done yet ("Reading the file(s)…", not "0/4 KB read"). On a stream that is no terminal
    (a log file, a pipe read by R's ``system2``), one line per tenth instead, and the last
    count once at the end when the total is unknown: no carriage returns to flood it."""

    def __init__(self, stream: TextIO, width: int = BAR_WIDTH, unit: str = "",
                 starting: str = "", terminal: bool | None = None):
        self.stream, self.width, self.unit, self.starting = stream, width, unit, starting
        self._drawn: int | None = None  # the percent (or count, total unknown) last drawn
        self.terminal = _is_terminal(stream) if terminal is None else terminal
        self._last = ""  # no terminal: the line not written yet (total unknown)

    def text(self, done: int, total: int | None) -> str:
        if done == 0 and self.starting:
            return self.starting
        if not total:
            return f"{done} {self.unit or 'done'}"
        filled = self.width * min(done, total) // total
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        return f"{bar} {self.unit}" if self.unit else bar

    def show(self, done: int, total: int | None) -> None:
        if not self.terminal:
            self._show_lines(done, total)
            return
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

    def _show_lines(self, done: int, total: int | None) -> None:
        if done == 0:  # the starting text, once
            if self.starting and self._drawn is None:
                self._write_line(self.starting)
                self._drawn = 0
            return
        if not total:  # a count with no end known: the last one, written by ``end``
            self._last = self.text(done, total)
            return
        step = min(done, total) * 10 // total
        if step > (self._drawn or 0) or (done == total and step != self._drawn):
            self._drawn = step
            self._write_line(self.text(done, total))

    def _write_line(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def end(self) -> None:
        if not self.terminal:
            if self._last:
                self._write_line(self._last)
                self._last = ""
            return
        if self._drawn is not None:
            self.stream.write("\n")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False
