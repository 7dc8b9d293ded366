"""A figure added just before the user quits (or opens another case): its file is still being
stored (type check, metadata stripping) off the UI thread when the quit comes. The figure must
reach the case as the user asked: the quit waits for the file, the figure's row is added, and
the case is saved as any changed case is (Ctrl+Q / window close / the desktop session's quit
ask Save / Discard / Cancel; the quit command keeps it as the autosaved draft offered at the
next start). No stored file is left that the case does not name, and nothing opens after the
window has closed."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from core.store.files import FileStore
from gui import app
from tests.gui.conftest import audit_rows, open_from_list
from tests.gui.editor.test_figures_editor import key, picture
from tests.gui.test_quit_during_refresh import in_app_exec
from tests.gui.test_quit_during_transfer import no_dialog_after_the_quit, opened  # noqa: F401

HOW = ["Ctrl+Q", "window closed", "quit command", "app quit"]
ASKED = ("Ctrl+Q", "window closed", "app quit")  # a changed case is asked about
HOLD_S = 10
RELEASE_AFTER_S = 0.6  # the file is stored this long after the quit
CASE_1, CASE_2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


class HeldStore:
    """The store's put (stripping, writing) waits for the release."""

    def __init__(self, monkeypatch) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        real = FileStore.put_clean

        def slow(store, data, name, owner=None):
            self.started.set()
            self.release.wait(HOLD_S)
            return real(store, data, name, owner)

        monkeypatch.setattr(FileStore, "put_clean", slow)


def add_figure_from_the_dialog(qtbot, window, monkeypatch, tmp_path) -> None:
    """Case 1's Figures section, Add figure… (Ctrl+Shift+N) choosing smear.png."""
    source = picture(tmp_path / "smear.png", "#7b1fa2")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(source)], "")))
    window.editor.focus_path("attachments")
    key(qtbot, window.focusWidget(), "Ctrl+Shift+N")


def open_figures(qtbot, window) -> None:
    open_from_list(qtbot, window, CASE_1)
    qtbot.waitUntil(lambda: window.session.case_id() == CASE_1)
    window.editor.show_section("Figures")


def stored_files(casebook) -> set[str]:
    return set(casebook.ctx.files.all_hashes())


@pytest.mark.parametrize("how", HOW)
def test_a_figure_added_as_the_user_quits_is_kept(qtbot, qapp, stored_references, window,
                                                  casebook, prompter, opened,  # noqa: F811
                                                  monkeypatch, tmp_path, how):
    open_figures(qtbot, window)
    before = stored_files(casebook)
    held = HeldStore(monkeypatch)
    prompter.script("confirm_unsaved", "save")
    quit_while_held(qtbot, qapp, window, held, how,
                    lambda: add_figure_from_the_dialog(qtbot, window, monkeypatch, tmp_path))
    asked = prompter.calls("confirm_unsaved")
    stored = casebook.cases.open_case(CASE_1)
    if how in ASKED:  # the figure made the case a changed one: Save chosen, saved
        assert len(asked) == 1
        figures = stored.attachments
        assert stored.version == stored_references[0].version + 1
        audited = {r["path"]: r["new"] for r in audit_rows(casebook, CASE_1)}
        assert figures[0].file_sha256 in audited["attachments[0].file_sha256"]
    else:  # the quit command asks nothing: the edit is the draft offered at the next start
        assert asked == [] and stored.attachments == []
        drafts = {d.key: d for d in casebook.drafts.list_drafts()}
        figures = drafts[CASE_1].case.attachments
    assert [(f.figure_number, f.file_name) for f in figures] == [(1, "smear.png")]
    assert stored_files(casebook) - before == {figures[0].file_sha256}  # no file unnamed
    assert casebook.ctx.files.exists(figures[0].file_sha256)
    for kind in ("info", "error", "confirm", "ask_reason"):
        assert prompter.calls(kind) == [], kind
    assert opened == []


def test_a_figure_added_just_before_another_case_is_opened_is_asked_about(
        qtbot, stored_references, window, casebook, prompter, monkeypatch, tmp_path):
    """Opening another case while the figure's file is stored: the figure is added to case 1
    first, so leaving it asks Save / Discard / Cancel (it was dropped unasked)."""
    open_figures(qtbot, window)
    held = HeldStore(monkeypatch)
    prompter.script("confirm_unsaved", "save")
    add_figure_from_the_dialog(qtbot, window, monkeypatch, tmp_path)
    assert held.started.wait(5)
    threading.Timer(RELEASE_AFTER_S, held.release.set).start()
    open_from_list(qtbot, window, CASE_2)
    qtbot.waitUntil(lambda: window.session.case_id() == CASE_2)
    assert len(prompter.calls("confirm_unsaved")) == 1
    figures = casebook.cases.open_case(CASE_1).attachments
    assert [(f.figure_number, f.file_name) for f in figures] == [(1, "smear.png")]
    assert casebook.ctx.files.exists(figures[0].file_sha256)
    assert not window.editor.is_dirty()


def test_leaving_a_case_while_its_figure_file_is_stored_shows_it_and_keeps_painting(
        qtbot, stored_references, window, casebook, prompter, monkeypatch, tmp_path):
    """A large scan takes seconds to strip and store: the window froze while the case was
    left (the UI thread waited on the store). It now says what it waits for in a busy
    dialog and keeps processing events (a timer fires during the wait), then goes on."""
    from PySide6.QtWidgets import QProgressDialog

    from gui.editor.figure_files import STORING

    open_figures(qtbot, window)
    held = HeldStore(monkeypatch)
    prompter.script("confirm_unsaved", "save")
    add_figure_from_the_dialog(qtbot, window, monkeypatch, tmp_path)
    assert held.started.wait(5)
    seen: list[tuple[bool, list[str]]] = []
    poll = QTimer()

    def look() -> None:  # runs only if events are processed while the file is stored
        shown = [w.labelText() for w in QApplication.topLevelWidgets()
                 if isinstance(w, QProgressDialog) and w.isVisible()]
        if shown and not seen:  # the wait's dialog: what it says, the file still held
            seen.append((held.release.is_set(), shown))
            poll.stop()
            held.release.set()

    poll.timeout.connect(look)
    poll.start(50)
    open_from_list(qtbot, window, CASE_2)
    qtbot.waitUntil(lambda: window.session.case_id() == CASE_2, timeout=HOLD_S * 2000)
    poll.stop()
    assert seen == [(False, [STORING])]
    figures = casebook.cases.open_case(CASE_1).attachments
    assert [(f.figure_number, f.file_name) for f in figures] == [(1, "smear.png")]
    assert len(prompter.calls("confirm_unsaved")) == 1
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QProgressDialog) and w.isVisible()]


def test_a_quit_while_a_case_is_left_waits_for_the_leaving(
        qtbot, stored_references, window, casebook, prompter, monkeypatch, tmp_path):
    """The quit command (or SIGTERM) arriving while the case is being left and its figure's
    file is stored: the wait processes events, so the quit ran inside the leaving (its
    draft written, the window closed, then the leaving's question asked over it). It now
    runs once the leaving is over: case 1 saved with its figure, case 2 open, then closed."""
    open_figures(qtbot, window)
    held = HeldStore(monkeypatch)
    prompter.script("confirm_unsaved", "save")
    add_figure_from_the_dialog(qtbot, window, monkeypatch, tmp_path)
    assert held.started.wait(5)
    at_quit: list[str | None] = []
    real_shutdown = window.session.shutdown
    monkeypatch.setattr(window.session, "shutdown",
                        lambda: at_quit.append(window.session.case_id()) or real_shutdown())
    poll = QTimer()

    def quit_in_the_wait() -> None:
        if window.session.leaving and not at_quit and not held.release.is_set():
            poll.stop()
            app.on_command(window, "quit")  # queued: runs inside the wait (old code)
            QTimer.singleShot(300, held.release.set)

    poll.timeout.connect(quit_in_the_wait)
    poll.start(50)
    open_from_list(qtbot, window, CASE_2)
    qtbot.waitUntil(lambda: window.isHidden(), timeout=HOLD_S * 2000)
    poll.stop()
    assert at_quit == [CASE_2]  # the quit came after case 1 was left and case 2 opened
    assert len(prompter.calls("confirm_unsaved")) == 1
    figures = casebook.cases.open_case(CASE_1).attachments
    assert [(f.figure_number, f.file_name) for f in figures] == [(1, "smear.png")]
    assert casebook.drafts.list_drafts() == []


def quit_while_held(qtbot, qapp, window, held: HeldStore, how: str, start) -> None:
    """``start()`` inside the app's own loop; the quit once the file's store is held; the
    store released a moment later. The app's loop ends promptly."""

    def quit_once_held() -> None:
        if not held.started.is_set():
            QTimer.singleShot(10, quit_once_held)
            return
        threading.Timer(RELEASE_AFTER_S, held.release.set).start()  # the UI thread waits
        if how == "Ctrl+Q":
            qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        elif how == "window closed":
            window.close()
        elif how == "quit command":
            app.on_command(window, "quit")
        else:
            QApplication.quit()

    def body() -> None:
        QTimer.singleShot(0, quit_once_held)
        start()

    started_at = time.monotonic()
    in_app_exec(qapp, body)
    assert time.monotonic() - started_at < HOLD_S and window.isHidden()
    QApplication.processEvents()


@pytest.mark.parametrize("how", HOW)
def test_a_replaced_figure_file_as_the_user_quits_is_kept(
        qtbot, qapp, stored_references, window, casebook, prompter, opened,  # noqa: F811
        monkeypatch, tmp_path, how):
    """Replace file… on a saved figure, the quit while the new file is stored: the figure
    names the new file (saved, or in the draft after the quit command)."""
    open_figures(qtbot, window)
    panel = window.editor.section_page("Figures").figures
    panel.add_paths([picture(tmp_path / "old.png", "#1b5e20")])
    qtbot.waitUntil(lambda: len(panel.cards) == 1 and not panel.storer.running)
    window.session.save()
    old = casebook.cases.open_case(CASE_1).attachments[0].file_sha256
    held = HeldStore(monkeypatch)
    prompter.script("confirm_unsaved", "save")
    new = picture(tmp_path / "better.png", "#0d47a1")
    quit_while_held(qtbot, qapp, window, held, how,
                    lambda: panel.replace_path(0, new))
    if how in ASKED:
        figures = casebook.cases.open_case(CASE_1).attachments
    else:
        figures = {d.key: d for d in casebook.drafts.list_drafts()}[CASE_1].case.attachments
    assert [f.file_name for f in figures] == ["better.png"] and figures[0].file_sha256 != old
    assert set(casebook.ctx.files.all_hashes()) == {old, figures[0].file_sha256}
    assert opened == [] and prompter.calls("error") == []


@pytest.mark.parametrize("how", ["Ctrl+Q", "quit command"])
def test_a_refused_file_as_the_user_quits_adds_nothing_and_asks_nothing(
        qtbot, qapp, stored_references, window, casebook, prompter, opened,  # noqa: F811
        monkeypatch, tmp_path, caplog, how):
    """A DICOM file refused after the quit: nothing is added, nothing asked or shown, nothing
    stored; the refusal is in the log."""
    from tests.gui.editor.test_figures_editor import dicom

    open_figures(qtbot, window)
    held = HeldStore(monkeypatch)
    panel = window.editor.section_page("Figures").figures
    scan = dicom(tmp_path / "scan.dcm")
    quit_while_held(qtbot, qapp, window, held, how, lambda: panel.add_paths([scan]))
    assert casebook.cases.open_case(CASE_1).attachments == []
    assert casebook.drafts.list_drafts() == [] and casebook.ctx.files.all_hashes() == []
    assert prompter.calls("confirm_unsaved") == [] and opened == []
    assert "scan.dcm is a DICOM file" in casebook.paths.log_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["Ctrl+Q", "quit command"])
def test_a_single_case_imported_with_its_figure_as_the_user_quits_is_whole(
        qtbot, qapp, window, casebook, prompter, opened, monkeypatch,  # noqa: F811
        tmp_path, reference_cases, how):
    """File › Import of one case carrying a figure, the quit while its file is stored: the
    case and its figure's file land together (the import stores and records in its task)."""
    from tests.gui.test_transfer_figures import _source_export

    path, sha, data = _source_export(tmp_path, reference_cases)
    held = HeldStore(monkeypatch)
    prompter.script("choose_open_files", [path])
    quit_while_held(qtbot, qapp, window, held, how, window.commands.import_json.trigger)
    case = casebook.cases.open_case(reference_cases[0].case_id)
    assert [a.file_sha256 for a in case.attachments if a.file_sha256] == [sha]
    assert casebook.ctx.files.read(sha) == data and casebook.ctx.files.all_hashes() == [sha]
    assert audit_rows(casebook, case.case_id)[0]["action"] == "import"
    assert prompter.calls("info") == [] and opened == []



def test_discard_at_the_quit_keeps_neither_the_figure_nor_a_draft(
        qtbot, qapp, stored_references, window, casebook, prompter, opened,  # noqa: F811
        monkeypatch, tmp_path):
    """The figure reached the case, the user chose Discard: the case stays as stored and no
    draft is offered at the next start."""
    open_figures(qtbot, window)
    held = HeldStore(monkeypatch)
    prompter.script("confirm_unsaved", "discard")
    panel = window.editor.section_page("Figures").figures
    source = picture(tmp_path / "smear.png", "#7b1fa2")
    quit_while_held(qtbot, qapp, window, held, "Ctrl+Q", lambda: panel.add_paths([source]))
    assert len(prompter.calls("confirm_unsaved")) == 1
    assert casebook.cases.open_case(CASE_1).attachments == []
    assert casebook.drafts.list_drafts() == []


def test_discard_at_the_quit_keeps_no_draft_of_typed_text(qtbot, stored_references, window,
                                                          casebook, prompter):
    """The same for any edit: Discard at Ctrl+Q left the discarded edit as a draft (written
    by the close after the question), offered again at the next start."""
    from tests.gui.conftest import press, type_title

    open_from_list(qtbot, window, CASE_1)
    qtbot.waitUntil(lambda: window.session.case_id() == CASE_1)
    type_title(qtbot, window, "Not wanted")
    prompter.script("confirm_unsaved", "discard")
    press(qtbot, window, "Ctrl+Q")
    assert window.isHidden() and len(prompter.calls("confirm_unsaved")) == 1
    assert casebook.cases.open_case(CASE_1).title == stored_references[0].title
    assert casebook.drafts.list_drafts() == []
