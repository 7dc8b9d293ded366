"""A Cancel that comes late in File › Import: after every case is read, while the last chunk is
being written, it is still honoured (the import undone whole, as for an earlier Cancel); once
the import has passed its point of no return (its last commit), the dialog says "Finishing —
nearly done" with Cancel disabled, and never "Cancelling…" followed by "Imported N case(s)"."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from core.io.interchange import write_export
from core.services import import_undo
from core.services.interchange import InterchangeService
from core.synth import generate_cases
from gui.progress import CANCELLING, FINISHING, TaskProgress, with_cancel
from gui.transfer import IMPORT_CANCELLED
from tests.gui.test_cancel_transfer import (
    HOLD_S,
    HeldAt,
    import_marker,
    press_cancel,
    progress_dialog,
    stored_ids,
)

CASES = 155  # with CHUNK 10: the last chunk holds 5 cases
CHUNK = 10


def _held_import(monkeypatch, held: HeldAt) -> None:
    real = InterchangeService.import_files

    def held_import(self, paths, mode="refuse", *, on_progress=None, **kwargs):
        return real(self, paths, mode, on_progress=held.progress(on_progress), **kwargs)

    monkeypatch.setattr(InterchangeService, "import_files", held_import)


def _source(tmp_path):
    source = tmp_path / "many.casebook.json"
    write_export(source, generate_cases(CASES, seed=3))
    return source


def test_cancel_after_every_case_is_read_still_undoes_the_import(
        qtbot, window, casebook, prompter, monkeypatch, tmp_path):
    source = _source(tmp_path)
    casebook.interchange.chunk = CHUNK
    held = HeldAt(CASES)  # the report after the last case read: its chunk not yet committed
    _held_import(monkeypatch, held)
    prompter.script("choose_open_files", [source])
    done: list[str] = []
    window.transfers.done.connect(done.append)

    window.commands.import_json.trigger()
    press_cancel(qtbot, held)  # "Cancelling…", the button disabled
    assert len(stored_ids(casebook)) == CASES - 5 and import_marker(casebook)  # committed
    held.release.set()
    qtbot.waitUntil(lambda: done != [], timeout=HOLD_S * 1000)

    assert done == [IMPORT_CANCELLED]  # not "Imported 155 case(s)"
    assert window.statusBar().currentMessage() == IMPORT_CANCELLED
    assert stored_ids(casebook) == set() and import_marker(casebook) == []
    assert prompter.calls("info") == [] and prompter.calls("error") == []
    assert progress_dialog() is None
    assert casebook.audit.verify().ok


def test_cancel_past_the_last_commit_says_it_is_finishing_and_the_import_is_kept(
        qtbot, window, casebook, prompter, monkeypatch, tmp_path):
    source = _source(tmp_path)
    casebook.interchange.chunk = CHUNK
    reached, release = threading.Event(), threading.Event()
    real_finish = import_undo.finish

    def held_finish(conn):  # in the last transaction, after its point of no return
        reached.set()
        release.wait(HOLD_S)
        real_finish(conn)

    monkeypatch.setattr(import_undo, "finish", held_finish)
    prompter.script("choose_open_files", [source])
    done: list[str] = []
    window.transfers.done.connect(done.append)

    window.commands.import_json.trigger()
    qtbot.waitUntil(reached.is_set, timeout=HOLD_S * 1000)
    qtbot.waitUntil(lambda: progress_dialog() is not None)
    dialog = progress_dialog()
    button = dialog.findChild(QPushButton)
    qtbot.waitUntil(lambda: dialog.labelText() == FINISHING)  # at once, before any Cancel
    assert not button.isEnabled()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Escape)  # too late: nothing changes
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.labelText() == FINISHING
    release.set()
    qtbot.waitUntil(lambda: done != [], timeout=HOLD_S * 1000)

    assert done[0].startswith(f"Imported {CASES} case(s)")
    assert len(stored_ids(casebook)) == CASES and import_marker(casebook) == []
    assert progress_dialog() is None


def test_a_cancel_that_crosses_the_point_of_no_return_says_finishing(qtbot, window):
    """The work passed its point of no return on its thread, its report not yet shown: a
    Cancel pressed then is refused and says so, not "Cancelling…"."""
    progress = TaskProgress(window)
    request = progress.show("Importing cases…", cancellable=True)
    assert request is not None and progress.dialog is not None
    seen: list[tuple[int, int]] = []
    with_cancel(request, lambda done, total: seen.append((done, total)))(7, 7)
    assert request.is_final()
    qtbot.waitUntil(progress.dialog.isVisible)
    button = progress.dialog.findChild(QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert progress.dialog.labelText() == FINISHING != CANCELLING
    assert not button.isEnabled() and not request.is_set()
    with_cancel(request, lambda done, total: seen.append((done, total)))(7, 7)  # no raise
    assert seen == [(7, 7), (7, 7)]
    progress.close()
