"""casebook.log holds no clinical text (core.log_privacy, the formatter of core.logs' handler):
exception messages and tracebacks were written whole, so a pydantic ValidationError put
``input_value='<what was typed>'`` in the log, a KeyError or SQLite error the value it quoted.
Now each exception keeps its type, codes, field paths and places, not its words. Each
exception here is raised on purpose, carrying a patient's text, and logged as the app logs
one (``log.exception``, ``exc_info``, an exception as an argument)."""

from __future__ import annotations

import errno
import logging
import sqlite3

import pytest
from pydantic import ValidationError

from core.errors import CasebookError
from core.logs import get_logger, setup_logging
from core.model import Case

NAME = "Quistorp"  # a patient's name, as typed into a free-text field
TYPED = f"{NAME}, 54, seen at home with her daughter"


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "casebook.log"
    setup_logging(path)
    yield path
    for handler in list(get_logger().handlers):
        get_logger().removeHandler(handler)
        handler.close()


def logged(log_file) -> str:
    for handler in get_logger().handlers:
        handler.flush()
    return log_file.read_text(encoding="utf-8")


def typed_into_the_title() -> ValidationError:
    """A real ValidationError of the case model: the typed text where a title cannot be."""
    try:
        Case.model_validate({"case_id": "SYN-LOG-00001",
                             "case_report": {"title": [TYPED], "discussion": 7}})
    except ValidationError as exc:
        assert f"input_value=['{TYPED}']" in str(exc)  # what the log wrote before
        return exc
    raise AssertionError("the case was valid")


@pytest.mark.expected_errors("an exception carrying a patient's text, provoked and logged on purpose")
def test_a_validation_error_keeps_its_field_paths_and_drops_the_value(log_file):
    error = typed_into_the_title()
    log = get_logger("test")
    try:
        raise error
    except ValidationError:
        log.exception("the case could not be read")  # provoked: a caught error's path
    log.warning("not stored: %s (%r)", error, error)  # an exception as an argument
    text = logged(log_file)
    assert NAME not in text and "input_value" not in text
    assert "ValidationError: 2 validation error(s) for Case: " in text
    assert "case_report.title [string_type]" in text  # its field path and error type
    assert "case_report.discussion [string_type]" in text
    assert f"tests/core/test_log_privacy.py:{raise_line(test_a_validation_error_keeps_its_field_paths_and_drops_the_value)}" in text  # noqa: E501
    assert text.count("for Case: case_report.title") == 3  # the traceback, %s and %r


def raise_line(function) -> int:
    """The line of the first ``raise`` in ``function`` (where the traceback points)."""
    import inspect

    lines, first = inspect.getsourcelines(function)
    return first + next(i for i, line in enumerate(lines) if line.strip().startswith("raise "))


@pytest.mark.expected_errors("an exception carrying a patient's text, provoked and logged on purpose")
@pytest.mark.parametrize("error", [KeyError(TYPED), ValueError(f"not a date: {TYPED}"),
                                   UnicodeDecodeError("utf-8", TYPED.encode(), 0, 1, "bad")],
                         ids=["KeyError", "ValueError", "UnicodeDecodeError"])
def test_an_error_that_may_carry_typed_text_is_logged_by_its_type(log_file, error):
    try:
        raise error
    except Exception:
        get_logger("test").exception("reading the field failed")  # provoked, on purpose
    text = logged(log_file)
    assert NAME not in text
    assert f"\n{type(error).__name__}: <message not logged: it may hold typed text>" in text
    line = raise_line(test_an_error_that_may_carry_typed_text_is_logged_by_its_type)
    assert f"  at tests/core/test_log_privacy.py:{line} in " \
           "test_an_error_that_may_carry_typed_text_is_logged_by_its_type\n" \
           "    raise error\n" in text  # the place and its source line, for the developer


@pytest.mark.expected_errors("an exception carrying a patient's text, provoked and logged on purpose")
def test_sqlite_quoting_a_value_gives_its_error_name_and_the_chain(log_file):
    connection = sqlite3.connect(":memory:")
    try:
        try:
            connection.execute(f"SELECT * FROM \"{NAME}\"")  # no such table: quoted back
        except sqlite3.OperationalError as exc:
            raise RuntimeError(f"the search for {TYPED!r} failed") from exc
    except RuntimeError:
        get_logger("test").error("search failed", exc_info=True)  # provoked, on purpose
    text = logged(log_file)
    assert NAME not in text
    assert "sqlite3.OperationalError [SQLITE_ERROR]: <message not logged" in text
    assert "direct cause of the following exception" in text
    # a type whose words are the code's keeps them, its quoted literal redacted
    assert "RuntimeError: the search for '<redacted>' failed" in text


def test_arguments_keep_numbers_and_words_but_not_quoted_or_typed_values(log_file):
    log = get_logger("test")
    log.info("read %d case(s) in %.1f s from %s", 3, 0.25, "the-folder")
    log.info("received %r", TYPED)  # an argument's repr is a quoted literal whole
    log.info("pillow said: %s", f"cannot read '{NAME}.png': it's cut short")
    log.info("pydantic said: %s", f"[type=string_type, input_value={TYPED}, input_type=str]")
    failed = CasebookError(f"The backup of {TYPED} failed")  # a user's words, raised from
    failed.__cause__ = OSError(errno.ENOSPC, "No space left on device", f"/b/{NAME}.zip")
    log.warning("automatic backup failed: %s", failed)  # an exception as an argument
    text = logged(log_file)
    assert NAME not in text
    assert "read 3 case(s) in 0.2 s from the-folder" in text  # %.1f of 0.25 rounds to even
    assert "received '<redacted>'" in text
    assert "pillow said: cannot read '<redacted>': it's cut short" in text
    assert "[type=string_type, input_value=<redacted>, input_type=str]" in text
    assert "automatic backup failed: CasebookError (message not logged), from OSError " \
           "[ENOSPC]" in text  # its type and its cause's code, none of its words


def test_other_handlers_see_the_record_as_it_was_made(log_file):
    """Only casebook.log is redacted: a record is formatted from a copy."""
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    keep = Keep()
    get_logger().addHandler(keep)
    try:
        get_logger("test").info("typed %r", TYPED)
    finally:
        get_logger().removeHandler(keep)
    assert seen[0].getMessage() == f"typed {TYPED!r}"
    assert NAME not in logged(log_file)
