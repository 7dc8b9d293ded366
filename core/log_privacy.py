"""casebook.log holds no clinical text: the formatter of its handler (``core.logs``) redacts
every record before it is written.

What is kept is what a developer needs to find a fault: the record's own words (the format
string, written in the code), numbers, an exception's type, its codes (errno name, SQLite's
error name), the places of its traceback (file, line, function, source line) and, for a
pydantic ValidationError, each error's field path and error type.

What goes:

- in every argument of a record and every exception text kept: pydantic's
  ``input_value=...`` (what was typed) and each quoted literal (``'Li Mei'``, ``"..."``,
  ``“...”``), as ``'<redacted>'``; an argument's ``%r`` is a quoted literal whole;
- the whole message (and notes) of an exception whose type may carry user data: any type but
  the few whose words Python or the code writes (``_WORDS_OF_CODE``): ValueError (pydantic's
  ValidationError is one), KeyError and other lookups, SQLite's and SQLAlchemy's errors (their
  words quote values and statements), Casebook's own errors (their words are for the user and
  may name a field's value), and any library's own type.

A value must never be put into the format string itself (``log.info(f"... {title}")``): it
is a message's arguments that are redacted.
"""

from __future__ import annotations

import errno
import logging
import numbers
import re
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.errors import CasebookError

APP_FOLDER = Path(__file__).resolve().parent.parent  # holds core/ and gui/
REDACTED = "<redacted>"
WITHHELD = "<message not logged: it may hold typed text>"
# Types whose words are Python's or the code's, about the code (a name, a type, a file's
# errno): kept, with their quoted literals redacted. Casebook's own errors are never among
# them, whatever else they derive from.
_WORDS_OF_CODE: tuple[type[BaseException], ...] = (
    ArithmeticError, AssertionError, AttributeError, BufferError, EOFError, ImportError,
    MemoryError, NameError, OSError, RuntimeError, StopIteration, SyntaxError, SystemError,
    TypeError, Warning)
_USER_WORDS: tuple[type[BaseException], ...] = (CasebookError,)
_INPUT_VALUE = re.compile(r"input_value=(?:.*?(?=, input_type=)|[^\]\n]*)", re.DOTALL)
# A quote opens where no letter stands before it (but a bytes' b'...') and closes where none
# follows: the apostrophes of "it's" and "O'Brien" neither open nor close one.
_QUOTED = re.compile(
    r"""(?:(?<!\w)|(?<=(?<!\w)[bBrRuU]))"""
    r"""(?:'(?:[^'\\]|\\.|'(?=\w))*'|"(?:[^"\\]|\\.|"(?=\w))*"|“[^”]*”"""
    r"""|‘(?:[^’]|’(?=\w))*’|«[^»]*»)(?!\w)""", re.DOTALL)
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


def redact_text(text: str) -> str:
    """``text`` with pydantic's ``input_value=...`` and every quoted literal redacted."""
    text = _INPUT_VALUE.sub("input_value=" + REDACTED, text)
    return _QUOTED.sub(lambda m: m.group(0)[0] + REDACTED + m.group(0)[-1], text)


def words_are_safe(exc: BaseException) -> bool:
    """The exception's words are the code's (kept, redacted), not possibly the user's."""
    return isinstance(exc, _WORDS_OF_CODE) and not isinstance(exc, _USER_WORDS)


def type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = "" if kind.__module__ == "builtins" else kind.__module__ + "."
    return module + kind.__qualname__


def error_codes(error: BaseException) -> str:
    """What tells one cause from another and holds no user text: an OSError's errno name
    (ENOSPC: disk full), SQLite's error name (SQLITE_FULL, SQLITE_BUSY), as " [ENOSPC]"."""
    codes = []
    number = getattr(error, "errno", None)
    if isinstance(number, int):
        codes.append(errno.errorcode.get(number, str(number)))
    name = getattr(error, "sqlite_errorname", None) or getattr(
        getattr(error, "orig", None), "sqlite_errorname", None)  # SQLAlchemy wraps sqlite3's
    if isinstance(name, str):
        codes.append(name)
    return f" [{', '.join(codes)}]" if codes else ""


def validation_errors(exc: BaseException) -> str | None:
    """A pydantic ValidationError as its model, field paths and error types ("1 validation
    error for Case: case_report.title [string_too_long]"), never the input; None for any
    other exception (read by duck typing: core.logs is imported before pydantic)."""
    errors, count = getattr(exc, "errors", None), getattr(exc, "error_count", None)
    if not (type(exc).__name__ == "ValidationError" and callable(errors) and callable(count)):
        return None
    try:
        found = errors(include_url=False, include_context=False, include_input=False)
        places = "; ".join(
            f"{'.'.join(str(part) for part in e.get('loc', ())) or '(the whole value)'} "
            f"[{e.get('type', '?')}]" for e in found)
        return f"{count()} validation error(s) for {getattr(exc, 'title', '?')}: {places}"
    except Exception:  # noqa: BLE001 - another library's ValidationError: its type alone
        return None


def message_of(exc: BaseException) -> str:
    """What the log says of ``exc`` where ``str(exc)`` would stand: its words redacted if they
    are the code's, else its field paths (pydantic) or that its words are withheld."""
    summary = validation_errors(exc)
    if summary is not None:
        return summary
    if words_are_safe(exc):
        try:
            return redact_text(str(exc))
        except Exception:  # noqa: BLE001 - a broken __str__ says nothing
            return ""
    return WITHHELD


def describe(exc: BaseException) -> str:
    """``exc`` in one line: type, codes and its message as ``message_of`` gives it."""
    message = message_of(exc)
    return f"{type_name(exc)}{error_codes(exc)}" + (f": {message}" if message else "")


def where(exc: BaseException) -> str:
    """An unexpected error in one line: its type and the code it went through (file, line,
    function), never its text, for each exception of its chain ('from' or during handling).
    The type and the places are what a developer needs to find the fault."""
    parts: list[str] = []
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        frames = traceback.extract_tb(error.__traceback__)
        places = " < ".join(f"{short_path(f.filename)}:{f.lineno} in {f.name}"
                            for f in reversed(frames))
        parts.append(f"{type_name(error)}{error_codes(error)}"
                     + (f" at {places}" if places else ""))
        error = _earlier(error)
    return "; caused by ".join(parts)


def short_path(filename: str) -> str:
    """A source file named from the app's folder ('core/search/run.py') or a library's
    ('sqlalchemy/engine/base.py'), not from the folder above it (which may hold a user's name)."""
    path = Path(filename)
    if "site-packages" in path.parts[:-1]:  # a library's, wherever it is installed
        return "/".join(path.parts[path.parts.index("site-packages") + 1:])
    if path.is_relative_to(APP_FOLDER):
        return path.relative_to(APP_FOLDER).as_posix()
    return path.name


def format_exception(exc: BaseException) -> str:
    """A traceback as the log keeps it: Python's layout (the chain, oldest first), each frame
    as ``at file:line in function`` with its source line, each exception as ``describe``."""
    lines: list[str] = []
    _format_chain(exc, lines, set(), "")
    return "\n".join(lines)


def _format_chain(exc: BaseException, lines: list[str], seen: set[int], indent: str) -> None:
    seen.add(id(exc))
    cause = exc.__cause__
    context = None if exc.__suppress_context__ else exc.__context__
    for earlier, bridge in ((cause, _CAUSE), (context if cause is None else None, _CONTEXT)):
        if earlier is not None and id(earlier) not in seen:
            _format_chain(earlier, lines, seen, indent)
            lines += [indent.rstrip(), indent + bridge, indent.rstrip()]
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        lines.append(indent + "Traceback (most recent call last):")
    for frame in frames:
        lines.append(f"{indent}  at {short_path(frame.filename)}:{frame.lineno} in {frame.name}")
        if frame.line:
            lines.append(f"{indent}    {frame.line.strip()}")
    lines.append(indent + describe(exc))
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, list) and notes:
        if words_are_safe(exc):
            lines += [indent + redact_text(str(note)) for note in notes]
        else:
            lines.append(f"{indent}({len(notes)} note(s) not logged)")
    if isinstance(exc, BaseExceptionGroup):
        for number, inner in enumerate(exc.exceptions, 1):
            lines.append(f"{indent}+-- {number} of {len(exc.exceptions)}:")
            _format_chain(inner, lines, seen, indent + "  | ")


def as_argument(exc: BaseException) -> str:
    """``exc`` where a record's ``%s`` puts it: its redacted words if they are the code's,
    else its type and codes, and those of the errors it was raised from or during, with its
    field paths (pydantic): "BackupError (message not logged), from OSError [ENOSPC]"."""
    summary = validation_errors(exc)
    if summary is not None:
        return f"{type(exc).__qualname__}: {summary}"
    if words_are_safe(exc):
        return message_of(exc) or type(exc).__qualname__
    said = f"{type(exc).__qualname__}{error_codes(exc)} (message not logged)"
    seen, earlier = {id(exc)}, _earlier(exc)
    while earlier is not None and id(earlier) not in seen:
        seen.add(id(earlier))
        said += f", from {type(earlier).__qualname__}{error_codes(earlier)}"
        earlier = _earlier(earlier)
    return said


def _earlier(exc: BaseException) -> BaseException | None:
    return exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)


class _Shown:
    """A record's argument as the log prints it: ``%s`` and ``%r`` both redacted."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        if isinstance(self.value, BaseException):
            return as_argument(self.value)
        return redact_text(str(self.value))

    def __repr__(self) -> str:
        if isinstance(self.value, BaseException):
            return f"<{as_argument(self.value)}>"
        return redact_text(repr(self.value))


def _shown(value: object) -> object:
    if value is None or isinstance(value, numbers.Number):  # %d and %.1f need the number
        return value
    return _Shown(value)


def redact_args(args: Any) -> Any:
    if isinstance(args, Mapping):
        return {key: _shown(value) for key, value in args.items()}
    if isinstance(args, tuple):
        return tuple(_shown(value) for value in args)
    return args


class PrivateFormatter(logging.Formatter):
    """Formats a copy of each record with its arguments, exception and traceback redacted;
    the record itself (seen by other handlers) is left as it was."""

    def format(self, record: logging.LogRecord) -> str:
        shown = logging.makeLogRecord(record.__dict__)
        msg = record.msg
        shown.msg = _INPUT_VALUE.sub("input_value=" + REDACTED, msg) if isinstance(msg, str) \
            else _shown(msg)
        shown.args = redact_args(record.args)
        shown.exc_info, shown.exc_text = None, None
        try:
            shown.getMessage()
        except Exception:  # noqa: BLE001 - arguments that do not fit: the words alone
            shown.msg, shown.args = f"{shown.msg} (its arguments did not fit)", ()
        text = super().format(shown)
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None:
            text += "\n" + format_exception(exc)
        elif record.exc_text:  # a text formatted elsewhere: its quoted parts at least
            text += "\n" + redact_text(record.exc_text)
        return text

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        exc = ei[1] if ei else None
        return format_exception(exc) if isinstance(exc, BaseException) else ""
