"""Issue 20, start-up in two steps: in an ordinary folder the window paints the list's first page
(read with plain sqlite3) before the services are open, then hands over to them. Driven through
the app's own ``gui.app.main``, as the journeys do, with its event loop replaced by the test."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from core.paths import DataPaths
from core.services import open_casebook
from core.services.demo import reference_cases
from gui import app
from gui.main_window import MainWindow
from gui.ready_marker import ENV_VAR
from gui.start_list import EarlyStart, FirstPageModel
from gui.start_loader import ServiceLoader
from tests.conftest import REFERENCE_CASEBOOK
from tests.gui.helpers.processes import (
    ROOT,
    START_TIMEOUT_S,
    child_env,
    run_cli,
    run_gui_once,
    start_gui,
    stop,
    wait_for_log,
)

C1 = "SEED-C1-CAO2023"
Steps = Callable[[MainWindow], None]


@pytest.fixture
def filled(data_home):
    """An ordinary folder holding the reference cases (closed: the app opens it)."""
    casebook = open_casebook(data_home)
    casebook.cases.import_cases(reference_cases(), source="test")
    casebook.close()
    return DataPaths(data_home)


def run_app(qtbot, paths: DataPaths, early: Steps, ready: Steps | None) -> int:
    """``app.main`` on ``paths``: ``early(window)`` runs as soon as the window is shown (its
    services not open: their import waits until it is done), ``ready(window)`` once they are
    (None: close the window early)."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    failure: list[BaseException] = []
    early_done = threading.Event()
    slow_import = ServiceLoader._import

    def held_import(loader) -> None:
        early_done.wait(30)
        slow_import(loader)

    def exec_(_qapp) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        try:
            assert not window.services_ready
            qtbot.waitExposed(window)  # painted: the services' import starts, and waits
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
            early(window)
            early_done.set()
            if ready is None:
                window.close()
                return 0
            qtbot.waitUntil(lambda: window.services_ready, timeout=30_000)
            ready(window)
        except BaseException as exc:  # noqa: BLE001 - re-raised after main has cleaned up
            failure.append(exc)
        early_done.set()
        window.shutdown()
        window.deleteLater()
        return 0

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(QApplication, "exec", exec_)
            patch.setattr(ServiceLoader, "_import", held_import)
            code = app.main(["--data-dir", str(paths.root)])
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    if failure:
        raise failure[0]
    return code


def test_new_case_asked_before_the_services_are_ready_opens_once_they_are(qtbot, filled):
    seen = {}

    def early(window):
        assert isinstance(window.case_model, FirstPageModel)  # the quick list, painted first
        seen["rows"] = (window.case_model.rowCount(), window.case_model.total)
        qtbot.keyClicks(window.case_list.filter_box, "cml")  # the search box takes typing
        qtbot.mouseClick(window.toolbar.widgetForAction(window.commands.new),
                         Qt.MouseButton.LeftButton)
        seen["message"] = window.statusBar().currentMessage()
        seen["cursor"] = QApplication.overrideCursor().shape()

    def ready(window):
        assert window.session.is_open() and window.session.base.version == 0  # the new case
        assert window.case_list.filter_box.text() == "cml"
        qtbot.waitUntil(lambda: window.case_model.query.text == "cml")
        assert QApplication.overrideCursor() is None

    assert run_app(qtbot, filled, early, ready) == 0
    assert seen["rows"] == (2, 2)
    assert "The new case opens when it is ready" in seen["message"]
    assert seen["cursor"] == Qt.CursorShape.BusyCursor


def test_a_case_opened_from_the_first_page_opens_once_the_services_are_ready(qtbot, filled):
    def early(window):
        table = window.case_list.table
        row = next(r for r in range(window.case_model.rowCount())
                   if window.case_model.rows[r].case_id == C1)
        table.setFocus()
        table.selectRow(row)
        qtbot.keyClick(table, Qt.Key.Key_Return)
        assert "Case SEED-C1-CAO2023 opens when it is ready" in window.statusBar().currentMessage()

    def ready(window):
        assert window.session.case_id() == C1
        assert window.case_list.selected_ids() == [C1]
        window.commands.close_case.trigger()
        # Enter on the full list opens it again (the list's Open is the window's own now);
        # a key reaches it only in the active window with the list focused, as for a user
        table = window.case_list.table
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        table.setFocus()
        qtbot.waitUntil(table.hasFocus)
        assert window.case_list.selected_ids() == [C1]
        qtbot.keyClick(table, Qt.Key.Key_Return)
        assert window.session.case_id() == C1
        window.commands.new.trigger()
        assert window.session.base.version == 0 and QApplication.overrideCursor() is None

    assert run_app(qtbot, filled, early, ready) == 0


def test_a_crash_draft_is_still_offered(qtbot, filled, monkeypatch):
    from gui.dialogs.prompter import QtPrompter

    casebook = open_casebook(filled.root)
    case = casebook.cases.open_case(C1)
    report = case.case_report.model_copy(update={"title": "Typed before the crash"})
    casebook.drafts.save_draft(case.model_copy(update={"case_report": report}))
    casebook.close()
    offered = []
    monkeypatch.setattr(QtPrompter, "offer_recovery",
                        lambda self, drafts: offered.append(drafts) or [d.key for d in drafts])

    def ready(window):
        assert window.session.case_id() == C1 and window.session.is_dirty()
        assert window.current_case().case_report.title == "Typed before the crash"

    assert run_app(qtbot, filled, lambda window: None, ready) == 0
    assert [d.key for d in offered[0]] == [C1]


def test_closing_before_the_services_are_ready_ends_cleanly(qtbot, filled):
    assert run_app(qtbot, filled, lambda window: None, None) == 0
    assert "casebook-gui closed" in filled.log_file.read_text(encoding="utf-8")


def test_a_folder_out_of_the_ordinary_opens_its_services_first(qtbot, data_home):
    paths = DataPaths(data_home).ensure()
    assert not EarlyStart(paths).load()  # no database yet: the services make it
    paths.database.write_bytes(b"this is not a database" * 100)
    assert not EarlyStart(paths).load()  # damaged: the services say so and offer a backup


def test_the_single_instance_lock_holds_from_the_first_paint(filled, qapp):
    proc = start_gui(filled.root)
    try:
        wait_for_log(filled.log_file, "casebook-gui ready", proc)
        second = run_gui_once(filled.root)
        assert second.returncode == 0 and "Casebook is already open there" in second.stderr
        refused = run_cli(filled.root, "import", str(REFERENCE_CASEBOOK))
        assert refused.returncode == 3 and "in use by Casebook" in refused.stderr
    finally:
        stop(proc)


READY_LOADS = """
import json, sys
from PySide6.QtWidgets import QApplication
import gui.app, gui.ready_marker as marker
write = marker._FirstPaint._write
def written(self):
    write(self)
    heavy = ("sqlalchemy", "pydantic", "core.services", "core.model", "gui.editor")
    print(json.dumps(sorted(m for m in heavy if m in sys.modules)), flush=True)
    QApplication.instance().quit()
marker._FirstPaint._write = written
sys.exit(gui.app.main(["--data-dir", sys.argv[1]]))
"""


def test_the_first_page_is_painted_before_sqlalchemy_pydantic_and_the_services_load(
        tmp_path, filled):
    env = child_env() | {ENV_VAR: str(tmp_path / "ready.json")}
    done = subprocess.run([sys.executable, "-c", READY_LOADS, str(filled.root)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=START_TIMEOUT_S)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    ready = json.loads((tmp_path / "ready.json").read_text(encoding="utf-8"))
    assert ready["cases"] == 2 and ready["rows"] == 2


def test_enter_in_the_search_box_before_the_services_are_ready_is_not_lost(qtbot, filled):
    """A case id typed in the search box and Enter pressed on the first page opens that case
    once the services are ready, as Enter in the full list's search box does (it did nothing)."""
    def early(window):
        box = window.case_list.filter_box
        box.setFocus()
        qtbot.keyClicks(box, C1)
        qtbot.keyClick(box, Qt.Key.Key_Return)

    def ready(window):
        qtbot.waitUntil(lambda: window.session.case_id() == C1)
        assert window.case_list.filter_box.text() == C1
        assert window.case_list.selected_ids() == [C1]

    assert run_app(qtbot, filled, early, ready) == 0


def test_the_last_of_enter_in_the_search_box_and_a_case_opened_early_wins(qtbot, filled):
    """Enter in the search box (first match: C1), then another case opened from the list:
    that case is the one open once the services are ready, not the search's first match."""
    def early(window):
        box = window.case_list.filter_box
        box.setFocus()
        qtbot.keyClicks(box, C1)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        other = next(r for r in window.case_model.rows if r.case_id != C1).case_id
        window.case_list.open_requested.emit(other)  # as a double click on its row
        seen["other"] = other

    def ready(window):
        qtbot.waitUntil(lambda: window.session.case_id() == seen["other"])
        qtbot.wait(300)  # the search's results come in: they open nothing more
        assert window.session.case_id() == seen["other"]

    seen: dict[str, str] = {}
    assert run_app(qtbot, filled, early, ready) == 0


def test_a_folder_with_an_unfinished_import_opens_its_services_first(filled):
    """The cases of an import that stopped are undone when the services open: the first page
    does not show them (a case opened from it early would no longer exist)."""
    import sqlite3

    from core.first_page import first_page

    def page():
        return first_page(filled, sort="updated", descending=True, limit=50)

    assert page() is not None  # an ordinary folder: the quick first page
    with sqlite3.connect(filled.database) as con:
        con.execute("INSERT INTO app_meta (key, value) VALUES ('import_in_progress', ?)",
                    (json.dumps({"started": "2026-12-06T05:00:00+00:00"}),))
    con.close()
    assert page() is None


def test_enter_on_the_full_list_right_after_the_hand_over_opens_the_case(qtbot, filled,
                                                                          monkeypatch):
    """Enter pressed on the list while the window is handed over, delivered as soon as the
    hand-over returns: the full list is shown then, so its Open (Enter, a key for the focused
    list only) opens the case. The new centre was shown only by a call Qt queues (QLayout
    shows a widget added to a visible window later): until then the focused list was hidden
    and Enter went to the list itself, which opened nothing."""
    opened = []
    second_step = app.second_step

    def hand_over_then_enter(window, *args):
        second_step(window, *args)
        table = window.case_list.table
        assert table.hasFocus() and window.case_list.selected_ids() == [C1]
        assert window.commands.open.isEnabled()
        qtbot.keyClick(table, Qt.Key.Key_Return)  # no event handled since the hand-over
        opened.append(window.session.case_id())

    monkeypatch.setattr(app, "second_step", hand_over_then_enter)

    def early(window):
        table = window.case_list.table
        table.setFocus()
        table.selectRow(next(r for r, row in enumerate(window.case_model.rows)
                             if row.case_id == C1))

    def ready(window):
        assert window.session.case_id() == C1

    assert run_app(qtbot, filled, early, ready) == 0
    assert opened == [C1]


def test_a_quit_while_a_damaged_database_dialog_shows_attaches_no_services(qtbot, filled,
                                                                            monkeypatch):
    """A quit (here the one a second launch sends) arriving while the second step shows a
    damaged database's dialog: once the dialog is answered (restored, opened again) the
    services are closed at once, not attached to the closed window, no backup starts and the
    app is told to end (``main`` then releases the lock)."""
    import core.services
    from core.errors import DatabaseProblem
    from core.services import Casebook

    real_open, real_close = core.services.open_casebook, Casebook.close
    closed: list[Casebook] = []
    seen: dict[str, object] = {}

    def open_damaged_first(root, **kwargs):
        if "damaged" not in seen:
            seen["damaged"] = True
            raise DatabaseProblem("The database file is damaged.", "corrupt")
        return real_open(root, **kwargs)

    def dialog(exc, paths, prompter=None):  # the quit arrives while it shows
        app.on_command(seen["window"], "quit")
        qtbot.waitUntil(seen["window"].isHidden)
        return True  # "restored": open it again

    def second_step(window, *args):
        app_second_step(window, *args)
        seen["closed at the step's end"] = list(closed)

    def exec_(_qapp) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        seen["window"] = window
        qtbot.waitUntil(lambda: "closed at the step's end" in seen, timeout=30_000)
        window.deleteLater()
        return 0

    app_second_step = app.second_step
    monkeypatch.setattr(core.services, "open_casebook", open_damaged_first)
    monkeypatch.setattr(Casebook, "close", lambda self: closed.append(self) or real_close(self))
    monkeypatch.setattr(app, "handle_database_problem", dialog)
    monkeypatch.setattr(app, "second_step", second_step)
    monkeypatch.setattr(QApplication, "quit", lambda: seen.setdefault("quit", True))
    monkeypatch.setattr(QApplication, "exec", exec_)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        assert app.main(["--data-dir", str(filled.root)]) == 0
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert not seen["window"].services_ready  # type: ignore[attr-defined]
    assert len(seen["closed at the step's end"]) == 1 and seen.get("quit")  # type: ignore[arg-type]
    assert not list(filled.backups.glob("*.zip"))
    assert "casebook-gui ready" not in filled.log_file.read_text(encoding="utf-8")


def test_a_window_closed_before_the_services_are_ready_is_placed_as_it_was_left(qtbot, filled):
    """Moved, resized and the list widened on the first page, then closed before the services
    were ready: the next start places the window, and sizes the list, as it was left."""
    placed = QRect(40, 30, 700, 500)
    seen = {}

    def move_and_close(window):
        window.setGeometry(placed)
        splitter = window.centralWidget()
        splitter.setSizes([420, splitter.width() - 420])
        qtbot.waitUntil(lambda: window.geometry() == placed)
        seen["sizes"] = splitter.sizes()

    def look(window):
        seen["geometry"], seen["next sizes"] = window.geometry(), window.centralWidget().sizes()

    assert run_app(qtbot, filled, move_and_close, None) == 0
    assert run_app(qtbot, filled, look, lambda window: None) == 0
    assert seen["geometry"] == placed
    assert seen["next sizes"] == seen["sizes"] and seen["sizes"][0] == 420
