"""The user presses Cancel on the progress dialog of File › Import, File › Export, File ›
Export dataset… or Case › Submission kit…: the work stops at its next progress report, the
dialog says "Cancelling…" until it has ended, and nothing is kept: the import's committed
chunks are undone, the export leaves no file (nor folder), the kit no folder."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from core.io.interchange import write_export
from core.services.interchange import InterchangeService
from core.synth import generate_cases
from gui import dataset_export, kit_export
from gui.progress import CANCELLING
from gui.transfer import EXPORT_CANCELLED, IMPORT_CANCELLED
from tests.gui.conftest import open_from_list, simple_cases

CASES = 160  # ~2.4 MB: the file is read 1 MiB at a time, so its first reports are not full
CHUNK = 10  # cases an import commits at a time here: several chunks commit before Cancel
HOLD_S = 10


class HeldAt:
    """Wraps a progress callback: the ``at``-th report waits until ``release`` is set."""

    def __init__(self, at: int) -> None:
        self.at, self.count = at, 0
        self.reached, self.release = threading.Event(), threading.Event()

    def progress(self, on_progress):
        def report(done: int, total: int) -> None:
            self.count += 1
            if self.count == self.at:
                self.reached.set()
                self.release.wait(HOLD_S)
            on_progress(done, total)

        return report


def progress_dialog() -> QProgressDialog | None:
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QProgressDialog) and w.isVisible()]
    return shown[0] if shown else None


def press_cancel(qtbot, held: HeldAt, how: str = "button") -> QProgressDialog:
    """Once the work is held and its dialog shows, click the dialog's Cancel button (or press
    Escape)."""
    qtbot.waitUntil(held.reached.is_set, timeout=HOLD_S * 1000)
    qtbot.waitUntil(lambda: progress_dialog() is not None)  # after SHOW_AFTER_MS
    dialog = progress_dialog()
    assert dialog is not None
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel" and button.isVisible()
    if how == "button":
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:  # to the window, as a key pressed: the dialog's shortcut for Escape
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.labelText() == CANCELLING  # until the work ends
    assert not button.isEnabled()
    return dialog


def stored_ids(casebook) -> set[str]:
    with sqlite3.connect(casebook.paths.database) as con:
        return {row[0] for row in con.execute("SELECT id FROM cases")}


def import_marker(casebook) -> list:
    with sqlite3.connect(casebook.paths.database) as con:
        return con.execute("SELECT value FROM app_meta WHERE key = 'import_in_progress'"
                           ).fetchall()


def test_cancel_during_an_import_undoes_the_chunks_it_committed(
        qtbot, window, casebook, prompter, monkeypatch, tmp_path, caplog):
    source = tmp_path / "many.casebook.json"
    write_export(source, generate_cases(CASES, seed=3))
    casebook.interchange.chunk = CHUNK
    held = HeldAt(40)  # a report after each case read: 3 chunks committed by then
    real = InterchangeService.import_files

    def held_import(self, paths, mode="refuse", *, on_progress=None, **kwargs):
        return real(self, paths, mode, on_progress=held.progress(on_progress), **kwargs)

    monkeypatch.setattr(InterchangeService, "import_files", held_import)
    prompter.script("choose_open_files", [source])
    done: list[str] = []
    window.transfers.done.connect(done.append)

    window.commands.import_json.trigger()
    press_cancel(qtbot, held)
    assert len(stored_ids(casebook)) >= 3 * CHUNK and import_marker(casebook)  # committed
    held.release.set()
    qtbot.waitUntil(lambda: done != [], timeout=HOLD_S * 1000)

    assert done == [IMPORT_CANCELLED]
    assert window.statusBar().currentMessage() == IMPORT_CANCELLED
    assert stored_ids(casebook) == set()  # nothing was imported
    assert import_marker(casebook) == []  # no import is marked under way
    assert window.case_model.total == 0
    assert prompter.calls("info") == [] and prompter.calls("error") == []
    assert progress_dialog() is None  # closed (and deleted) once the task ended
    assert not window.runner.busy
    assert casebook.audit.verify().ok  # its audit entries were removed with it
    assert "import stopped (Cancelled): nothing imported, the chunks committed undone" \
        in caplog.text  # in the app's log too, for whoever supports the workstation
    # and the same file imports whole afterwards
    prompter.script("choose_open_files", [source])
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        window.commands.import_json.trigger()
    assert len(stored_ids(casebook)) == CASES


def test_cancel_during_an_export_leaves_no_file(qtbot, window, casebook, prompter, monkeypatch,
                                                tmp_path):
    casebook.cases.import_cases(simple_cases(20))
    window.case_model.reload()
    held = HeldAt(5)
    real = InterchangeService.export_cases

    def held_export(self, path, case_ids=None, *, on_progress=None, **kwargs):
        return real(self, path, case_ids, on_progress=held.progress(on_progress), **kwargs)

    monkeypatch.setattr(InterchangeService, "export_cases", held_export)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "all.json"
    prompter.script("choose_save_file", target)
    done: list[str] = []
    window.transfers.done.connect(done.append)

    window.commands.export_all.trigger()
    press_cancel(qtbot, held)
    assert [p.name for p in out.iterdir() if p.name.startswith(".all.json.")]  # writing
    held.release.set()
    qtbot.waitUntil(lambda: done != [], timeout=HOLD_S * 1000)

    assert done == [EXPORT_CANCELLED]
    assert window.statusBar().currentMessage() == EXPORT_CANCELLED
    assert list(out.iterdir()) == []  # no file, no temporary file
    assert prompter.calls("info") == [] and prompter.calls("error") == []
    assert progress_dialog() is None


@pytest.mark.parametrize("how", ["button", "Escape"])
def test_cancel_during_a_dataset_export_leaves_no_folder(
        qtbot, window, casebook, prompter, monkeypatch, tmp_path, how):
    casebook.cases.import_cases(simple_cases(20))
    exports = window.dataset_exports
    real = exports.service.export
    held = HeldAt(5)

    def held_export(path, fmt, case_ids, options, *, on_progress=None, **kwargs):
        return real(path, fmt, case_ids, options, on_progress=held.progress(on_progress),
                    **kwargs)

    monkeypatch.setattr(exports.service, "export", held_export)
    done: list[str] = []
    exports.done.connect(done.append)
    window.commands.export_dataset.trigger()
    qtbot.waitUntil(lambda: exports.dialog is not None)
    dialog = exports.dialog
    assert dialog.format_combo.currentData() == "csv"
    out = tmp_path / "out"
    out.mkdir()
    qtbot.keyClicks(dialog.path_edit, str(out / "dataset"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    press_cancel(qtbot, held, how)
    assert [p.name for p in out.iterdir() if p.name.startswith(".dataset.")]  # being written
    held.release.set()
    qtbot.waitUntil(lambda: done != [], timeout=HOLD_S * 1000)

    assert done == [dataset_export.CANCELLED]
    assert window.statusBar().currentMessage() == dataset_export.CANCELLED
    assert list(out.iterdir()) == []  # no folder, no temporary folder
    assert prompter.calls("info") == [] and prompter.calls("error") == []
    assert progress_dialog() is None
    with sqlite3.connect(casebook.paths.database) as con:  # no export is recorded
        assert con.execute("SELECT count(*) FROM audit WHERE action = 'export'"
                           ).fetchone() == (0,)


def test_cancel_while_a_kit_is_written_leaves_no_folder(
        qtbot, stored_references, window, casebook, prompter, monkeypatch, tmp_path):
    monkeypatch.setattr(kit_export, "kit_base_folder", lambda _casebook: tmp_path / "out")
    (tmp_path / "out").mkdir()
    held = HeldAt(2)  # the first report inside its temporary folder (the PDF is written)
    real = kit_export.build_kit

    def held_kit(cb, case_id, out_dir, *, on_progress=None, **kwargs):
        def report(done, total, what):
            held.progress(lambda d, t: on_progress(d, t, what))(done, total)
        return real(cb, case_id, out_dir, on_progress=report, **kwargs)

    monkeypatch.setattr(kit_export, "build_kit", held_kit)
    done: list[str] = []
    window.kits.done.connect(done.append)
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.kits.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)

    press_cancel(qtbot, held)
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # writing
    held.release.set()
    qtbot.waitUntil(lambda: done != [], timeout=HOLD_S * 1000)

    assert done == [kit_export.CANCELLED]
    assert window.statusBar().currentMessage() == kit_export.CANCELLED
    assert list((tmp_path / "out").iterdir()) == []  # no kit, no temporary folder
    assert window.kits.done_box is None  # "Wrote N file(s)…" did not open
    assert prompter.calls("error") == []
    assert progress_dialog() is None
