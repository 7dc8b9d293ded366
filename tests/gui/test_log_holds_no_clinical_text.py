"""casebook.log holds no clinical text, whatever goes wrong while a clinician types: the app's
exception hook and its caught errors (``log.exception``) wrote the exception's message and
traceback whole, so what was typed reached the log when an error quoted it (a pydantic
ValidationError's ``input_value='...'``, a ValueError's words). Every error here is provoked
on purpose, carrying the text typed, and the log is read as the user's data folder holds it:
the text is not there, the error's type and the place it was raised (file:line) are."""

from __future__ import annotations

import inspect
import logging
import sys

import pytest

from core.logs import get_logger
from core.model import Case
from tests.gui.conftest import open_as_draft, press

C1 = "SEED-C1-CAO2023"
TYPED = "Ottilie Quistorp-Zwanziger came with her daughter"  # distinctive, as typed
NAME_PARTS = ("Ottilie", "Quistorp", "Zwanziger")


def read_log(casebook) -> str:
    for handler in get_logger().handlers:
        handler.flush()
    return casebook.paths.log_file.read_text(encoding="utf-8")


def assert_no_typed_text(log: str) -> None:
    for part in NAME_PARTS:
        assert part not in log, log[max(0, log.find(part) - 400):log.find(part) + 200]


def line_of(function, text: str) -> int:
    """The line of ``function`` that holds ``text`` (where the traceback points)."""
    lines, first = inspect.getsourcelines(function)
    return first + next(i for i, line in enumerate(lines) if text in line)


@pytest.fixture
def everything_logged(casebook):
    """casebook.log takes every record while the test runs (DEBUG and up), not INFO and up."""
    logger = get_logger()
    level = logger.level
    logger.setLevel(logging.DEBUG)
    yield
    logger.setLevel(level)


def discussion(qtbot, window):
    window.editor.focus_path("case_report.discussion")
    field = window.focusWidget()
    field.moveCursor(field.textCursor().MoveOperation.End)
    return field


def refused(case: Case) -> None:
    """A draft store that refuses the case as a validation would: its ValidationError quotes
    the typed text (``input_value=...``)."""
    Case.model_validate({**case.model_dump(), "case_report": {
        **case.case_report.model_dump(), "discussion": [case.case_report.discussion]}})


@pytest.mark.expected_errors("the autosave's draft store is made to fail on purpose, its "
                             "error quoting the typed text: logged ERROR")
def test_typing_saving_and_a_failed_autosave_leave_no_typed_text_in_the_log(
        qtbot, stored_references, window, casebook, monkeypatch, everything_logged):
    open_as_draft(qtbot, casebook, window, C1)
    real_save_draft = casebook.drafts.save_draft

    def failing_save_draft(case, **kwargs):  # provoked: the autosave's store fails
        refused(case)
        return real_save_draft(case, **kwargs)

    monkeypatch.setattr(casebook.drafts, "save_draft", failing_save_draft)
    field = discussion(qtbot, window)
    qtbot.keyClicks(field, " " + TYPED)
    # the autosave after the pause fails, caught: logged ERROR, said in the status bar
    qtbot.waitUntil(lambda: "autosave failed" in read_log(casebook), timeout=5000)
    monkeypatch.setattr(casebook.drafts, "save_draft", real_save_draft)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty(), timeout=5000)
    assert TYPED in (casebook.cases.open_case(C1).case_report.discussion or "")  # saved
    window.close()

    log = read_log(casebook)
    assert_no_typed_text(log)
    assert "input_value" not in log
    assert " ERROR casebook.gui.session " in log  # the caught error is there, for a developer:
    assert "ValidationError: 1 validation error(s) for Case: case_report.discussion " \
           "[string_type]" in log  # its type, and the field
    place = line_of(refused, "Case.model_validate(")
    assert f"at tests/gui/test_log_holds_no_clinical_text.py:{place} in refused" in log
    assert "at gui/case_session.py:" in log  # where the app caught it


def provoked_in_a_slot(typed: str) -> None:
    raise ValueError(f"cannot read {typed!r} as a date")  # provoked on purpose


@pytest.mark.expected_errors("an exception carrying typed text, raised on purpose in a slot, "
                             "reaches the app's exception hook and its dialog")
@pytest.mark.qt_no_exception_capture
def test_the_exception_hook_logs_the_type_and_place_not_the_typed_text(
        qtbot, casebook, monkeypatch):
    from PySide6.QtWidgets import QLineEdit

    from gui import app

    said: list[str] = []
    previous = app.install_excepthook(said.append, casebook.paths)
    try:
        field = QLineEdit()
        qtbot.addWidget(field)
        field.returnPressed.connect(lambda: provoked_in_a_slot(field.text()))
        qtbot.keyClicks(field, TYPED)
        qtbot.keyClick(field, "\r")
    finally:
        sys.excepthook = previous
    assert said and said[0].startswith("Something went wrong (ValueError)")
    log = read_log(casebook)
    assert_no_typed_text(log)
    assert " ERROR casebook.gui [" in log and "unexpected error" in log
    assert "\nValueError: <message not logged: it may hold typed text>" in log
    place = line_of(provoked_in_a_slot, "raise ValueError")
    assert f"at tests/gui/test_log_holds_no_clinical_text.py:{place} in provoked_in_a_slot" \
           in log


@pytest.mark.expected_errors("the editor's case is made to fail on purpose, with the typed "
                             "text in its message: logged and said in an error dialog")
def test_a_caught_error_on_save_logs_no_typed_text(
        qtbot, stored_references, window, casebook, prompter, monkeypatch):
    open_as_draft(qtbot, casebook, window, C1)
    field = discussion(qtbot, window)
    qtbot.keyClicks(field, " " + TYPED)

    def unbuildable():  # provoked: the editor cannot build the case
        raise ValueError(f"the discussion {field.toPlainText()!r} cannot be read")

    monkeypatch.setattr(window.editor, "current_case", unbuildable)
    press(qtbot, window, "Ctrl+S")
    assert prompter.calls("error")  # the user is told (the dialog's words are not the log)
    log = read_log(casebook)
    assert_no_typed_text(log)
    assert "the editor could not build the case" in log
    assert f"at tests/gui/test_log_holds_no_clinical_text.py:" \
           f"{line_of(unbuildable, 'raise ValueError')} in unbuildable" in log
    assert "\nValueError: <message not logged" in log
