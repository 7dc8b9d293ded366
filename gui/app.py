"""``casebook-gui``: the GUI's composition root (settings -> data folder lock -> database ->
services -> main window). Nothing is built at import time.

Start-up in two steps (issue 20): in an ordinary folder the window paints the list's first page
read with plain sqlite3 (``gui.start_list``) before SQLAlchemy, pydantic and the services are
imported; after that paint a thread imports them (``gui.start_loader``), then the services are
opened on the UI thread (a damaged database still gets its dialogs) and the window is handed
over (``MainWindow.attach``). Any other folder (new, damaged, another schema revision,
read-only) has its services opened first, as before.

Exit codes: 0 closed normally (or another window on the same folder was brought forward),
1 the database could not be opened (or start-up failed), 3 the data folder is held by a
command-line process and the user chose Quit (Retry opens the app once it has finished).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from core.errors import CasebookError, DatabaseProblem
from core.lock import DataFolderLock, FolderInUse
from core.logs import get_logger, setup_logging
from core.paths import DataPaths, data_paths
from gui.main_window import MainWindow
from gui.message_box import MessageBox
from gui.ready_marker import watch_for_ready
from gui.single_instance import InstanceServer, send_command, server_name
from gui.start_list import EarlyStart
from gui.start_loader import ServiceLoader

if TYPE_CHECKING:
    from core.services import Casebook
    from gui.dialogs.prompter import Prompter

GUI_KIND = "Casebook"
EXIT_OK, EXIT_FAILED, EXIT_IN_USE = 0, 1, 3
SIGNAL_POLL_MS = 200
KEEP_LOCK_MS = 2000  # how soon a deleted lock file is there again (a command then sees the app)
WARM_UP_DELAY_MS = 50  # after the first paint: the editor's heavy parts load then
log = get_logger("gui")
Say = Callable[[str], object]  # shows a message (a dialog's answer is ignored)
Ask = Callable[[str], bool]  # asks Retry (True) or Quit (False)


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="casebook-gui", description="Casebook")
    parser.add_argument("--data-dir", help="data folder (default: CASEBOOK_HOME or the "
                        "platform's user data folder)")
    return parser.parse_known_args(argv)


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = data_paths(args.data_dir)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Casebook")
    problem = unusable_folder(paths)
    if problem:
        print(problem, file=sys.stderr)
        show_message(problem)
        return EXIT_FAILED
    setup_logging(paths.log_file)
    lock = DataFolderLock(paths, GUI_KIND)
    refused = take_folder(lock, paths)
    if refused is not None:
        return refused
    keeper = keep_folder(lock, app)
    try:
        return run(app, paths)
    except Exception as exc:  # noqa: BLE001 - start-up failed: log it, say it plainly
        log.exception("casebook-gui could not start")
        show_message(plain_message(exc, paths))
        return EXIT_FAILED
    finally:
        keeper.stop()
        lock.release()


def keep_folder(lock: DataFolderLock, parent: QApplication) -> QTimer:
    """While the app runs, a lock file deleted by a cleaner is locked again (``keep``)."""
    timer = QTimer(parent)
    timer.timeout.connect(lock.keep)
    timer.start(KEEP_LOCK_MS)
    return timer


def unusable_folder(paths: DataPaths) -> str | None:
    """Why the app cannot work in ``paths`` (a file given as the folder, a read-only folder,
    a casebook.db that is a folder), in the command line's words; None once it is made."""
    from core.cli.common import CliError, check_folder

    try:
        check_folder(paths, writes=True)
        paths.ensure()
    except CliError as exc:
        return str(exc)
    except OSError as exc:
        return f"The data folder {paths.root} cannot be used ({exc.strerror or exc})."
    return None


def show_message(text: str) -> None:
    MessageBox.warning(None, "Casebook", text)


def ask_retry(text: str) -> bool:
    """The folder is in use: Retry (the default) or Quit (also Escape). True: Retry."""
    box = MessageBox(MessageBox.Icon.Warning, "Casebook", text)
    retry = box.addButton(MessageBox.StandardButton.Retry)
    retry.setText("&Retry")
    quit_ = box.addButton("&Quit", MessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.setEscapeButton(quit_)
    box.exec()
    return box.clickedButton() is retry


def take_folder(lock: DataFolderLock, paths: DataPaths, ask: Ask = ask_retry,
                say: Say = show_message) -> int | None:
    """Take the data folder's lock: None once it is held (the app opens), else the exit code.

    Another Casebook window holds it, or answers on the folder's socket though the lock was
    free (a cleaner deleted its lock file and note): that window is brought forward (exit 0).
    A command-line process holds it (an import): the user is asked, and Retry tries again, so
    the app opens once the command has finished; still busy, the question comes again; Quit:
    exit 3."""
    asked = False
    while True:
        try:
            lock.acquire()
        except FolderInUse as exc:
            if exc.holder.get("kind") == GUI_KIND:
                return other_window(paths, say)
            text = (f"{exc}\n\n{'It has not finished yet. ' if asked else ''}Click Retry once "
                    "the command-line work (for example an import) has finished, and Casebook "
                    "opens. Quit closes Casebook (start it again later).")
            if not asked:
                print(text, file=sys.stderr)
                log.warning("data folder in use: %s", exc)
            if not ask(text):
                log.info("quit while the data folder was in use")
                return EXIT_IN_USE
            asked = True
            continue
        if send_command(server_name(paths.root), "activate"):  # a window runs there all
            # the same: a cleaner deleted its lock file and note, and it has not locked the
            # folder again yet; a second window would edit its cases beside it (one draft
            # per case: either window's Save or Discard would delete the other's)
            log.warning("the data folder's lock was free but a Casebook window answered "
                        "there: leaving the folder to it")
            lock.release()
            return other_window(paths, say, reached=True)
        if asked:
            log.info("the data folder is free now: opening")
        return None


def other_window(paths: DataPaths, say: Say, reached: bool | None = None) -> int:
    """Another Casebook window holds the folder: bring it forward (unless ``reached``, it
    was already) and exit 0."""
    if reached is None:
        reached = send_command(server_name(paths.root), "activate")
    text = f"Casebook is already open there ({paths.root})."
    print(text, file=sys.stderr)
    log.info("second launch: %s (window brought forward: %s)", text, reached)
    if not reached:
        say(text)
    return EXIT_OK


def handle_database_problem(exc: DatabaseProblem, paths: DataPaths,
                            prompter: Prompter | None = None) -> bool:
    """A damaged, foreign or newer database at start-up. True means 'restored, open it again'.

    Says what is wrong and offers the newest good backup when there is one
    (``gui.dialogs.restore_offer``); the file it replaces is never overwritten.
    """
    from gui.dialogs.prompter import QtPrompter
    from gui.dialogs.restore_offer import resolve_database_problem

    log.error("cannot open the database (%s): %s", exc.kind, exc)
    return resolve_database_problem(exc, paths, prompter or QtPrompter())


def open_services(paths: DataPaths, prompter: Prompter | None = None,
                  attempts: int = 3) -> Casebook | None:
    from core.services import open_casebook
    from core.services.values import AuditKeyProblem

    for _ in range(attempts):
        try:
            return open_casebook(paths.root, refresh_index=False)  # refresh_search_index
        except AuditKeyProblem as exc:  # the key is gone or replaced: read, never re-key
            log.error("opening read-only: %s", exc)
            try:
                return open_casebook(paths.root, read_only=True)
            except DatabaseProblem as problem:
                if not handle_database_problem(problem, paths, prompter):
                    return None
        except DatabaseProblem as exc:
            if not handle_database_problem(exc, paths, prompter):
                return None
    return None


def refresh_search_index(casebook: Casebook, parent: QWidget | None = None) -> None:
    """A search index built with another index version (a newer Casebook indexes other
    facets) is rebuilt before the window opens: off the UI thread, with a progress dialog, in
    one transaction (readers beside the app see the old index until it commits)."""
    from gui.progress import Interrupted, run_and_wait

    if casebook.ctx.read_only or not casebook.search.index_outdated():
        return
    try:
        count = run_and_wait("Updating the search index for this version of Casebook…",
                             casebook.search.reindex, parent, stop_on_quit=True)
    except Interrupted as quit_:  # a quit meanwhile: rolled back, rebuilt next time
        if quit_.finished:  # unless it had committed all the same
            log.info("search index rebuilt (%s cases) as Casebook quit", quit_.result)
        else:
            log.info("the search index rebuild stopped (quitting): it is done at the next "
                     "start")
        return
    except CasebookError as exc:  # e.g. a full disk: the old index serves until next time
        log.warning("the search index could not be rebuilt: %s", exc)
        return
    log.info("search index rebuilt (%d cases): built with another index version", count)


def run(app: QApplication, paths: DataPaths) -> int:
    early = EarlyStart(paths)
    opened: list[Casebook] = []
    failed: list[bool] = []
    loader = None
    if early.load():  # an ordinary folder: its list is painted before the services open
        window = MainWindow(None, early=early)
        loader = ServiceLoader(lambda: second_step(window, paths, opened, failed), window)
    else:
        casebook = open_services(paths)
        if casebook is None:
            return EXIT_FAILED
        opened.append(casebook)
        refresh_search_index(casebook)
        window = MainWindow(casebook)
    server = InstanceServer(server_name(paths.root), window)
    server.command_received.connect(lambda command: on_command(window, command))
    server.listen()
    previous_hook = install_excepthook(lambda text: MessageBox.critical(window, "Casebook",
                                                                        text), paths)
    poll = install_signal_handlers(window)
    try:
        if loader is None:
            QTimer.singleShot(0, lambda: on_window_usable(window))
        else:  # before the marker's: Qt asks the filter installed last first
            loader.start_after_first_paint(window.case_list.table.viewport())
        watch_for_ready(window)  # start-up benchmark only (CASEBOOK_BENCH_READY_FILE)
        window.show()
        code = app.exec()
        return EXIT_FAILED if failed else code
    finally:
        poll.stop()
        server.close()
        if loader is not None:
            loader.wait()
        sys.excepthook = previous_hook
        for casebook in opened:
            casebook.close()
        log.info("casebook-gui closed")


def second_step(window: MainWindow, paths: DataPaths, opened: list[Casebook],
                failed: list[bool]) -> None:
    """On the UI thread once the services are imported: open them (a damaged database gets
    its dialogs here), hand the window over, then do what the user asked for meanwhile.
    Services that cannot be opened end the app (exit 1), as they did before the window."""
    if window.isHidden():  # closed before this step: nothing to open
        return
    try:
        casebook = open_services(paths, prompter=None)
        if casebook is not None:
            opened.append(casebook)
            if not window.isHidden():
                refresh_search_index(casebook, window)
            if window.isHidden():  # a quit came while a dialog showed (a damaged database's)
                release_services(casebook, opened)
                return
            window.attach(casebook)
            on_window_usable(window)
            window.run_kept_request()
            return
    except Exception as exc:  # noqa: BLE001 - start-up failed: log it, say it plainly
        log.exception("casebook-gui could not start")
        show_message(plain_message(exc, paths))
    failed.append(True)
    window.shutdown()


def release_services(casebook: Casebook, opened: list[Casebook]) -> None:
    """The window was closed while the services were being opened: they are closed, not
    attached (no backup starts), and the app ends (``main`` then releases the folder's lock)."""
    log.info("the window was closed while the services were opening: closing them")
    opened.remove(casebook)
    casebook.close()
    QApplication.quit()


def on_window_usable(window: MainWindow) -> None:
    from gui.report_hook import warm_up_reports

    log.info("casebook-gui ready (%d cases)", window.case_model.total)
    window.backup_actions.start_automatic()  # quick check + daily backup, in the background
    window.session.offer_recovery()
    QTimer.singleShot(WARM_UP_DELAY_MS, window.editor.warm_up)  # clinical engine, first page
    QTimer.singleShot(WARM_UP_DELAY_MS, lambda: warm_up_reports(window.runner))  # ReportLab


def on_command(window: MainWindow, command: str) -> None:
    if command == "activate":
        window.bring_forward()
    elif command == "quit":
        QTimer.singleShot(0, window.shutdown)


def install_signal_handlers(window: MainWindow) -> QTimer:
    """SIGTERM/SIGINT close cleanly. Python runs signal handlers only between bytecodes, so a
    timer wakes the interpreter regularly while Qt's event loop runs."""
    def on_signal(signum: int, _frame: object) -> None:
        log.info("signal %d: closing", signum)
        QTimer.singleShot(0, window.shutdown)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    poll = QTimer(window)
    poll.timeout.connect(lambda: None)
    poll.start(SIGNAL_POLL_MS)
    return poll


def plain_message(exc: BaseException, paths: DataPaths) -> str:
    if isinstance(exc, CasebookError):
        return str(exc)
    return (f"Something went wrong ({exc.__class__.__name__}). Your typing is autosaved. "
            f"Details are in the log file:\n{paths.log_file}")


def install_excepthook(say: Say, paths: DataPaths) -> Callable[..., object]:
    """Unexpected exceptions go to the log and to a plain message, never a traceback."""
    previous = sys.excepthook
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        if showing:
            return
        showing = True
        try:
            say(plain_message(exc, paths))
        finally:
            showing = False

    sys.excepthook = hook
    return previous


if __name__ == "__main__":
    sys.exit(main())
