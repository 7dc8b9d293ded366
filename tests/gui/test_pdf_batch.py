"""File › Save PDFs of selected cases…: one PDF per case selected in the list into a new folder,
in the background; its progress dialog's Cancel (or Escape) stops between two PDFs, removes
those made and says how many were not made."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QTimer

from gui import pdf_batch
from tests.gui.conftest import simple_cases
from tests.gui.test_cancel_transfer import HOLD_S, HeldAt, press_cancel, progress_dialog

CASES = 5


def _select_all(qtbot, window, casebook) -> list[str]:
    casebook.cases.import_cases(simple_cases(CASES))
    window.case_model.reload()
    qtbot.waitUntil(lambda: window.case_model.total == CASES)
    table = window.case_list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    ids = window.case_list.selected_ids()
    assert len(ids) == CASES and window.commands.save_pdfs.isEnabled()
    return ids


def _pdf_saves(casebook) -> int:
    with sqlite3.connect(casebook.paths.database) as con:
        return con.execute("SELECT count(*) FROM audit WHERE action = 'pdf-save'").fetchone()[0]


def test_save_pdfs_of_the_selected_cases_into_a_new_folder(qtbot, window, casebook, prompter,
                                                           tmp_path):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert window.commands.save_pdfs in menu.actions()
    letters = [m.group(1).lower() for a in menu.actions()
               if (m := re.search(r"&(\w)", a.text()))]
    assert letters.count("l") == 1  # Alt+F, L reaches it and nothing else
    ids = _select_all(qtbot, window, casebook)
    prompter.script("choose_folder", tmp_path)
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(menu.isVisible)
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000) as done:
        qtbot.keyClick(menu, Qt.Key.Key_L)

    folder = tmp_path / f"case summaries {date.today()}"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{i}.pdf" for i in ids)
    assert all(len(PdfReader(p).pages) >= 1 for p in folder.iterdir())
    assert prompter.calls("info") == [(f"Saved {CASES} identified PDF(s) to {folder}.",)]
    assert done.args == [f"Saved {CASES} identified PDF(s) to '{folder.name}'."]
    assert window.statusBar().currentMessage() == done.args[0]
    assert _pdf_saves(casebook) == CASES  # each identified PDF in its case's audit trail
    # a second batch goes into a new folder beside it, never over the first
    prompter.script("choose_folder", tmp_path)
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000):
        window.commands.save_pdfs.trigger()
    assert len(list((tmp_path / f"case summaries {date.today()} (2)").iterdir())) == CASES


def test_nothing_selected_says_so(qtbot, window, prompter):
    window.pdf_batches.save_selected()
    assert prompter.calls("info") == [(pdf_batch.SELECT_FIRST,)]
    assert prompter.calls("choose_folder") == []


def _held_batches(monkeypatch, tmp_path, at: int) -> tuple[HeldAt, Path]:
    """Batches held at their ``at``-th progress report; the empty folder to write into."""
    held = HeldAt(at)
    real = pdf_batch.save_pdfs

    def held_save(cb, case_ids, folder, *, deidentified, progress=None):
        return real(cb, case_ids, folder, deidentified=deidentified,
                    progress=held.progress(progress))

    monkeypatch.setattr(pdf_batch, "save_pdfs", held_save)
    out = tmp_path / "out"
    out.mkdir()
    return held, out


@pytest.mark.parametrize("how", ["button", "Escape"])
def test_cancel_stops_between_pdfs_and_leaves_none(qtbot, window, casebook, prompter,
                                                   monkeypatch, tmp_path, how):
    _select_all(qtbot, window, casebook)
    held, out = _held_batches(monkeypatch, tmp_path, 2)  # after the second PDF is made
    prompter.script("choose_folder", out)
    done: list[str] = []
    window.pdf_batches.done.connect(done.append)

    window.commands.save_pdfs.trigger()
    press_cancel(qtbot, held, how)  # "Cancelling…", the button disabled
    [work] = out.iterdir()  # the temporary folder being filled
    assert work.name.startswith(".") and len(list(work.glob("*.pdf"))) == 2
    held.release.set()
    qtbot.waitUntil(lambda: done != [], timeout=HOLD_S * 1000)

    expected = "Save PDFs cancelled: no PDF was saved (2 of 5 made, removed; 3 not made)."
    assert done == [expected] and pdf_batch.cancelled_text(2, CASES) == expected
    assert window.statusBar().currentMessage() == expected
    assert list(out.iterdir()) == []  # no folder, no temporary folder, no PDF
    assert prompter.calls("info") == [] and prompter.calls("error") == []
    assert progress_dialog() is None
    assert _pdf_saves(casebook) == 0
    assert not window.runner.busy


def test_a_de_identified_batch_masks_the_identifiers_and_records_nothing(
        qtbot, stored_references, window, casebook, prompter, tmp_path):
    from core.settings import Settings

    casebook.settings = Settings(default_pdf_mode="deidentified")
    window.case_model.reload()
    qtbot.waitUntil(lambda: window.case_model.total == 2)
    table = window.case_list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    prompter.script("choose_folder", tmp_path)
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000):
        window.commands.save_pdfs.trigger()

    folder = tmp_path / f"case summaries de-identified {date.today()}"
    assert sorted(p.name for p in folder.iterdir()) == [
        "SEED-C1-CAO2023-deid.pdf", "SEED-C2-CAO2023-deid.pdf"]
    text = " ".join(page.extract_text() for page in
                    PdfReader(folder / "SEED-C1-CAO2023-deid.pdf").pages)
    assert "Quistorp" not in text and "00482913" not in text
    [(message,)] = prompter.calls("info")
    assert message.startswith(f"Saved 2 de-identified PDF(s) to {folder}.")
    assert _pdf_saves(casebook) == 0


def _audit_details(casebook) -> dict[str, str]:
    with sqlite3.connect(casebook.paths.database) as con:
        return dict(con.execute("SELECT case_id, new FROM audit WHERE action = 'pdf-save'"))


def test_the_audit_entries_count_the_pdfs_saved_not_the_cases_selected(
        qtbot, window, casebook, prompter, monkeypatch, tmp_path):
    from core.report import document

    ids = _select_all(qtbot, window, casebook)
    real = document.render

    def render(case, options):
        if case.case_id == ids[2]:
            raise ValueError("no room for this table")
        return real(case, options)

    monkeypatch.setattr(document, "render", render)
    prompter.script("choose_folder", tmp_path)
    prompter.script("error", None)  # the batch says which PDF could not be made
    with qtbot.waitSignal(window.pdf_batches.done, timeout=60000):
        window.commands.save_pdfs.trigger()

    folder = tmp_path / f"case summaries {date.today()}"
    assert len(list(folder.iterdir())) == CASES - 1
    [(message,)] = prompter.calls("error")
    assert f"{ids[2]}: ValueError: no room for this table" in message
    details = _audit_details(casebook)
    assert sorted(details) == sorted(i for i in ids if i != ids[2])
    for case_id, detail in details.items():  # 4 PDFs saved: each with the 3 others
        assert f"saved as {case_id}.pdf (with {CASES - 2} other case(s), " in detail


def test_one_batch_at_a_time_a_second_trigger_does_nothing(qtbot, window, casebook, prompter,
                                                           monkeypatch, tmp_path):
    """Two quick triggers (before the progress dialog shows) would both choose the same new
    folder name, the first batch's folder existing only once complete: the second failed."""
    _select_all(qtbot, window, casebook)
    held, out = _held_batches(monkeypatch, tmp_path, 1)  # the first PDF's report waits
    prompter.script("choose_folder", out, out)
    done: list[str] = []
    window.pdf_batches.done.connect(done.append)
    action = window.commands.save_pdfs

    action.trigger()
    assert not action.isEnabled()  # at once, before the progress dialog shows
    action.trigger()  # as the shortcut or the menu would, again
    assert held.reached.wait(HOLD_S)
    window.case_list.table.selectAll()  # a selection change keeps it disabled
    assert not action.isEnabled()
    held.release.set()
    qtbot.waitUntil(lambda: done != [], timeout=60000)

    folder = out / f"case summaries {date.today()}"
    assert done == [f"Saved {CASES} identified PDF(s) to '{folder.name}'."]
    assert [c[0] for c in prompter.calls("choose_folder")] == [
        "Save the PDFs in a new folder inside…"]
    assert [p.name for p in out.iterdir()] == [folder.name]
    assert len(list(folder.iterdir())) == CASES and _pdf_saves(casebook) == CASES
    assert action.isEnabled()  # the batch ended: the next one may start
    qtbot.waitUntil(lambda: not window.runner.busy)


def test_quitting_during_a_batch_asks_and_stops_it_instead_of_waiting(
        qtbot, window, casebook, prompter, monkeypatch, tmp_path, caplog):
    """A quit during a long batch waited for every PDF to be made before the window closed.
    Now it asks: No keeps the window and the batch; Yes stops the batch between two PDFs
    (none kept, as its Cancel) and the window closes."""
    _select_all(qtbot, window, casebook)
    held, out = _held_batches(monkeypatch, tmp_path, 2)  # after the second PDF is made
    prompter.script("choose_folder", out)
    window.commands.save_pdfs.trigger()
    assert held.reached.wait(HOLD_S)

    prompter.script("confirm", False)  # keep working
    window.close()
    [(title, question)] = prompter.calls("confirm")
    assert title == "Quit while saving PDFs" and "(1 of 5 made)" in question
    assert window.isVisible() and window.pdf_batches.running

    prompter.script("confirm", True)
    QTimer.singleShot(300, held.release.set)  # the PDF being made ends meanwhile
    window.close()
    assert not window.isVisible()
    assert held.count == 2  # the batch stopped: closing did not wait for 3 more PDFs
    assert list(out.iterdir()) == []  # no folder, no temporary folder, no PDF
    assert _pdf_saves(casebook) == 0
    qtbot.waitUntil(lambda: "stopped after the window was closed, as asked" in caplog.text)
    assert "failed" not in caplog.text  # as asked, not a failure


def test_keeping_the_batch_asks_nothing_about_the_open_case(
        qtbot, stored_references, window, casebook, prompter, monkeypatch, tmp_path):
    """The batch question comes first: asked after Save/Discard/Cancel, a Discard then 'keep
    working' left the edits shown with their draft gone (a review)."""
    from tests.gui.conftest import open_from_list, type_title

    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    qtbot.waitUntil(lambda: window.session.case_id() == "SEED-C1-CAO2023")
    type_title(qtbot, window, "Edited while the PDFs are made")
    table = window.case_list.table
    table.setFocus()  # the other case: the open one with unsaved changes is saved first
    table.selectRow(window.case_model.row_of("SEED-C2-CAO2023"))  # (test_pdf_batch_unsaved_open)
    held, out = _held_batches(monkeypatch, tmp_path, 1)
    prompter.script("choose_folder", out)
    window.commands.save_pdfs.trigger()
    assert held.reached.wait(HOLD_S)

    prompter.script("confirm", False)  # keep working
    window.close()
    assert window.isVisible() and window.pdf_batches.running
    assert prompter.calls("confirm_unsaved") == []  # the open case was not asked about
    assert window.session.is_dirty()
    held.release.set()
    qtbot.waitUntil(lambda: not window.pdf_batches.running, timeout=60000)
