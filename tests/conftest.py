"""Test set-up: headless Qt, and a fresh data folder for every test (never the real one)."""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# Folders for what runs outside a test's own (data_home, per test): module and session
# fixtures, and the processes they start. Before, they used the real ~/.config, where the
# copies of audit heads piled up (1,455); a later run whose temporary path was the same
# (pytest numbers them again once /tmp/pytest-of-* is removed) then found a 'head' for a
# folder it had just made and refused it ("the database is missing although ...").
_SESSION = tempfile.mkdtemp(prefix="casebook-tests-")
os.environ["CASEBOOK_HOME"] = os.path.join(_SESSION, "casebook-home")
os.environ["XDG_DATA_HOME"] = os.path.join(_SESSION, "xdg-data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SESSION, "xdg-config")

import pytest  # noqa: E402

DATA = Path(__file__).parent / "data"
REFERENCE = DATA / "reference-cases.json"
REFERENCE_CASEBOOK = DATA / "reference-cases.casebook.json"


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder through CASEBOOK_HOME."""
    home = tmp_path / "casebook-home"
    monkeypatch.setenv("CASEBOOK_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return home


_FROZEN_TESTS = 0


@pytest.fixture(autouse=True)
def frozen_heap_after_each_test():
    """After each test, what is still alive goes to the collector's permanent generation
    (``gc.freeze``): PySide keeps the Python side of a window's deleted widgets alive (a
    connection's closure holds it), ~2,000 objects a GUI test, so a worker's heap grew past
    400,000 objects and every full collection walked them all; the same page builds took 30%
    longer after 100 GUI tests. Every 200 tests the frozen objects are collected once."""
    yield
    global _FROZEN_TESTS
    _FROZEN_TESTS += 1
    if _FROZEN_TESTS % 200 == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


# -- errors fail the test that caused them -------------------------------------------------------
EXPECTED_ERRORS = "expected_errors"
ERROR_LOGGERS = ("casebook", "core", "gui")  # the app's loggers (get_logger and __name__ ones)
LOG_ERROR_LINE = re.compile(r"^\d{4}-\d\d-\d\d \S+ (ERROR|CRITICAL) ", re.MULTILINE)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{EXPECTED_ERRORS}(reason): the test provokes an error on purpose (an "
        "exception in the app's hook, an error dialog, an ERROR line in casebook.log)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` (a minute or more on a loaded machine) run first, in their order,
    the others after them as collected. ``make test`` shares the tests among workers in
    runs of consecutive ones (pytest-xdist's ``load``), so a long test collected last (the
    reliability folder is) kept one worker busy while the others had finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


class _ErrorRecords(logging.Handler):
    """Collects ERROR and CRITICAL records of the app's loggers while a test runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".", 1)[0] in ERROR_LOGGERS:
            self.records.append(record)


def _log_errors(tmp_path: Path, home: Path) -> list[str]:
    """ERROR/CRITICAL lines in the test's casebook.log files (also those written by the
    subprocesses it ran, and by data folders made directly in tmp_path)."""
    files = {*home.glob("casebook.log*"), *tmp_path.glob("*/casebook.log")}
    found = []
    for file in sorted(files):
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in LOG_ERROR_LINE.finditer(text):
            found.append(f"{file.name}: {text[match.start():].split(chr(10), 1)[0]}")
    return found


@pytest.fixture(autouse=True)
def errors_fail_the_test(request: pytest.FixtureRequest, tmp_path: Path, data_home: Path,
                         monkeypatch: pytest.MonkeyPatch):
    """Fails the test when the app met an error it did not expect: an exception reaching an
    exception hook (pytest-qt's capture, always on; the app's own hook logs ERROR), an error
    dialog (MessageBox.critical/warning, an unscripted ScriptedPrompter.error), or an ERROR
    line logged by the app (records of its loggers, lines in casebook.log).
    ``@pytest.mark.expected_errors("reason")`` turns the checks off for a test."""
    marker = request.node.get_closest_marker(EXPECTED_ERRORS)
    if marker is not None:
        if not (marker.args and str(marker.args[0]).strip()):
            pytest.fail("@pytest.mark.expected_errors needs a reason", pytrace=False)
        yield
        return
    if request.node.get_closest_marker("qt_no_exception_capture") is not None:
        pytest.fail("qt_no_exception_capture hides exceptions in slots: also mark the test "
                    "@pytest.mark.expected_errors(reason)", pytrace=False)
    from PySide6.QtWidgets import QMessageBox

    from gui.message_box import MessageBox
    from tests.gui.fakes import ScriptedPrompter

    problems: list[str] = []

    def dialog(kind: str):
        def show(_parent, _title, text, *_args, **_kwargs):
            problems.append(f"QMessageBox.{kind}: {text}")
            return QMessageBox.StandardButton.Ok
        return show

    for box in (QMessageBox, MessageBox):  # the app's (gui.message_box) and Qt's
        monkeypatch.setattr(box, "critical", dialog("critical"))
        monkeypatch.setattr(box, "warning", dialog("warning"))
    scripted_error = ScriptedPrompter.error

    def error(self: ScriptedPrompter, message: str) -> None:
        if not self.answers.get("error"):  # a scripted answer is the test expecting it
            problems.append(f"error dialog (ScriptedPrompter.error): {message}")
        return scripted_error(self, message)

    monkeypatch.setattr(ScriptedPrompter, "error", error)
    records = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        yield
    finally:
        root.removeHandler(records)
    problems += [f"{r.levelname} {r.name}: {r.getMessage()}"
                 + (f" ({r.exc_info[0].__name__}: {r.exc_info[1]})" if r.exc_info else "")
                 for r in records.records]
    problems += _log_errors(tmp_path, data_home)
    if problems:
        pytest.fail("errors the test did not expect (mark it @pytest.mark.expected_errors("
                    "reason) if it provokes them on purpose):\n  " + "\n  ".join(problems),
                    pytrace=False)


@pytest.fixture
def reference_docs() -> list[dict]:
    """The two reference cases in Casebook's interchange form."""
    return json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"]


@pytest.fixture
def reference_cases(reference_docs):
    from core.model import Case

    return [Case.model_validate(d) for d in reference_docs]


@pytest.fixture
def casebook(data_home: Path):
    from core.services import open_casebook

    cb = open_casebook(data_home, user="dr.test")
    yield cb
    cb.close()
