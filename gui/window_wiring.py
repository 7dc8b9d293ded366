"""The main window's wiring: its actions to what they do, and the parts' signals to the list,
the editor, the status bar and the state shown. Imported by ``MainWindow.attach`` only (the
first paint runs without the services: see ``gui.main_window``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from gui.action_state import export_cases
from gui.compare_view import compare_selected
from gui.import_refresh import refresh_replaced_case
from gui.status_message import show_fitted, show_now
from gui.window_parts import move_to_trash, restore_from_trash, show_about
from gui.write_wait import QueuedSave

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def connect_window(w: MainWindow) -> None:
    """Connect the actions, then the state signals and the reliability parts."""
    a, s = w.commands, w.session
    a.new.triggered.connect(w._on_new_case)
    a.open.triggered.connect(w._on_open_selected)
    a.save.triggered.connect(QueuedSave(s, w).run)  # not waiting on a background write
    a.print.triggered.connect(w._on_print)
    a.save_pdfs.triggered.connect(w.pdf_batches.save_selected)
    a.export_selected.triggered.connect(lambda: export_cases(w))
    a.export_all.triggered.connect(lambda: w.transfers.export(None))
    a.export_dataset.triggered.connect(w.dataset_exports.open)
    a.submission_kit.triggered.connect(w.kits.open)
    a.import_json.triggered.connect(w.transfers.import_json)
    a.import_folder.triggered.connect(w.transfers.import_folder)
    a.trash.triggered.connect(lambda: move_to_trash(w))
    a.restore.triggered.connect(lambda: restore_from_trash(w))
    a.close_case.triggered.connect(s.close_case)
    a.quit.triggered.connect(w.close)
    a.undo.triggered.connect(w.editor.undo)  # an open table cell first (gui.editor.window_undo)
    a.redo.triggered.connect(w.editor.redo)
    a.find.triggered.connect(w._on_find)
    a.export_results.triggered.connect(w.search_panel.export_csv)
    a.preferences.triggered.connect(w._on_preferences)
    a.mark_complete.triggered.connect(w._show_all_feedback)  # before the check
    a.mark_complete.triggered.connect(w.status_flow.mark_complete)
    a.lock.triggered.connect(w.status_flow.lock)
    a.unlock.triggered.connect(w.status_flow.unlock)
    a.amend.triggered.connect(w.status_flow.amend)
    w.case_banner.amend_requested.connect(w.status_flow.amend)
    w.case_banner.lock_requested.connect(w.status_flow.lock)
    a.about.triggered.connect(lambda: show_about(w, w.casebook))
    a.show_list.toggled.connect(w._on_show_list)
    for name in ("sections", "feedback"):  # kept as they change, as the case list is
        w.panel_layout.panels[name].action.toggled.connect(
            lambda _on: QTimer.singleShot(0, w, w.keep_panels))
    w.editor.panel_wanted.connect(w.panel_layout.show_by_hand)  # Ctrl+L, Ctrl+Shift+P
    a.back_up.triggered.connect(w.backup_actions.back_up_now)
    a.restore_backup.triggered.connect(w.backup_actions.restore_from_backup)
    a.export_key.triggered.connect(w.backup_actions.export_key)
    a.history.triggered.connect(w.history.show_case)
    a.compare.triggered.connect(lambda: compare_selected(w))
    w.case_list.set_menu_actions([a.open, a.compare, None, a.export_selected, a.save_pdfs,
                                  None, a.trash, a.restore])
    _connect_state_signals(w)
    _connect_reliability(w)


def _connect_state_signals(w: MainWindow) -> None:
    s = w.session
    s.opened.connect(w._on_case_opened)
    s.saved.connect(w._on_case_saved)
    s.closed.connect(w._on_case_closed)
    s.opened.connect(lambda _case: w.panel_layout.case_opened())
    s.closed.connect(w.panel_layout.case_closed)
    s.state_changed.connect(w._update_actions)
    s.message.connect(lambda text: show_fitted(w.statusBar(), text))
    s.working.connect(lambda text: show_now(w.statusBar(), text))
    s.long_message.connect(lambda text, full: show_fitted(w.statusBar(), text, full))
    w.case_list.open_requested.connect(w._open_case)
    w.search_panel.open_requested.connect(w._open_case)
    for said in (w.search_panel.message, w.search_panel.saved.message):  # saved: a delete
        said.connect(lambda text: show_fitted(w.statusBar(), text))  # and how to undo it
    w.case_list.trash_toggle.toggled.connect(w._update_actions)
    w.case_list.table.selectionModel().selectionChanged.connect(w._update_actions)
    w.case_model.total_changed.connect(w._on_total_changed)
    w.case_model.modelReset.connect(w._update_actions)
    w.editor.undo_stack.canUndoChanged.connect(w._update_actions)
    w.editor.undo_stack.canRedoChanged.connect(w._update_actions)
    notice = getattr(w.editor, "notice", None)
    if notice is not None:  # an age of 93 typed, stored as ≥90: said in the status bar too
        notice.connect(lambda text: show_fitted(w.statusBar(), text))
    problems_changed = getattr(w.editor, "problems_changed", None)
    if problems_changed is not None:  # Lock follows the Problems panel's last evaluation
        problems_changed.connect(w._update_actions)
        w.editor.problems_shown.connect(w._update_actions)  # Lock's tip names its key if hidden
    w.transfers.imported.connect(w.case_model.reload)
    replaced: dict[str, str] = {}  # the open case replaced by an import: said in its stead
    w.transfers.imported.connect(lambda: replaced.update(note=refresh_replaced_case(w)))
    w.transfers.done.connect(
        lambda text: show_fitted(w.statusBar(), replaced.pop("note", "") or text))
    w.transfers.done.connect(  # an import whose undo failed: saves are refused
        lambda _text: w.banner.show_refused(w.casebook.ctx.writes_refused))
    w.dataset_exports.done.connect(lambda text: show_fitted(w.statusBar(), text))
    w.kits.done.connect(lambda text: show_fitted(w.statusBar(), text))
    w.pdf_batches.done.connect(lambda text: show_fitted(w.statusBar(), text))
    w.pdf_batches.running_changed.connect(w._update_actions)


def _connect_reliability(w: MainWindow) -> None:
    say = w._say  # never a bound method of the status bar's wrapper (issue 14)
    w.editor.field_history_requested.connect(w.history.show_field)
    w.backup_actions.restored.connect(w.case_model.reload)
    w.backup_actions.done.connect(lambda text: say(text, 8000))
    w.demo_offer.filled.connect(lambda _text: w.case_model.reload())
    w.demo_offer.filled.connect(lambda text: say(text, 8000))
    w.case_model.total_changed.connect(w.demo_offer.on_total_changed)
