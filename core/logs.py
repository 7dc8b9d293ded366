"""The rotating log file in the data folder; unexpected errors go here, never to the screen.

It holds no clinical text: its formatter (``core.log_privacy.PrivateFormatter``) redacts each
record's arguments, exception messages and tracebacks (typed values, quoted text), keeping
exception types, codes, field paths and the traceback's files and lines.

A log that cannot be written (read-only folder, full disk, the log file replaced by a folder)
is skipped without a word: logging never prints ``--- Logging error ---`` on the console and
never stops a command.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from core.log_privacy import PrivateFormatter

LOGGER_NAME = "casebook"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"


class QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Opens the file at the first record (so setting up never fails) and drops a record it
    cannot write instead of printing a traceback to stderr."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        stream, self.stream = self.stream, None  # reopen (and try again) at the next record
        if stream is not None:
            try:
                stream.close()
            except (OSError, ValueError):
                pass


def setup_logging(log_file: Path, *, level: int = logging.INFO,
                  create_folder: bool = True) -> logging.Logger:
    """Log to ``log_file``; ``create_folder=False`` for read-only work (the folder is never
    made, and records are dropped while it does not exist)."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    target = str(log_file)
    for handler in list(logger.handlers):
        if getattr(handler, "baseFilename", None) == target:
            return logger
        logger.removeHandler(handler)
        handler.close()
    if create_folder:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # the caller finds out when it needs the folder; the log is simply skipped
    handler = QuietRotatingFileHandler(target, maxBytes=2_000_000, backupCount=5,
                                       encoding="utf-8", delay=True)
    handler.setFormatter(PrivateFormatter(_FORMAT))
    logger.addHandler(handler)
    return logger


def get_logger(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)
