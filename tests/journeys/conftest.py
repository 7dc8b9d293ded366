"""Real-window journeys: the app's own composition root (``gui.app.main``) in a real X window
(Xvfb, Qt's xcb platform), driven with qtbot in this pytest process.

The main suite pins ``offscreen`` (tests/conftest.py); this folder runs in a pytest process of
its own (``make journeys``, part of ``make test``): the session fixture below starts Xvfb and
switches Qt to xcb before the QApplication exists. The errors-fail-the-test fixture of
tests/conftest.py applies here too (``errors_are_checked`` makes sure of it).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.journeys import display

SHOTS_ENV = "CASEBOOK_JOURNEY_SHOTS"


@pytest.fixture(scope="session", autouse=True)
def x_display():
    """An Xvfb server of 1024x768 on a free display; Qt on xcb. Without Xvfb or the xcb
    libraries the journeys skip (and fail when CI=true)."""
    lacking = display.missing()
    if lacking:
        reason = ("real-window journeys need " + "; ".join(lacking)
                  + " (.ci/run installs them with apt-get)")
        print(f"\n{reason}", file=sys.__stderr__)
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None and QApplication.platformName() != "xcb":
        pytest.fail("a QApplication was made before the journeys' X display", pytrace=False)
    server = display.start_xvfb()
    os.environ["DISPLAY"] = server.display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return server  # ends with this process (after the QApplication), see display.start_xvfb


@pytest.fixture(scope="session")
def qapp_args(x_display) -> list[str]:
    """pytest-qt makes its QApplication from these: only once the X display is there."""
    return ["casebook-journeys"]


@pytest.fixture(scope="session")
def shots_dir(tmp_path_factory) -> Path:
    folder = Path(os.environ.get(SHOTS_ENV) or tmp_path_factory.mktemp("journey-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pytest_terminal_summary(terminalreporter) -> None:
    folder = getattr(terminalreporter.config, "_journey_shots", None)
    if folder:
        terminalreporter.write_line(f"journey screenshots: {folder}")


@pytest.fixture(autouse=True)
def errors_are_checked(request, errors_fail_the_test, qapp, x_display, shots_dir):
    """The shared errors-fail-the-test fixture is on for every journey, on the xcb platform."""
    assert "errors_fail_the_test" in request.fixturenames
    assert qapp.platformName() == "xcb", qapp.platformName()
    request.config._journey_shots = shots_dir


class Journey:
    """Runs the real app (``gui.app.main``) on one data folder; its event loop is the journey:
    ``start(steps)`` calls main, whose ``app.exec()`` runs ``steps(window)`` (qtbot's waits
    spin the events) and then returns as the real loop does once the window has closed."""

    def __init__(self, qtbot, data_dir: Path, shots: Path, name: str):
        self.qtbot = qtbot
        self.data_dir, self.shots, self.name = data_dir, shots, name

    def start(self, steps: Callable) -> int:
        from PySide6.QtWidgets import QApplication

        from gui import app
        from gui.main_window import MainWindow

        before = list(QApplication.topLevelWidgets())  # references: no id is reused meanwhile
        failure: list[BaseException] = []

        def exec_(qapp) -> int:
            def shown() -> list:
                return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                        and not any(w is b for b in before) and w.isVisible()]

            window = None
            try:
                self.qtbot.waitUntil(lambda: bool(shown()), timeout=20_000)
                window = shown()[0]
                # an ordinary folder paints its list before the services open (issue 20)
                self.qtbot.waitUntil(lambda: window.services_ready, timeout=30_000)
                window.setGeometry(QApplication.primaryScreen().geometry())  # logical pixels
                self.qtbot.waitExposed(window)
                focus = focus_keeper(window)
                self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
                steps(window)
                focus.stop()
            except BaseException as exc:  # noqa: BLE001 - re-raised after main has cleaned up
                failure.append(exc)
            if window is not None:
                if window.isVisible():
                    window.shutdown()
                window.deleteLater()  # after main's clean-up: the next start finds its own
            return 0

        handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(QApplication, "exec", exec_)
                code = app.main(["--data-dir", str(self.data_dir)])
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
        if failure:
            raise failure[0]
        return code

    def screenshot(self, label: str) -> Path:
        """The whole screen (the window and any dialog over it) as a PNG, in device pixels."""
        from PySide6.QtWidgets import QApplication

        self.qtbot.wait(100)
        pixmap = QApplication.primaryScreen().grabWindow(0)
        assert (pixmap.width(), pixmap.height()) == display.SCREEN
        path = self.shots / f"{self.name}-{label}.png"
        assert pixmap.save(str(path), "PNG"), path
        return path


def focus_keeper(window):
    """Xvfb has no window manager, which on a desktop gives the focus back to the main window
    when a dialog closes: this timer does that (only when no window of the app is active)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def refocus() -> None:
        if (window.isVisible() and QApplication.activeWindow() is None
                and QApplication.activeModalWidget() is None
                and QApplication.activePopupWidget() is None):
            window.activateWindow()

    timer = QTimer(window, interval=50)
    timer.timeout.connect(refocus)
    timer.start()
    refocus()
    return timer


@pytest.fixture
def journey(request, qtbot, data_home, shots_dir) -> Journey:
    return Journey(qtbot, data_home, shots_dir, request.node.name)


# -- reading what the app stored (straight from the files, as another program would) ----------
def audit_rows(data_dir: Path, case_id: str | None = None) -> list[dict]:
    from core.paths import data_paths

    with sqlite3.connect(data_paths(data_dir).database) as con:
        con.row_factory = sqlite3.Row
        if case_id is None:
            rows = con.execute("SELECT * FROM audit ORDER BY seq")
        else:
            rows = con.execute("SELECT * FROM audit WHERE case_id = ? ORDER BY seq", (case_id,))
        return [dict(r) for r in rows]


def stored_case(data_dir: Path, case_id: str):
    from core.services import open_casebook

    casebook = open_casebook(data_dir, read_only=True)
    try:
        return casebook.cases.open_case(case_id)
    finally:
        casebook.close()
